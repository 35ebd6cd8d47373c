package io.payloadoffload.postgres.internal;

import io.payloadoffload.exception.PayloadStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * The stored bytes of one payload, fetched one chunk at a time. Each chunk is one short query on a
 * connection borrowed from the pool and returned at once, so a slow reader holds no connection and
 * at most one chunk in memory. The stream ends after the record's stored size at the latest, so
 * chunks grown by damage cannot push extra bytes at the reader; the checksum then tells the damage.
 * Not thread-safe.
 */
public final class ChunkInputStream extends InputStream {
  private final DataSource dataSource;
  private final Timeouts timeouts;
  private final Schema schema;
  private final String payloadId;
  private final int chunkCount;
  private long remaining;
  private byte[] chunk = new byte[0];
  private int position;
  private int nextSeq;
  private boolean closed;

  /**
   * Creates the stream. Chunks after {@code firstChunk} are read only when the reader reaches them.
   *
   * @param dataSource where the chunks are
   * @param timeouts the store's time limits, so that a chunk query on a stalled database ends
   * @param schema the store's schema
   * @param payloadId the payload
   * @param chunkCount how many chunks the payload has
   * @param storedSizeBytes the payload's stored size: the most bytes this stream returns
   * @param firstChunk chunk 0 when it was read with the header (not copied, never changed), or
   *     {@code null} to fetch it like the others
   */
  public ChunkInputStream(DataSource dataSource, Timeouts timeouts, Schema schema, String payloadId,
      int chunkCount, long storedSizeBytes, byte[] firstChunk) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.payloadId = Objects.requireNonNull(payloadId, "payloadId");
    this.chunkCount = chunkCount;
    this.remaining = storedSizeBytes;
    if (firstChunk != null && chunkCount > 0) {
      this.chunk = firstChunk;
      this.nextSeq = 1;
    }
  }

  /**
   * Makes pgjdbc server-prepare a statement on its first execution and receive its results in binary.
   * By default pgjdbc runs the first four executions of a statement unprepared, and an unprepared
   * statement's {@code bytea} results arrive as hex text: twice the bytes on the wire, plus decoding.
   * A connection configured with {@code prepareThreshold=0} (the setting for poolers that cannot
   * keep server-prepared statements) is left as it is.
   *
   * @param statement a statement of the PostgreSQL driver, possibly wrapped by a pool
   * @throws SQLException if the statement is closed
   */
  public static void forceBinaryResults(PreparedStatement statement) throws SQLException {
    if (statement.isWrapperFor(PGStatement.class)
        && statement.getConnection().unwrap(PGConnection.class).getPrepareThreshold() != 0) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    remaining--;
    return chunk[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = (int) Math.min(Math.min(len, chunk.length - position), remaining);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    remaining -= n;
    return n;
  }

  @Override
  public int available() {
    return closed ? 0 : (int) Math.min(chunk.length - position, remaining);
  }

  @Override
  public void close() {
    closed = true;
    chunk = new byte[0];
  }

  private boolean fill() throws IOException {
    if (closed) {
      throw new IOException("the stream of payload " + payloadId + " is closed");
    }
    if (remaining <= 0) {
      return false;
    }
    while (position == chunk.length) {
      if (nextSeq >= chunkCount) {
        return false;
      }
      chunk = fetch(nextSeq++);
      position = 0;
    }
    return true;
  }

  private byte[] fetch(int seq) throws IOException {
    String sql = "SELECT data FROM " + schema.table("payload_chunks") + " WHERE payload_id = ? AND seq = ?";
    try (Timeouts.Lease lease = timeouts.borrow(dataSource);
        PreparedStatement ps = timeouts.prepare(lease.connection(), sql)) {
      forceBinaryResults(ps);
      ps.setString(1, payloadId);
      ps.setInt(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IOException("Chunk " + seq + " of payload " + payloadId + " is missing: the payload"
              + " was deleted or swept while it was being read.");
        }
        return rs.getBytes(1);
      }
    } catch (SQLException e) {
      PayloadStoreException error =
          SqlErrors.translate(e, "read chunk " + seq + " of", payloadId, schema.name());
      throw new IOException(error.getMessage(), error);
    }
  }
}

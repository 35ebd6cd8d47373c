package io.payloadoffload.postgres.internal;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The alternative the store does not use: chunks written with one
 * {@code COPY ... FROM STDIN (FORMAT binary)} per payload through pgjdbc's {@code CopyManager}, the
 * chunk bytes going to the socket as they are read. Kept for {@code ChunkWriteComparison}, which
 * measured it slower than {@link InsertChunkWriter}.
 */
public final class CopyChunkWriter implements ChunkWriter {
  private static final byte[] HEADER = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, // signature
      0, 0, 0, 0, // flags: no OIDs
      0, 0, 0, 0}; // header extension length
  private static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};
  private static final short FIELDS = 3;

  @Override
  public Written write(Connection connection, Timeouts timeouts, Schema schema, String payloadId,
      InputStream source, int chunkSizeBytes) throws SQLException, SourceException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY "
        + schema.table("payload_chunks") + " (payload_id, seq, data) FROM STDIN (FORMAT binary)");
    try {
      byte[] id = payloadId.getBytes(StandardCharsets.UTF_8);
      ByteBuffer tuple = ByteBuffer.allocate(2 + 4 + id.length + 4 + 4 + 4);
      byte[] buffer = new byte[chunkSizeBytes];
      copy.writeToCopy(HEADER, 0, HEADER.length);
      int seq = 0;
      long bytes = 0;
      int n;
      while ((n = ChunkWriter.readChunk(source, buffer)) > 0) {
        tuple.clear();
        tuple.putShort(FIELDS).putInt(id.length).put(id).putInt(4).putInt(seq).putInt(n);
        copy.writeToCopy(tuple.array(), 0, tuple.position());
        copy.writeToCopy(buffer, 0, n);
        seq++;
        bytes += n;
      }
      copy.writeToCopy(TRAILER, 0, TRAILER.length);
      copy.endCopy();
      return new Written(seq, bytes);
    } finally {
      if (copy.isActive()) {
        cancelQuietly(copy);
      }
    }
  }

  private static void cancelQuietly(CopyIn copy) {
    try {
      copy.cancelCopy();
    } catch (SQLException ignored) {
      // The transaction is rolled back next; a failed cancel changes nothing about the outcome.
    }
  }
}

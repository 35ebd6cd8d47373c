package io.payloadoffload.postgres.internal;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes chunks with a batched {@code INSERT}, executing the batch every {@value #BATCH} chunks so
 * memory holds at most that many. Stateless and thread-safe.
 */
public final class InsertChunkWriter implements ChunkWriter {
  static final int BATCH = 4;

  @Override
  public Written write(Connection connection, Schema schema, String payloadId, InputStream source,
      int chunkSizeBytes) throws SQLException, SourceException {
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO "
        + schema.table("payload_chunks") + " (payload_id, seq, data) VALUES (?, ?, ?)")) {
      int seq = 0;
      long bytes = 0;
      int pending = 0;
      while (true) {
        byte[] buffer = new byte[chunkSizeBytes];
        int n = ChunkWriter.readChunk(source, buffer);
        if (n == 0) {
          break;
        }
        ps.setString(1, payloadId);
        ps.setInt(2, seq);
        ps.setBytes(3, n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n));
        ps.addBatch();
        seq++;
        bytes += n;
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
      return new Written(seq, bytes);
    }
  }
}

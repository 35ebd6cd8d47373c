package io.payloadoffload.postgres.internal;

import io.payloadoffload.exception.PayloadOffloadException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes a payload's stored bytes as rows of {@code payload_chunks}, inside the caller's transaction,
 * reading the source one chunk at a time.
 */
public interface ChunkWriter {

  /**
   * Reads {@code source} to its end and writes it as chunks {@code 0..n-1}.
   *
   * @param connection a connection inside an open transaction
   * @param timeouts the store's time limits, for the statements the writer prepares
   * @param schema the store's schema
   * @param payloadId the payload the chunks belong to; its header row exists already
   * @param source the stored bytes
   * @param chunkSizeBytes the size of every chunk but the last
   * @return what was written
   * @throws SQLException if the database fails
   * @throws SourceException if reading {@code source} fails
   */
  Written write(Connection connection, Timeouts timeouts, Schema schema, String payloadId, InputStream source,
      int chunkSizeBytes) throws SQLException, SourceException;

  /**
   * Reads the next chunk: fills {@code buffer} unless the source ends first. Writers call this until
   * it returns 0, so the source always sees its end, which completes a streamed record.
   *
   * @param source the stored bytes
   * @param buffer the chunk buffer
   * @return the bytes read; 0 at the end of the source
   * @throws SourceException if the source throws
   * @throws PayloadOffloadException unchanged, when the body reports the caller's failure (its
   *     stream broke, or held too much): that is not the store's to translate
   */
  static int readChunk(InputStream source, byte[] buffer) throws SourceException {
    try {
      return source.readNBytes(buffer, 0, buffer.length);
    } catch (PayloadOffloadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SourceException(e);
    }
  }

  /**
   * How much a {@link ChunkWriter} wrote.
   *
   * @param chunks the number of chunk rows
   * @param bytes the number of stored bytes
   */
  record Written(int chunks, long bytes) {}

  /** Reading the caller's stream failed; the cause is what the stream threw. */
  final class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    SourceException(Throwable cause) {
      super(cause);
    }
  }
}

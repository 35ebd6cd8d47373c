package io.payloadoffload;

import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.PayloadIntegrityException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A payload's stored bytes as the store holds them: compressed with {@link PayloadEnvelope#compression()},
 * neither decoded nor checked against the checksum. The count is checked: a store that returns fewer or
 * more bytes than {@link PayloadEnvelope#storedSizeBytes()} makes {@code read} throw
 * {@link PayloadIntegrityException} instead of reporting the end of the stream. Whoever decodes the bytes
 * verifies {@link PayloadEnvelope#checksum()} on the original bytes. Not thread-safe.
 */
public final class StoredBytesStream extends FilterInputStream {
  private final PayloadEnvelope envelope;
  private Runnable atEnd;

  StoredBytesStream(InputStream in, PayloadEnvelope envelope, Runnable atEnd) {
    super(in);
    this.envelope = envelope;
    this.atEnd = atEnd;
  }

  @Override
  public int read() throws IOException {
    return ended(super.read());
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return ended(super.read(b, off, len));
  }

  /** Runs {@code atEnd} once, the first time the stream reports its end (the stored size confirmed). */
  private int ended(int result) {
    if (result < 0 && atEnd != null) {
      Runnable run = atEnd;
      atEnd = null;
      run.run();
    }
    return result;
  }

  /**
   * What this stream holds: id, original and stored sizes, compression, content type, checksum of the
   * original bytes, expiry.
   *
   * @return the envelope of the stored payload
   */
  public PayloadEnvelope envelope() {
    return envelope;
  }
}

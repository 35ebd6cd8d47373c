package io.payloadoffload;

import io.payloadoffload.exception.PayloadIntegrityException;

import io.payloadoffload.envelope.PayloadEnvelope;
import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * The original bytes of a resolved payload, decompressed as they are read. The checksum is verified
 * when the end is reached: a mismatch throws {@link PayloadIntegrityException} from {@code read}
 * instead of reporting end of stream, so a caller that reads to the end never accepts wrong bytes.
 * Not thread-safe.
 */
public final class PayloadStream extends FilterInputStream {
  private final PayloadEnvelope envelope;

  /**
   * Wraps a verified stream.
   *
   * @param in the verifying stream
   * @param envelope what the stream holds
   */
  PayloadStream(InputStream in, PayloadEnvelope envelope) {
    super(in);
    this.envelope = envelope;
  }

  /**
   * What this stream holds: id, size, content type, checksum, expiry.
   *
   * @return the envelope of the stored payload
   */
  public PayloadEnvelope envelope() {
    return envelope;
  }
}

package io.payloadoffload;

/**
 * The payload is larger than {@link OffloadConfig#maxPayloadBytes()} (or, for a resolver or client,
 * larger than the size it accepts). It is raised before any I/O, so nothing was stored.
 */
public class PayloadTooLargeException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** The payload size in bytes. */
  private final long sizeBytes;
  /** The limit in bytes. */
  private final long limitBytes;

  /**
   * Creates the exception.
   *
   * @param sizeBytes the payload's size, or a lower bound of it for a stream
   * @param limitBytes the limit it passed
   */
  public PayloadTooLargeException(long sizeBytes, long limitBytes) {
    super("Payload of " + sizeBytes + " bytes exceeds the limit of " + limitBytes + " bytes."
        + " Split the payload, or raise MESSAGE_BUS_MAX_PAYLOAD_MB.", null, null);
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  /**
   * Creates the exception for a routing policy's rejection.
   *
   * @param sizeBytes the payload's size, or a lower bound of it for a stream
   * @param limitBytes the limit it passed
   * @param reason the policy's reason, without payload bytes
   */
  public PayloadTooLargeException(long sizeBytes, long limitBytes, String reason) {
    super("Payload of " + sizeBytes + " bytes was rejected: " + reason + ". Split the payload, or route"
        + " it differently.", null, null);
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  /**
   * The payload's size.
   *
   * @return bytes; for a stream, the number read when the limit was passed
   */
  public long getSizeBytes() {
    return sizeBytes;
  }

  /**
   * The limit that was passed.
   *
   * @return bytes
   */
  public long getLimitBytes() {
    return limitBytes;
  }
}

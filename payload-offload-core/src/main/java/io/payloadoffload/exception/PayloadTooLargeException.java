package io.payloadoffload.exception;

/**
 * The payload is larger than {@link io.payloadoffload.OffloadConfig#maxPayloadBytes()} (or, for a resolver or client,
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
    this("Payload of " + sizeBytes + " bytes exceeds the limit of " + limitBytes + " bytes."
        + " Split the payload, or raise maxPayloadBytes.", null, sizeBytes, limitBytes);
  }

  /**
   * Creates the exception with the raiser's own message, for a limit that the caller lifts some other
   * way than {@code maxPayloadBytes} (a resolver's array limit is lifted by streaming the payload).
   *
   * @param message what happened, which payload, and what to do about it; without payload bytes
   * @param payloadId the payload involved, or {@code null} when there is none
   * @param sizeBytes the payload's size, or a lower bound of it for a stream
   * @param limitBytes the limit it passed
   */
  public PayloadTooLargeException(String message, String payloadId, long sizeBytes, long limitBytes) {
    super(message, payloadId, null);
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
    this("Payload of " + sizeBytes + " bytes was rejected: " + reason + ". Split the payload, or route"
        + " it differently.", null, sizeBytes, limitBytes);
  }

  /**
   * The payload's size.
   *
   * @return bytes; for a stream, the number read when the limit was passed
   */
  public long sizeBytes() {
    return sizeBytes;
  }

  /**
   * The limit that was passed.
   *
   * @return bytes
   */
  public long limitBytes() {
    return limitBytes;
  }
}

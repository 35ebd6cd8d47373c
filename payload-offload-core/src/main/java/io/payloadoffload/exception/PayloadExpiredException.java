package io.payloadoffload.exception;

import java.time.Instant;

/** The payload exists but its time to live has passed; it will be removed by the next sweep. */
public class PayloadExpiredException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** When the payload expired. */
  private final Instant expiredAt;

  /**
   * Creates the exception.
   *
   * @param payloadId the expired payload
   * @param expiredAt when it expired
   */
  public PayloadExpiredException(String payloadId, Instant expiredAt) {
    super("Payload " + payloadId + " expired at " + expiredAt + ". Ask the sender to send it again,"
        + " or raise the offloader's OffloadConfig.ttl if clients fetch late.", payloadId, null);
    this.expiredAt = expiredAt;
  }

  /**
   * When the payload expired.
   *
   * @return the expiry instant recorded when it was stored
   */
  public Instant expiredAt() {
    return expiredAt;
  }
}

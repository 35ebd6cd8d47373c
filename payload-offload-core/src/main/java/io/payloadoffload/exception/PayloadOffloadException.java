package io.payloadoffload.exception;

import java.util.Optional;

/**
 * The root of every exception this library throws. It is unchecked, like Failsafe's and Jackson's
 * runtime errors, so callers catch exactly the subclasses they can act on.
 *
 * <p>Each subclass carries its context through accessors; {@link #payloadId()} names the payload
 * involved where there is one. Instances are immutable and safe to share between threads.
 */
public class PayloadOffloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The payload involved, or null. */
  private final String payloadId;

  /**
   * Creates an exception.
   *
   * @param message what happened, which payload, and what to do about it
   * @param payloadId the payload involved, or {@code null} when there is none
   * @param cause the underlying error, or {@code null}
   */
  public PayloadOffloadException(String message, String payloadId, Throwable cause) {
    super(message, cause);
    this.payloadId = payloadId;
  }

  /**
   * The transaction id of the payload this error is about.
   *
   * @return the id ({@code txn_} plus 32 hex digits), or empty when the error concerns no single
   *     stored payload
   */
  public Optional<String> payloadId() {
    return Optional.ofNullable(payloadId);
  }
}

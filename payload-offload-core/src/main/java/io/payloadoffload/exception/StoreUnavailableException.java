package io.payloadoffload.exception;

/**
 * The store could not be used: it failed after all retries, timed out, or the circuit breaker is
 * open, and the payload could not be delivered inline instead (fallback off, or the payload is
 * larger than {@link io.payloadoffload.OffloadConfig#maxInlineBytes()}).
 *
 * <p>The payload was not stored and not delivered. The caller still holds it and decides: retry
 * later, or report the failure to the peer. {@link #getCause()} holds the last store error.
 */
public class StoreUnavailableException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do about it
   * @param payloadId the id the payload would have had, or {@code null}
   * @param cause the last store error, or {@code null} when the breaker rejected the call
   */
  public StoreUnavailableException(String message, String payloadId, Throwable cause) {
    super(message, payloadId, cause);
  }
}

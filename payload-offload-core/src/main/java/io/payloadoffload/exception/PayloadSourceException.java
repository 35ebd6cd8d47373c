package io.payloadoffload.exception;

/**
 * Reading the caller's own payload failed: the {@link java.io.InputStream} given to
 * {@link io.payloadoffload.PayloadOffloader#offload(java.io.InputStream,
 * io.payloadoffload.OffloadContext)} threw while the offloader read
 * it. Nothing was stored and nothing was delivered. This is the caller's error, not the store's: it
 * never counts toward opening the circuit breaker. {@link #getCause()} holds the stream's exception.
 */
public class PayloadSourceException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do about it
   * @param payloadId the id the payload would have had, or {@code null} if none was given yet
   * @param cause the stream's exception
   */
  public PayloadSourceException(String message, String payloadId, Throwable cause) {
    super(message, payloadId, cause);
  }
}

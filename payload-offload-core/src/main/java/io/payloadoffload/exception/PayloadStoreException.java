package io.payloadoffload.exception;

/**
 * A {@link io.payloadoffload.spi.PayloadStore} operation failed. Stores translate their own driver
 * errors into this type, so no JDBC or client-library type crosses the SPI.
 *
 * <p>{@link #isRetryable()} tells the core's retry policy whether trying again may succeed (a lost
 * connection, a serialization failure) or not (a full store, a constraint violation).
 */
public class PayloadStoreException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** Whether trying again may succeed. */
  private final boolean retryable;

  /**
   * Creates a store error.
   *
   * @param message what happened, which payload, and what to do about it; the offloader logs it, with
   *     what may be data or a secret removed, when a store call fails
   * @param payloadId the payload involved, or {@code null}
   * @param retryable whether the same call may succeed if tried again
   * @param cause the driver's error, or {@code null}
   */
  public PayloadStoreException(String message, String payloadId, boolean retryable, Throwable cause) {
    super(message, payloadId, cause);
    this.retryable = retryable;
  }

  /**
   * Whether the same operation may succeed if it is tried again.
   *
   * @return {@code true} for transient failures (connection lost, timeout, serialization conflict),
   *     {@code false} for permanent ones
   */
  public boolean isRetryable() {
    return retryable;
  }
}

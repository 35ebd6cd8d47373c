package io.payloadoffload;

import io.payloadoffload.exception.PayloadOffloadException;

import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;

/**
 * Observes what the offloader and resolver do, for metrics and logs. Every method has a no-op
 * default. Methods are called on the thread doing the work, so they must be fast and thread-safe; an
 * exception thrown from a listener is logged at WARN and otherwise ignored.
 *
 * <p>Listeners never receive payload contents. The module {@code payload-offload-micrometer} has one that publishes Micrometer metrics.
 */
public interface OffloadListener {

  /** What was being done when something failed. */
  enum Operation {
    /** {@link PayloadOffloader} storing a payload. */
    OFFLOAD,
    /** {@link PayloadResolver} reading a payload. */
    RESOLVE
  }

  /**
   * A payload was delivered inline because it was small enough or offloading is disabled.
   *
   * @param context the payload's context
   * @param sizeBytes its size
   */
  default void onInline(OffloadContext context, long sizeBytes) {}

  /**
   * A payload was stored and an envelope delivered in its place.
   *
   * @param context the payload's context
   * @param envelope the envelope sent
   * @param storeLatency how long the store took, retries included
   */
  default void onOffloaded(OffloadContext context, PayloadEnvelope envelope, Duration storeLatency) {}

  /**
   * A payload was delivered inline because the store was unavailable.
   *
   * @param context the payload's context
   * @param sizeBytes its size
   * @param cause the store error or breaker rejection
   */
  default void onFallback(OffloadContext context, long sizeBytes, Throwable cause) {}

  /**
   * A payload was resolved and its bytes verified.
   *
   * @param envelope the payload's envelope
   * @param latency from the request to the verified end of the bytes
   */
  default void onResolved(PayloadEnvelope envelope, Duration latency) {}

  /**
   * An offload or resolve ended in an exception that is about to reach the caller.
   *
   * @param operation what was being done
   * @param error the exception thrown to the caller
   */
  default void onFailure(Operation operation, PayloadOffloadException error) {}

  /**
   * The circuit breaker changed state.
   *
   * @param from the previous state
   * @param to the new state
   */
  default void onCircuitStateChange(CircuitState from, CircuitState to) {}
}

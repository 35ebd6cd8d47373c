package io.payloadoffload.internal;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import io.payloadoffload.CircuitState;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadStoreException;
import io.payloadoffload.PayloadTooLargeException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The resilience policies around store calls, in the order of the design: each attempt is bounded by
 * a timeout, retryable failures are retried with backoff and jitter, and the circuit breaker sees one
 * result per call, after its retries. Thread-safe; one instance per offloader, so the breaker's state
 * is per node.
 */
public final class StoreGuard {
  private final CircuitBreaker<Object> breaker;
  private final FailsafeExecutor<Object> replayable;
  private final FailsafeExecutor<Object> once;

  /**
   * Creates the policies.
   *
   * @param config timeouts, retries and breaker settings
   * @param onStateChange called with (from, to) whenever the breaker changes state
   */
  public StoreGuard(OffloadConfig config, BiConsumer<CircuitState, CircuitState> onStateChange) {
    this.breaker = config.circuitBreakerEnabled()
        ? CircuitBreaker.builder()
            .handleIf(e -> !(e instanceof PayloadTooLargeException))
            .withFailureThreshold(config.failureThreshold())
            .withDelay(config.openDuration())
            .withSuccessThreshold(1)
            .onOpen(e -> onStateChange.accept(from(e), CircuitState.OPEN))
            .onHalfOpen(e -> onStateChange.accept(from(e), CircuitState.HALF_OPEN))
            .onClose(e -> onStateChange.accept(from(e), CircuitState.CLOSED))
            .build()
        : null;
    Timeout<Object> timeout = Timeout.builder(config.storeTimeout()).withInterrupt().build();
    RetryPolicy<Object> retry = RetryPolicy.builder()
        .handleIf(StoreGuard::isRetryable)
        .withMaxRetries(config.maxRetries())
        .withBackoff(config.retryDelay(), config.retryMaxDelay())
        .withJitter(0.5)
        .build();
    this.replayable = breaker == null
        ? Failsafe.with(retry).compose(timeout)
        : Failsafe.with(breaker).compose(retry).compose(timeout);
    this.once = breaker == null ? Failsafe.none() : Failsafe.with(breaker);
  }

  /**
   * Runs a store call that may be repeated (its input can be read again): timeout, retries, breaker.
   *
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws RuntimeException the call's own exception, {@link TimeoutExceededException}, or
   *     {@link dev.failsafe.CircuitBreakerOpenException}
   */
  public <T> T call(Supplier<T> call) {
    return replayable.get(call::get);
  }

  /**
   * Runs a store call that must not be repeated (it consumes a one-shot stream): breaker only, no
   * retries and no timeout, since a large stream may legitimately take long.
   *
   * @param call the call
   * @throws RuntimeException the call's own exception, or
   *     {@link dev.failsafe.CircuitBreakerOpenException}
   */
  public void runOnce(Runnable call) {
    once.run(call::run);
  }

  /**
   * The breaker's state. After the open duration it stays {@link CircuitState#OPEN} until the next
   * call probes the store.
   *
   * @return the state; {@link CircuitState#CLOSED} when the breaker is disabled
   */
  public CircuitState state() {
    return breaker == null ? CircuitState.CLOSED : map(breaker.getState());
  }

  private static boolean isRetryable(Throwable e) {
    return e instanceof TimeoutExceededException
        || (e instanceof PayloadStoreException && ((PayloadStoreException) e).isRetryable());
  }

  private static CircuitState from(CircuitBreakerStateChangedEvent e) {
    return map(e.getPreviousState());
  }

  private static CircuitState map(CircuitBreaker.State s) {
    switch (s) {
      case OPEN:
        return CircuitState.OPEN;
      case HALF_OPEN:
        return CircuitState.HALF_OPEN;
      default:
        return CircuitState.CLOSED;
    }
  }
}

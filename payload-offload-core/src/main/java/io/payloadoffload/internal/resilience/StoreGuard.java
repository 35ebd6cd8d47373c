package io.payloadoffload.internal.resilience;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import io.payloadoffload.CircuitState;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadSourceException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.internal.concurrent.Threads;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience policies around store calls, in the order of the design: each attempt is bounded by
 * a timeout, retryable failures are retried with backoff and jitter, and the circuit breaker sees one
 * result per call, after its retries. Thread-safe; one instance per offloader, so the breaker's state
 * is per node.
 *
 * <p>Replayable calls run on threads of the guard's own, so that the caller's wait is bounded by the
 * timeout even when a store call ignores interrupts and does not return (a JDBC read on a stalled
 * database does both). An attempt that outlives its timeout is interrupted and left to finish on its
 * thread; if the caller gave up on the whole call and such an attempt stored the payload after all,
 * the guard runs the call's undo action, so a payload never reported as delivered does not stay behind.
 * No Failsafe type leaves this class: timeouts and an open breaker become this library's exceptions.
 * Failed and recovered calls are reported to a {@link StoreFailureLog}.
 */
public final class StoreGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreGuard.class);

  private final CircuitBreaker<Object> breaker;
  private final FailsafeExecutor<Object> replayable;
  private final FailsafeExecutor<Object> once;
  private final ExecutorService attempts;
  private final Duration timeout;
  private final long budgetNanos;
  private final StoreFailureLog failures;

  /**
   * Creates the policies.
   *
   * @param config timeouts, retries and breaker settings
   * @param onStateChange called with (from, to) whenever the breaker changes state
   * @param log where failed store calls are reported, rate-limited (see {@link StoreFailureLog})
   */
  public StoreGuard(OffloadConfig config, BiConsumer<CircuitState, CircuitState> onStateChange,
      Logger log) {
    this.failures = new StoreFailureLog(log, System::nanoTime);
    this.breaker = config.circuitBreakerEnabled()
        ? CircuitBreaker.builder()
            .handleIf(e -> !isCallersFault(e))
            .withFailureThreshold(config.failureThreshold())
            .withDelay(config.openDuration())
            .withSuccessThreshold(1)
            .onOpen(e -> onStateChange.accept(from(e), CircuitState.OPEN))
            .onHalfOpen(e -> onStateChange.accept(from(e), CircuitState.HALF_OPEN))
            .onClose(e -> onStateChange.accept(from(e), CircuitState.CLOSED))
            .build()
        : null;
    this.timeout = config.storeTimeout();
    this.budgetNanos = Math.addExact(Math.multiplyExact(config.maxRetries() + 1L, timeout.toNanos()),
        Math.multiplyExact((long) config.maxRetries(), config.retryMaxDelay().toNanos()));
    RetryPolicy<Object> retry = RetryPolicy.builder()
        .handleIf(StoreGuard::isRetryable)
        .withMaxRetries(config.maxRetries())
        .withBackoff(config.retryDelay(), config.retryMaxDelay())
        .withJitter(0.5)
        .build();
    this.attempts = Threads.elasticDaemonPool("payload-offload-store");
    this.replayable = breaker == null ? Failsafe.with(retry) : Failsafe.with(breaker).compose(retry);
    this.once = breaker == null ? Failsafe.none() : Failsafe.with(breaker);
  }

  /**
   * Runs a store call that may be repeated (its input can be read again): timeout, retries, breaker.
   * Each attempt is waited for at most {@code storeTimeout}, and the whole call at most
   * {@code (maxRetries + 1) * storeTimeout + maxRetries * retryMaxDelay} from its start, whether or not
   * the attempts return: time lost between attempts (a backoff that overslept, a thread scheduled
   * late) shortens the last wait rather than lengthening the call.
   *
   * @param id the payload's id, for errors
   * @param call the call; it may run more than once, and on another thread
   * @param undo run on another thread for each attempt that stored the payload while the caller was
   *     told that the call failed (a late attempt, or one whose result came after its timeout); it
   *     must be idempotent and must not throw
   * @param <T> the result type
   * @return the call's result
   * @throws PayloadStoreException the call's own error, or a retryable one for a timeout
   * @throws StoreUnavailableException if the circuit breaker rejected the call
   * @throws RuntimeException any other unchecked exception the call threw
   */
  public <T> T call(String id, Supplier<T> call, Runnable undo) {
    Outcome outcome = new Outcome(undo);
    long deadline = System.nanoTime() + budgetNanos;
    T result;
    try {
      result = replayable.get(() -> attempt(id, call, outcome, deadline));
    } catch (RuntimeException e) {
      outcome.gaveUp();
      throw failed(id, e);
    }
    failures.succeeded();
    return result;
  }

  /**
   * One attempt on a thread of the guard's, waited for at most the timeout and never past the call's
   * deadline. A timed-out attempt is interrupted and left to end on its own thread.
   */
  private <T> T attempt(String id, Supplier<T> call, Outcome outcome, long deadline) {
    if (deadline - System.nanoTime() <= 0) {
      throw timedOut(id);
    }
    Future<T> attempt;
    try {
      attempt = attempts.submit(() -> {
        T value = call.get();
        outcome.stored();
        return value;
      });
    } catch (RejectedExecutionException e) {
      throw new PayloadStoreException("The offloader is closed; payload " + id + " was not stored.", id,
          false, null);
    }
    try {
      long wait = Math.min(timeout.toNanos(), deadline - System.nanoTime());
      return attempt.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      attempt.cancel(true);
      throw timedOut(id);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw (RuntimeException) cause;
    } catch (InterruptedException e) {
      attempt.cancel(true);
      Thread.currentThread().interrupt();
      throw new PayloadStoreException("Interrupted while storing payload " + id
          + "; it was not stored.", id, false, null);
    }
  }

  /**
   * Runs a store call that must not be repeated (it consumes a one-shot stream) on the caller's
   * thread: breaker only, no retries and no timeout, since a large stream may legitimately take long.
   * A stalled store is bounded by the store's own timeouts here.
   *
   * @param id the payload's id, for errors
   * @param call the call
   * @throws StoreUnavailableException if the circuit breaker rejected the call
   * @throws RuntimeException the call's own exception
   */
  public void runOnce(String id, Runnable call) {
    try {
      once.run(call::run);
    } catch (RuntimeException e) {
      throw failed(id, e);
    }
    failures.succeeded();
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

  /**
   * Whether the store is known to be unavailable: the breaker is open and its open duration has not
   * passed. When it has passed, the next call probes the store, so this is {@code false} again.
   *
   * @return {@code true} while calls would be rejected without reaching the store
   */
  public boolean isKnownDown() {
    return breaker != null && breaker.isOpen() && !breaker.getRemainingDelay().isZero();
  }

  /**
   * Stops the attempt threads once their calls end; an attempt still blocked in the store keeps its
   * thread until the store's own timeout ends it. Idempotent.
   */
  @Override
  public void close() {
    attempts.shutdown();
  }

  private PayloadStoreException timedOut(String id) {
    return new PayloadStoreException("The payload store did not answer within " + timeout
        + " while storing payload " + id + ".", id, true, null);
  }

  /**
   * A failed call: reports a failure of the store itself to the {@link StoreFailureLog}, never a
   * rejection by the open breaker (logged when it opened) or the caller's own fault.
   */
  private RuntimeException failed(String id, RuntimeException e) {
    if (!(e instanceof CircuitBreakerOpenException || isCallersFault(e))) {
      failures.failed(id, e);
    }
    return translate(id, e);
  }

  private static boolean isCallersFault(Throwable e) {
    return e instanceof PayloadTooLargeException || e instanceof PayloadSourceException;
  }

  private static RuntimeException translate(String id, RuntimeException e) {
    if (e instanceof CircuitBreakerOpenException) {
      return new StoreUnavailableException("The payload store's circuit breaker is open after repeated"
          + " failures, so payload " + id + " was not sent to the store.", id, null);
    }
    return e;
  }

  /**
   * Whether an attempt stored the payload and whether the caller gave up, so that every payload stored
   * while its caller was told of a failure is undone, on a thread that may block.
   */
  private final class Outcome {
    private final Runnable undo;
    private boolean stored;
    private boolean gaveUp;

    Outcome(Runnable undo) {
      this.undo = undo;
    }

    /** Called on an attempt's thread when the store call returned. */
    void stored() {
      synchronized (this) {
        stored = true;
        if (!gaveUp) {
          return;
        }
      }
      undo.run();
    }

    /** Called on the caller's thread when the call failed, before the caller is told. */
    void gaveUp() {
      synchronized (this) {
        gaveUp = true;
        if (!stored) {
          return;
        }
      }
      try {
        attempts.execute(undo);
      } catch (RejectedExecutionException e) {
        LOG.debug("guard closed; a late-stored payload is left to its TTL");
      }
    }
  }

  private static boolean isRetryable(Throwable e) {
    return e instanceof PayloadStoreException && ((PayloadStoreException) e).isRetryable();
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

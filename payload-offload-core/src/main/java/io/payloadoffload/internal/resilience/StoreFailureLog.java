package io.payloadoffload.internal.resilience;

import io.payloadoffload.exception.PayloadStoreException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Makes a store outage loud without flooding the log: the first failed store call is logged at WARN
 * at once, later ones at most once per {@link #INTERVAL} (with the number of failures since the last
 * WARN), the rest at DEBUG; the first success after failures is logged at INFO. Thread-safe.
 *
 * <p>A line names the payload id, the exception's class and, for a {@link PayloadStoreException}, its
 * message with anything that may be data or a secret removed ({@link Redaction}): a store writes it
 * for operators, but it may quote a driver. The message of any other exception is left out.
 */
public final class StoreFailureLog {
  /** The shortest time between two WARN lines about failed store calls: one minute. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);
  /** The most characters of a store's message a line quotes: {@value}. */
  static final int MESSAGE_CHARS = 300;

  private final Logger log;
  private final LongSupplier nanoTime;
  private long lastWarnNanos;
  private boolean warnedOnce;
  private long failuresSinceWarn;
  /** Written under the lock; read without it so that a success costs one volatile read. */
  private volatile long failuresSinceSuccess;

  /**
   * A log that writes to the given logger.
   *
   * @param log where the lines go
   * @param nanoTime the clock that spaces WARN lines, {@code System::nanoTime} outside tests
   */
  public StoreFailureLog(Logger log, LongSupplier nanoTime) {
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /**
   * Records a store call that failed after its retries.
   *
   * @param id the payload's id
   * @param cause what the call threw
   */
  public void failed(String id, Throwable cause) {
    long now = nanoTime.getAsLong();
    long suppressed;
    synchronized (this) {
      failuresSinceSuccess++;
      if (warnedOnce && now - lastWarnNanos < INTERVAL.toNanos()) {
        failuresSinceWarn++;
        suppressed = -1;
      } else {
        suppressed = failuresSinceWarn;
        failuresSinceWarn = 0;
        lastWarnNanos = now;
        warnedOnce = true;
      }
    }
    if (suppressed < 0) {
      log.debug("Payload store call for payload {} failed: {}", id, describe(cause));
    } else if (suppressed == 0) {
      log.warn("Payload store call for payload {} failed (offloads fall back inline where the routing"
          + " policy allows; further failures are logged at most once a minute): {}", id, describe(cause));
    } else {
      log.warn("Payload store call for payload {} failed ({} more failed since the last such warning):"
          + " {}", id, suppressed, describe(cause));
    }
  }

  /** Records a store call that succeeded; logs the recovery once after failures. */
  public void succeeded() {
    if (failuresSinceSuccess == 0) {
      return;
    }
    long failures;
    synchronized (this) {
      failures = failuresSinceSuccess;
      if (failures == 0) {
        return;
      }
      failuresSinceSuccess = 0;
      failuresSinceWarn = 0;
      warnedOnce = false;
    }
    log.info("Payload store calls succeed again after {} failed calls", failures);
  }

  private static String describe(Throwable cause) {
    if (cause instanceof PayloadStoreException) {
      PayloadStoreException e = (PayloadStoreException) cause;
      return cause.getClass().getSimpleName() + (e.isRetryable() ? " (retryable): " : ": ")
          + cap(String.valueOf(Redaction.scrub(cause.getMessage())));
    }
    return cause.getClass().getName();
  }

  private static String cap(String text) {
    return text.length() <= MESSAGE_CHARS ? text : text.substring(0, MESSAGE_CHARS - 1) + "…";
  }
}

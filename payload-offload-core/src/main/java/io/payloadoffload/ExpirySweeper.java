package io.payloadoffload;

import io.payloadoffload.exception.PayloadStoreException;

import io.payloadoffload.spi.PayloadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired payloads from a {@link PayloadStore}, on demand with {@link #sweepNow()} or every
 * {@link #DEFAULT_INTERVAL} (configurable) on one daemon thread named {@value #THREAD_NAME} once
 * {@link #start()} is called. Stores make {@link PayloadStore#deleteExpired} safe on many nodes at
 * once, so every node may run a sweeper.
 *
 * <p>A failing scheduled sweep is logged at WARN, once per failure and without payload contents, and
 * the next sweep runs at the next interval as usual. Build one with {@link #builder()}.
 *
 * <p>Thread-safe: {@link #sweepNow()}, {@link #start()} and {@link #close()} may be called from any
 * thread. The sweeper does not own the store: {@link #close()} stops the thread but leaves the store
 * open.
 */
public final class ExpirySweeper implements AutoCloseable {
  /** Default time between two scheduled sweeps: 5 minutes. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  /** Default most payloads deleted by one {@link PayloadStore#deleteExpired} call: {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 1000;
  /** Name of the thread {@link #start()} creates: {@value}. */
  public static final String THREAD_NAME = "payload-offload-sweeper";

  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
  /** How long {@link #close()} waits for a running sweep, before and after interrupting it. */
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final PayloadStore store;
  private final Duration interval;
  private final int batchSize;
  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private Thread thread;
  /** Guarded by {@link #lock}. */
  private boolean closed;

  private ExpirySweeper(Builder b) {
    this.store = b.store;
    this.interval = b.interval;
    this.batchSize = b.batchSize;
    this.clock = b.clock;
  }

  /**
   * A new builder.
   *
   * @return a builder with interval {@link #DEFAULT_INTERVAL}, batch size {@value #DEFAULT_BATCH_SIZE}
   *     and the UTC system clock; the store must be set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts sweeping every interval on a daemon thread named {@value #THREAD_NAME}. The first sweep
   * runs one interval after this call, and each next one an interval after the previous ended.
   *
   * @throws IllegalStateException if the sweeper was started or closed already
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the expiry sweeper is closed; build a new one to sweep again");
      }
      if (thread != null) {
        throw new IllegalStateException("the expiry sweeper was started already");
      }
      thread = new Thread(this::runScheduled, THREAD_NAME);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Deletes every payload that is expired at the clock's current instant, in batches: it calls
   * {@link PayloadStore#deleteExpired} until one call deletes fewer than the batch size. Runs on the
   * calling thread; it may run while a scheduled sweep runs, since stores allow concurrent sweeps.
   *
   * @return how many payloads this call deleted
   * @throws PayloadStoreException if the store fails; payloads deleted before the failure stay deleted
   */
  public long sweepNow() {
    return sweep(false);
  }

  /**
   * Stops the sweeper thread, waiting briefly for a running sweep to end and interrupting it if it
   * does not. Idempotent; does not close the store.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
    }
    stopped.countDown();
    if (t == null) {
      return;
    }
    try {
      t.join(CLOSE_WAIT_MILLIS);
      if (t.isAlive()) {
        t.interrupt();
        t.join(CLOSE_WAIT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The time between two scheduled sweeps.
   *
   * @return the interval; default {@link #DEFAULT_INTERVAL}
   */
  public Duration interval() {
    return interval;
  }

  /**
   * The most payloads one {@link PayloadStore#deleteExpired} call deletes.
   *
   * @return the batch size; default {@value #DEFAULT_BATCH_SIZE}
   */
  public int batchSize() {
    return batchSize;
  }

  private void runScheduled() {
    try {
      while (!stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
        try {
          long deleted = sweep(true);
          if (deleted > 0) {
            LOG.debug("Deleted {} expired payloads", deleted);
          }
        } catch (RuntimeException e) {
          LOG.warn("Sweeping expired payloads failed; trying again in {}", interval, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** With {@code scheduled}, a close between two batches ends the sweep early. */
  private long sweep(boolean scheduled) {
    Instant now = clock.instant();
    long total = 0;
    long deleted;
    do {
      deleted = store.deleteExpired(now, batchSize);
      total += deleted;
    } while (deleted >= batchSize && !(scheduled && stopped.getCount() == 0));
    return total;
  }

  /** Builds an {@link ExpirySweeper}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private PayloadStore store;
    private Duration interval = DEFAULT_INTERVAL;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the store to sweep. Required.
     *
     * @param store the store; the sweeper does not close it
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     */
    public Builder store(PayloadStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the time between two scheduled sweeps.
     *
     * @param interval a positive duration; default {@link #DEFAULT_INTERVAL}
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("interval must be > 0: " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * Sets the most payloads one {@link PayloadStore#deleteExpired} call deletes.
     *
     * @param batchSize at least 1; default {@value #DEFAULT_BATCH_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if {@code batchSize} is less than 1
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the clock that tells which payloads are expired.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the sweeper; it does not sweep until {@link ExpirySweeper#start()} or
     * {@link ExpirySweeper#sweepNow()} is called.
     *
     * @return a new sweeper
     * @throws IllegalStateException if no store was set
     */
    public ExpirySweeper build() {
      if (store == null) {
        throw new IllegalStateException("store is required");
      }
      return new ExpirySweeper(this);
    }
  }
}

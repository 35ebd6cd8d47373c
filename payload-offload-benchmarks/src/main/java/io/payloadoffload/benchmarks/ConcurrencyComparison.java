package io.payloadoffload.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Comparison 5: several threads offloading the same payload for a fixed time, one path at a time,
 * through the shared pool. Not thread-safe itself; runs its own worker threads.
 */
public final class ConcurrencyComparison {
  private ConcurrencyComparison() {}

  /**
   * Measures one path's throughput: {@code threads} threads call {@link StoragePath#offload} in a
   * loop; offloads completed during {@code duration}, after {@code warmup}, are counted.
   *
   * @param path the path
   * @param payload the payload every thread offloads
   * @param threads how many threads
   * @param warmup time before counting starts
   * @param duration time counted
   * @return offloads per second
   * @throws IllegalStateException if an offload failed
   */
  public static Throughput measure(StoragePath<?> path, Payload payload, int threads,
      Duration warmup, Duration duration) {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong completed = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          while (!stop.get()) {
            path.offload(payload);
            completed.incrementAndGet();
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          stop.set(true);
        }
      }, "bench-concurrency-" + i);
      workers.add(t);
      t.start();
    }
    long before;
    long start;
    long after;
    long end;
    try {
      Thread.sleep(warmup.toMillis());
      before = completed.get();
      start = System.nanoTime();
      Thread.sleep(duration.toMillis());
      after = completed.get();
      end = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring " + path.name(), e);
    } finally {
      stop.set(true);
      workers.forEach(ConcurrencyComparison::join);
    }
    if (failure.get() != null) {
      throw new IllegalStateException(path.name() + " failed under load: " + failure.get(), failure.get());
    }
    return new Throughput(path.name(), threads, after - before, (end - start) / 1e9);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One side's result.
   *
   * @param path the path's name
   * @param threads how many threads offloaded
   * @param offloads offloads completed while counting
   * @param seconds how long counting lasted
   */
  public record Throughput(String path, int threads, long offloads, double seconds) {

    /**
     * Offloads per second.
     *
     * @return the throughput
     */
    public double perSecond() {
      return offloads / seconds;
    }
  }
}

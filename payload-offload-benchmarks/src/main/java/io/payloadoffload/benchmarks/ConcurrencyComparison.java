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
  /**
   * Slices each side's measured time is cut into: {@value}. The sides take turns slice by slice
   * ({@link SideBySide#inTurns}), so that a checkpoint or a change of the shared machine's load falls
   * on both alike; with two halves per side, the ratio moved between 0.76 and 0.96 from one run to the
   * next.
   */
  static final int SLICES = 6;
  /** The longest warm-up before a slice; the JIT has compiled both sides by then. */
  private static final Duration SLICE_WARMUP = Duration.ofSeconds(1);

  private ConcurrencyComparison() {}

  /**
   * Measures two paths side by side: an untimed warm-up of each, then {@value #SLICES} slices of each,
   * the paths taking turns in an order reversed every turn, the tables emptied after every slice.
   *
   * @param first the first path (the library)
   * @param second the second path (the baseline)
   * @param payload the payload every thread offloads
   * @param threads how many threads per path
   * @param warmup the first warm-up of each path
   * @param duration time counted per path, cut into slices
   * @param clearTables empties the tables
   * @return the two paths' throughputs, summed over their slices, in argument order
   * @throws IllegalStateException if an offload failed
   */
  public static List<Throughput> compare(StoragePath<?> first, StoragePath<?> second, Payload payload,
      int threads, Duration warmup, Duration duration, Runnable clearTables) {
    List<StoragePath<?>> paths = List.of(first, second);
    for (StoragePath<?> path : paths) {
      measure(path, payload, threads, warmup, Duration.ZERO);
      clearTables.run();
    }
    Duration slice = duration.dividedBy(SLICES);
    Duration sliceWarmup = sliceWarmup(warmup);
    long[] offloads = new long[2];
    double[] seconds = new double[2];
    SideBySide.inTurns(paths, SLICES, path -> {
      Throughput t = measure(path, payload, threads, sliceWarmup, slice);
      int side = paths.indexOf(path);
      offloads[side] += t.offloads();
      seconds[side] += t.seconds();
      clearTables.run();
    });
    return List.of(new Throughput(first.name(), threads, offloads[0], seconds[0]),
        new Throughput(second.name(), threads, offloads[1], seconds[1]));
  }

  /**
   * The warm-up before each slice: the first warm-up, at most {@link #SLICE_WARMUP}.
   *
   * @param warmup the first warm-up of each path
   * @return the warm-up per slice
   */
  static Duration sliceWarmup(Duration warmup) {
    return warmup.compareTo(SLICE_WARMUP) < 0 ? warmup : SLICE_WARMUP;
  }

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

package io.payloadoffload.benchmarks;

import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.spi.PayloadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Comparison 6: how fast the store's sweeper deletes expired payloads, and how long a {@code put}
 * running at the same time waits. Not thread-safe itself; runs its own threads.
 */
public final class SweeperBenchmark {
  /** Payloads deleted per {@link PayloadStore#deleteExpired} call: {@value}. */
  public static final int BATCH_SIZE = 1_000;

  private static final int FILL_THREADS = 8;
  private static final OffloadContext CONTEXT = OffloadContext.of(LibraryPath.SESSION, "sweeper");

  private SweeperBenchmark() {}

  /**
   * Stores {@code rows} payloads that expired a day ago, measures single puts for
   * {@code baselineWindow}, then sweeps while one thread keeps putting.
   *
   * @param store the store
   * @param config the offloader configuration; its threshold must be below 2 KiB
   * @param rows how many expired payloads to delete
   * @param baselineWindow how long to measure puts before sweeping
   * @return the result
   * @throws IllegalStateException if the sweep deleted a different number of payloads
   */
  public static Result run(PayloadStore store, OffloadConfig config, int rows, Duration baselineWindow) {
    byte[] small = ToolOutput.bytes(ToolOutput.tree(Settings.SEED, 2048));
    long fillSeconds = fill(store, config, rows, small);

    PayloadOffloader live = PayloadOffloader.builder().store(store).config(config).build();
    Putter putter = new Putter(live, small);
    Thread putterThread = new Thread(putter, "bench-sweeper-put");
    putterThread.start();
    long sweepStart;
    long sweepEnd;
    long deleted = 0;
    try {
      Thread.sleep(baselineWindow.toMillis());
      Instant now = Instant.now();
      sweepStart = System.nanoTime();
      long batch;
      do {
        batch = store.deleteExpired(now, BATCH_SIZE);
        deleted += batch;
      } while (batch == BATCH_SIZE);
      sweepEnd = System.nanoTime();
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sweeping", e);
    } finally {
      putter.stop.set(true);
      join(putterThread);
    }
    if (putter.failure != null) {
      throw new IllegalStateException("a put failed during the sweep: " + putter.failure, putter.failure);
    }
    if (deleted != rows) {
      throw new IllegalStateException("the sweep deleted " + deleted + " payloads, expected " + rows);
    }
    return new Result(rows, fillSeconds / 1e9, (sweepEnd - sweepStart) / 1e9,
        putter.baseline(sweepStart), putter.longestDuring(sweepStart, sweepEnd));
  }

  private static long fill(PayloadStore store, OffloadConfig config, int rows, byte[] payload) {
    // Created three days ago with the default 48 h TTL: expired one day ago.
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-3));
    PayloadOffloader expired = PayloadOffloader.builder().store(store).config(config).clock(past).build();
    ExecutorService pool = Executors.newFixedThreadPool(FILL_THREADS);
    long start = System.nanoTime();
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < FILL_THREADS; t++) {
        int count = rows / FILL_THREADS + (t < rows % FILL_THREADS ? 1 : 0);
        parts.add(pool.submit(() -> {
          for (int i = 0; i < count; i++) {
            if (expired.offload(payload, CONTEXT).mode() != Delivery.Mode.REFERENCE) {
              throw new IllegalStateException("a sweeper payload was not stored");
            }
          }
        }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while filling", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("filling the store failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return System.nanoTime() - start;
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Puts one small payload after another, remembering when each started and ended. */
  private static final class Putter implements Runnable {
    private final PayloadOffloader offloader;
    private final byte[] payload;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<long[]> puts = new ArrayList<>();
    private volatile RuntimeException failure;

    Putter(PayloadOffloader offloader, byte[] payload) {
      this.offloader = offloader;
      this.payload = payload;
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          long start = System.nanoTime();
          offloader.offload(payload, CONTEXT);
          long end = System.nanoTime();
          synchronized (puts) {
            puts.add(new long[] {start, end});
          }
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    PutLatency baseline(long before) {
      long[] latencies;
      synchronized (puts) {
        latencies = puts.stream().filter(p -> p[1] <= before).mapToLong(p -> p[1] - p[0]).sorted().toArray();
      }
      if (latencies.length == 0) {
        return new PutLatency(0, 0, 0);
      }
      return new PutLatency(latencies.length, latencies[latencies.length / 2] / 1e6,
          latencies[latencies.length - 1] / 1e6);
    }

    PutLatency longestDuring(long from, long to) {
      long[] latencies;
      synchronized (puts) {
        latencies = puts.stream().filter(p -> p[1] >= from && p[0] <= to)
            .mapToLong(p -> p[1] - p[0]).sorted().toArray();
      }
      if (latencies.length == 0) {
        return new PutLatency(0, 0, 0);
      }
      return new PutLatency(latencies.length, latencies[latencies.length / 2] / 1e6,
          Arrays.stream(latencies).max().getAsLong() / 1e6);
    }
  }

  /**
   * Latencies of the concurrent puts in one window.
   *
   * @param puts how many puts overlapped the window
   * @param medianMillis their median
   * @param maxMillis the longest
   */
  public record PutLatency(int puts, double medianMillis, double maxMillis) {}

  /**
   * What the sweep measured.
   *
   * @param rows expired payloads deleted
   * @param fillSeconds time to store them, with 8 threads
   * @param sweepSeconds time to delete them
   * @param putsBefore concurrent puts before the sweep
   * @param putsDuring concurrent puts that overlapped the sweep
   */
  public record Result(int rows, double fillSeconds, double sweepSeconds, PutLatency putsBefore,
      PutLatency putsDuring) {

    /**
     * Deletion rate.
     *
     * @return payloads deleted per second
     */
    public double rowsPerSecond() {
      return rows / sweepSeconds;
    }
  }
}

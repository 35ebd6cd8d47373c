package io.payloadoffload.internal.concurrent;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A sequential pass over bytes (a checksum, a compressor) that runs on another core while the
 * calling thread is still producing those bytes: a resolve checksums what it has decompressed so
 * far, an offload compresses what it has serialized so far. The producer {@link #publish}es each
 * range of bytes as it becomes ready; the pass follows behind, one range at a time, in order.
 *
 * <p>Whoever gets to the pass first runs it. If no pool thread has started it by the time the
 * producer calls {@link #finish()}, the producer runs the whole pass itself, so a busy pool never
 * makes a caller wait on a queue; if a pool thread has, the producer waits only for the ranges that
 * thread has left. A producer that fails calls {@link #abandon()}, which stops the pass before its
 * next range and waits until it has stopped, so the caller can then free what the pass used.
 *
 * <p>With a single processor nothing is handed to a pool: the producer runs the pass in
 * {@link #finish()}. A pool thread that has caught up spins for up to about a tenth of a
 * millisecond before it sleeps, and so does a producer waiting in {@link #finish()}: the next range
 * is usually that close, and waking a sleeping thread costs more. One producer thread per instance.
 */
public final class BackgroundPass {
  /** One step of the pass, called in order over the published ranges. */
  @FunctionalInterface
  public interface Step {
    /**
     * Processes {@code bytes[from, to)}.
     *
     * @param bytes the array the range was published in
     * @param from the range's first byte
     * @param to one past the range's last byte
     * @throws IOException if the step fails; the producer gets it from {@link #finish()}
     */
    void accept(byte[] bytes, int from, int to) throws IOException;
  }

  /**
   * Null with a single processor, where a second thread could only slow the producer down, and when
   * {@link FastPaths#BACKGROUND_PASS} is off.
   */
  private static final ExecutorService POOL = FastPaths.BACKGROUND_PASS
      && Runtime.getRuntime().availableProcessors() > 1
      ? Threads.daemonPool("payload-offload-pass", Runtime.getRuntime().availableProcessors())
      : null;
  /** {@link Thread#onSpinWait()} calls before sleeping: 5,000 take roughly 0.1 ms. */
  private static final int SPINS = 5000;

  private final Step step;
  private final FutureTask<Void> task = new FutureTask<>(() -> {
    run();
    return null;
  });
  private final Object lock = new Object();
  private final ArrayDeque<Range> pending = new ArrayDeque<>();
  private boolean ended;
  private boolean abandoned;
  private boolean submitted;
  /** Ranges published so far, or -1 once no more will come; read by a spinning pass. */
  private volatile int publishedRanges;

  /**
   * A pass that has not started yet; the first {@link #publish} hands it to the pool.
   *
   * @param step what to run over each published range
   */
  public BackgroundPass(Step step) {
    this.step = step;
  }

  /**
   * Hands {@code bytes[from, to)} to the pass, after every range published before. The bytes must
   * not change until the pass is finished.
   *
   * @param bytes the producer's array
   * @param from the range's first byte
   * @param to one past its last byte
   */
  public void publish(byte[] bytes, int from, int to) {
    publish(bytes, from, to, false);
  }

  /**
   * Publishes the last range: the pass can end without waiting for {@link #finish()}, so a producer
   * that fails before calling it leaves no pool thread waiting.
   *
   * @param bytes the producer's array
   * @param from the range's first byte
   * @param to one past its last byte
   */
  public void publishLast(byte[] bytes, int from, int to) {
    publish(bytes, from, to, true);
  }

  private void publish(byte[] bytes, int from, int to, boolean last) {
    int count;
    synchronized (lock) {
      if (to > from) {
        pending.add(new Range(bytes, from, to));
      }
      ended |= last;
      count = ended ? -1 : to > from ? publishedRanges + 1 : publishedRanges;
      lock.notifyAll();
    }
    publishedRanges = count;
    if (!submitted && POOL != null) {
      submitted = true;
      try {
        POOL.execute(task);
      } catch (RejectedExecutionException e) {
        // finish() runs it on the producer's thread.
      }
    }
  }

  /**
   * Declares the bytes complete and returns when the pass has been over all of them: runs the pass
   * here if no pool thread has started it, else waits for that thread.
   *
   * @throws IOException if a step failed
   */
  public void finish() throws IOException {
    end(false);
    try {
      join();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("the background pass failed", cause);
    }
  }

  /**
   * Stops the pass before its next range and waits until it has stopped; a step that failed is
   * ignored. Call it when the producer gives up, before freeing anything the steps use.
   */
  public void abandon() {
    end(true);
    try {
      join();
    } catch (ExecutionException | CancellationException e) {
      // The producer is failing already; its own exception is the one to report.
    }
  }

  private void end(boolean abandon) {
    synchronized (lock) {
      ended = true;
      abandoned |= abandon;
      lock.notifyAll();
    }
    publishedRanges = -1;
  }

  private void join() throws ExecutionException {
    task.run();
    for (int spin = 0; spin < SPINS && !task.isDone(); spin++) {
      Thread.onSpinWait();
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() throws IOException {
    boolean interrupted = false;
    try {
      int taken = 0;
      while (true) {
        for (int spin = 0; spin < SPINS && publishedRanges == taken; spin++) {
          Thread.onSpinWait();
        }
        Range range;
        synchronized (lock) {
          while (pending.isEmpty() && !ended) {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          if (abandoned || pending.isEmpty()) {
            return;
          }
          range = pending.poll();
        }
        step.accept(range.bytes, range.from, range.to);
        taken++;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Range {
    final byte[] bytes;
    final int from;
    final int to;

    Range(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.from = from;
      this.to = to;
    }
  }
}

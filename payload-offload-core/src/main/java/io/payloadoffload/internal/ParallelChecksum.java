package io.payloadoffload.internal;

import io.payloadoffload.codec.ChecksumAlgorithm;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Checksums a payload on another core while the calling thread compresses it: the two passes over
 * the bytes are independent, and for a payload of a megabyte or more each takes milliseconds.
 * Whoever gets to the task first runs it, so when the pool is busy the caller simply computes the
 * checksum itself after compressing, and nothing ever waits on a queue.
 */
public final class ParallelChecksum {
  /** Payloads smaller than this ({@value} bytes) are checksummed on the calling thread. */
  static final int MIN_PARALLEL_BYTES = 256 * 1024;

  private static final ExecutorService POOL = Threads.daemonPool("payload-offload-checksum",
      Math.max(1, Runtime.getRuntime().availableProcessors()));

  private final FutureTask<String> task;

  private ParallelChecksum(FutureTask<String> task) {
    this.task = task;
  }

  /**
   * Starts checksumming.
   *
   * @param algorithm the algorithm
   * @param data the original bytes; must not change until {@link #join()} returns
   * @return the running checksum
   */
  public static ParallelChecksum start(ChecksumAlgorithm algorithm, byte[] data) {
    FutureTask<String> task = new FutureTask<>(() -> Checksummer.of(algorithm, data));
    if (data.length >= MIN_PARALLEL_BYTES) {
      try {
        POOL.execute(task);
      } catch (RejectedExecutionException e) {
        // The caller runs it in join().
      }
    }
    return new ParallelChecksum(task);
  }

  /**
   * The checksum: runs it here if no pool thread has started it, else waits for that thread.
   *
   * @return the formatted checksum
   */
  public String join() {
    task.run();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("computing the checksum failed", e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

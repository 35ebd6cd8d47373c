package io.payloadoffload.internal.integrity;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.internal.concurrent.BackgroundPass;
import io.payloadoffload.internal.concurrent.FastPaths;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Checksums bytes on another core while the calling thread does the other pass over them: the
 * offloader compresses while the checksum runs, the resolver decompresses block by block while the
 * checksum follows the blocks already written. For a payload of a megabyte or more each pass takes
 * milliseconds. Runs as a {@link BackgroundPass}, so a busy pool never makes a caller wait on a
 * queue.
 */
public final class ParallelChecksum {
  /** Payloads smaller than this ({@value} bytes) are checksummed on the calling thread. */
  static final int MIN_PARALLEL_BYTES = 256 * 1024;

  private final Checksummer checksummer;
  private final BackgroundPass pass;
  private byte[] small;

  private ParallelChecksum(ChecksumAlgorithm algorithm) {
    this.checksummer = Checksummer.of(algorithm);
    this.pass = new BackgroundPass((b, from, to) -> checksummer.update(b, from, to - from));
  }

  /**
   * Starts checksumming a whole array; one smaller than {@link #MIN_PARALLEL_BYTES} is checksummed
   * in {@link #join()} on the calling thread.
   *
   * @param algorithm the algorithm
   * @param data the original bytes; must not change until {@link #join()} returns
   * @return the running checksum
   */
  public static ParallelChecksum start(ChecksumAlgorithm algorithm, byte[] data) {
    ParallelChecksum sum = new ParallelChecksum(algorithm);
    if (FastPaths.PARALLEL_CHECKSUM && data.length >= MIN_PARALLEL_BYTES) {
      sum.pass.publishLast(data, 0, data.length);
    } else {
      sum.small = data;
    }
    return sum;
  }

  /**
   * A checksum of bytes still being produced: {@link #publish} them as they become ready.
   *
   * @param algorithm the algorithm
   * @return a checksum that has seen no bytes yet
   */
  public static ParallelChecksum following(ChecksumAlgorithm algorithm) {
    return new ParallelChecksum(algorithm);
  }

  /**
   * Hands the checksum the next range of bytes; see {@link BackgroundPass#publish}.
   *
   * @param data the producer's array
   * @param from the range's first byte
   * @param to one past its last byte
   */
  public void publish(byte[] data, int from, int to) {
    pass.publish(data, from, to);
  }

  /**
   * The checksum of everything published: runs it here if no pool thread has started it, else
   * waits for that thread to finish the rest.
   *
   * @return the formatted checksum
   */
  public String join() {
    try {
      pass.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("a checksum cannot fail to read an array", e);
    }
    if (small != null) {
      checksummer.update(small);
    }
    return checksummer.finish();
  }

  /** Stops checksumming (the producer failed) and waits until the pool thread has let go. */
  public void abandon() {
    pass.abandon();
  }
}

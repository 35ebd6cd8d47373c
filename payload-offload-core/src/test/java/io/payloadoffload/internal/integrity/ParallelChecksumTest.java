package io.payloadoffload.internal.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.codec.ChecksumAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelChecksumTest {

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void givesTheSameChecksumAsTheCallingThreadForSmallAndLargePayloads() {
    for (int size : new int[] {0, 1, ParallelChecksum.MIN_PARALLEL_BYTES - 1, ParallelChecksum.MIN_PARALLEL_BYTES,
        3 << 20}) {
      byte[] data = bytes(size, size);
      for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
        assertThat(ParallelChecksum.start(alg, data).join()).as("%s of %d bytes", alg, size)
            .isEqualTo(Checksummer.of(alg, data));
      }
    }
  }

  @Test
  void manyMoreTasksThanThreadsAllFinishBecauseCallersRunQueuedOnes() {
    List<byte[]> payloads = new ArrayList<>();
    List<ParallelChecksum> started = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] data = bytes(ParallelChecksum.MIN_PARALLEL_BYTES * 2, i);
      payloads.add(data);
      started.add(ParallelChecksum.start(ChecksumAlgorithm.SHA256, data));
    }
    for (int i = 0; i < 64; i++) {
      assertThat(started.get(i).join()).isEqualTo(Checksummer.of(ChecksumAlgorithm.SHA256, payloads.get(i)));
    }
  }

  @Test
  void anInterruptedCallerStillGetsTheChecksumAndKeepsItsInterrupt() {
    byte[] data = bytes(4 << 20, 5);
    ParallelChecksum running = ParallelChecksum.start(ChecksumAlgorithm.CRC32C, data);
    Thread.currentThread().interrupt();
    try {
      assertThat(running.join()).isEqualTo(Checksummer.of(ChecksumAlgorithm.CRC32C, data));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void followingPublishedRangesGivesTheChecksumOfTheWholeArray() {
    byte[] data = bytes(3 << 20, 11);
    for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
      ParallelChecksum sum = ParallelChecksum.following(alg);
      for (int from = 0; from < data.length; from += 100_000) {
        sum.publish(data, from, Math.min(data.length, from + 100_000));
      }
      assertThat(sum.join()).as("%s", alg).isEqualTo(Checksummer.of(alg, data));
    }
  }
}

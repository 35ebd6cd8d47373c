package io.payloadoffload.s3;

import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 1 GiB payload, streamed in and out, in a JVM of {@code -Xmx256m} (its own surefire execution):
 * memory is bounded by part size × concurrency, not by the payload. Prints the peak heap.
 */
class GibibyteStreamTest {
  private static final long GIB = 1024L * 1024 * 1024;

  @RegisterExtension
  static final S3ProxyServer server = new S3ProxyServer();

  @Test
  void aGibibyteRoundTripsInABoundedHeap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("max heap of this JVM").isLessThanOrEqualTo(300L << 20);
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    Instant created = Instant.now();
    PayloadRecord record = PayloadRecord.builder().id(newId()).originalSizeBytes(GIB).storedSizeBytes(GIB)
        .createdAt(created).expiresAt(created.plus(Duration.ofHours(1))).build();
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    try (S3PayloadStore store = server.storeBuilder().partSizeBytes(8L << 20).uploadConcurrency(4).build()) {
      store.put(PayloadBody.of(record, new DigestInputStream(new Generated(GIB, 1), written)));
      MessageDigest read = MessageDigest.getInstance("SHA-256");
      long count = 0;
      try (InputStream in = store.open(record.id()).orElseThrow().openStream()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
          read.update(buffer, 0, n);
          count += n;
        }
      }
      assertThat(count).isEqualTo(GIB);
      assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
      store.delete(record.id());
    }
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.println("GibibyteStreamTest: peak heap (sum of the heap pools' peaks, s3proxy included) "
        + (peak >> 20) + " MiB, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
  }

  /** Pseudo-random bytes of a given length, generated as they are read. */
  private static final class Generated extends InputStream {
    private final SplittableRandom random;
    private long remaining;

    Generated(long length, long seed) {
      this.remaining = length;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          b[off + i + j] = (byte) (v >>> (8 * j));
        }
      }
      remaining -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      remaining = 0;
    }
  }
}

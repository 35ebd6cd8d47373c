package io.payloadoffload.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the store's circuit breaker open, a 40 MiB payload at {@code -Xmx100m} falls back inline, or is
 * rejected with fallback off, through every entry point, without compressing or checksumming it. Runs
 * {@link #main} in a JVM of that heap; each call prints the bytes the JVM's threads allocated during it
 * (com.sun.management.ThreadMXBean), which shows that no compressed copy was made: zstd's output alone
 * would be about the payload's size. For scale, the same call with the store up, which compresses and
 * checksums, is measured on an 8 MiB payload.
 */
class BreakerOpenSmallHeapTest {
  static final int PAYLOAD_BYTES = 40 * 1_048_576;
  static final int CONTROL_BYTES = 8 * 1_048_576;
  /**
   * The payload a stream or a JSON value delivers as a fallback here: 20 MiB. Delivering 40 MiB inline
   * from a stream or a JSON value needs the bytes as read plus one contiguous array of them, which a
   * 100 MiB heap cannot hold; the 40 MiB cases of those entry points are the rejections.
   */
  static final int STREAMED_FALLBACK_BYTES = 20 * 1_048_576;
  /** Characters of each string of the JSON payload: with quotes and a comma, 1 MiB each. */
  static final int CHUNK_CHARS = 1_048_576 - 3;
  private static final String HEAP = "-Xmx100m";
  private static List<String> lines;

  @BeforeAll
  static void runTheSmallHeapJvm() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-cp", System.getProperty("java.class.path"), BreakerOpenSmallHeapTest.class.getName())
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the small-heap JVM ended (a hang guard)").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    lines = text.lines().toList();
  }

  @Test
  void fortyMebibytesFallBackInlineFromAByteArrayWithoutCompressing() {
    assertThat(outcome("bytes-fallback")).isEqualTo("FALLBACK_INLINE identical");
    assertThat(allocated("bytes-fallback")).isLessThan(PAYLOAD_BYTES / 4);
  }

  @Test
  void fortyMebibytesAreRejectedWithoutCompressingWhenFallbackIsOff() {
    assertThat(outcome("bytes-nofallback")).isEqualTo("StoreUnavailableException");
    assertThat(allocated("bytes-nofallback")).isLessThan(PAYLOAD_BYTES / 4);
    assertThat(outcome("stream-nofallback")).isEqualTo("StoreUnavailableException");
    assertThat(allocated("stream-nofallback")).as("only the first thresholdBytes + 1 are read")
        .isLessThan(PAYLOAD_BYTES / 4);
    assertThat(outcome("json-nofallback")).isEqualTo("StoreUnavailableException");
    assertThat(allocated("json-nofallback")).as("serializing, and no compressed copy")
        .isLessThan(PAYLOAD_BYTES + PAYLOAD_BYTES / 4);
  }

  @Test
  void aStreamAndAJsonValueFallBackInlineWithoutCompressing() {
    assertThat(outcome("stream-fallback")).isEqualTo("FALLBACK_INLINE identical");
    assertThat(outcome("json-fallback")).isEqualTo("FALLBACK_INLINE identical");
    assertThat(allocated("stream-fallback")).as("reading the rest, then joining it to the first bytes")
        .isLessThan(4L * STREAMED_FALLBACK_BYTES);
    assertThat(allocated("json-fallback")).as("serializing and joining, and no compressed copy")
        .isLessThan(3L * STREAMED_FALLBACK_BYTES);
  }

  @Test
  void perPayloadByteTheOpenBreakerAllocatesLessThanCompressingDoes() {
    assertThat(outcome("bytes-control")).isEqualTo("REFERENCE");
    assertThat(outcome("stream-control")).isEqualTo("REFERENCE");
    assertThat((double) allocated("bytes-fallback") / PAYLOAD_BYTES)
        .isLessThan((double) allocated("bytes-control") / CONTROL_BYTES);
    assertThat((double) allocated("stream-nofallback") / PAYLOAD_BYTES)
        .isLessThan((double) allocated("stream-control") / CONTROL_BYTES);
  }

  private static String outcome(String scenario) {
    return line(scenario)[1];
  }

  private static long allocated(String scenario) {
    return Long.parseLong(line(scenario)[2]);
  }

  private static String[] line(String scenario) {
    return lines.stream().filter(l -> l.startsWith(scenario + " -> ")).findFirst()
        .map(l -> l.substring(scenario.length() + 4).split(" allocated=", 2))
        .map(parts -> new String[] {scenario, parts[0], parts[1]})
        .orElseThrow(() -> new AssertionError("no line for " + scenario + " in " + lines));
  }

  /**
   * Runs every scenario and prints {@code <scenario> -> <outcome> allocated=<bytes>}.
   *
   * @param args none
   */
  public static void main(String[] args) {
    String chunk = "x".repeat(CHUNK_CHARS);
    try (PayloadOffloader open = openBreaker(false)) {
      run("stream-nofallback", b -> false, () -> open.offload(new Generated(PAYLOAD_BYTES), OffloadContext.empty()));
      run("json-nofallback", b -> false,
          () -> open.offloadJson(Collections.nCopies(PAYLOAD_BYTES / 1_048_576, chunk), OffloadContext.empty()));
    }
    try (PayloadOffloader open = openBreaker(true)) {
      run("stream-fallback", Generated::matches, () -> open.offload(new Generated(STREAMED_FALLBACK_BYTES),
          OffloadContext.empty()));
      run("json-fallback", BreakerOpenSmallHeapTest::isTheJson,
          () -> open.offloadJson(Collections.nCopies(STREAMED_FALLBACK_BYTES / 1_048_576, chunk), OffloadContext.empty()));
    }
    byte[] control = randomBytes();
    try (PayloadOffloader up = PayloadOffloader.builder().store(new InMemoryPayloadStore()).config(config(true))
        .executor(Runnable::run).build()) {
      run("bytes-control", b -> true, () -> up.offload(control, OffloadContext.empty()));
      run("stream-control", b -> true, () -> up.offload(new Generated(CONTROL_BYTES), OffloadContext.empty()));
    }
  }

  /**
   * The byte-array scenarios, the only ones whose caller holds the 40 MiB; returns the first 8 MiB of
   * the payload for the control.
   */
  private static byte[] randomBytes() {
    byte[] payload = new byte[PAYLOAD_BYTES];
    new Random(42).nextBytes(payload);
    for (boolean fallback : new boolean[] {true, false}) {
      try (PayloadOffloader open = openBreaker(fallback)) {
        run("bytes" + (fallback ? "-fallback" : "-nofallback"), b -> Arrays.equals(b, payload),
            () -> open.offload(payload, OffloadContext.empty()));
      }
    }
    return Arrays.copyOf(payload, CONTROL_BYTES);
  }

  /** Whether these are the bytes of the JSON array of 20 strings of {@link #CHUNK_CHARS} x's. */
  private static boolean isTheJson(byte[] b) {
    int element = CHUNK_CHARS + 3;
    if (b.length != 1 + (STREAMED_FALLBACK_BYTES / 1_048_576) * element) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      int k = i == 0 ? -1 : (i - 1) % element;
      byte want = i == 0 ? (byte) '[' : i == b.length - 1 ? (byte) ']'
          : k == 0 || k == CHUNK_CHARS + 1 ? (byte) '"' : k == CHUNK_CHARS + 2 ? (byte) ',' : (byte) 'x';
      if (b[i] != want) {
        return false;
      }
    }
    return true;
  }

  private static OffloadConfig config(boolean fallback) {
    return OffloadConfig.builder().compression(Compression.ZSTD).maxInlineBytes(48L * 1_048_576)
        .fallbackToInline(fallback).failureThreshold(1).maxRetries(0).openDuration(Duration.ofHours(1)).build();
  }

  private static PayloadOffloader openBreaker(boolean fallback) {
    PayloadOffloader offloader = PayloadOffloader.builder().store(new ForwardingPayloadStore(new InMemoryPayloadStore()) {
      @Override
      public void put(PayloadBody body) {
        throw new PayloadStoreException("down (test)", body.header().id(), false, null);
      }
    }).config(config(fallback)).executor(Runnable::run).build();
    try {
      offloader.offload(new byte[2 * 1_048_576], OffloadContext.empty());
    } catch (PayloadOffloadException e) {
      // Without fallback the opening call is rejected too.
    }
    if (offloader.circuitState() != CircuitState.OPEN) {
      throw new IllegalStateException("the breaker did not open");
    }
    return offloader;
  }

  private static void run(String scenario, Predicate<byte[]> expected, Supplier<Delivery> call) {
    System.gc();
    long before = allocatedByAllThreads();
    String outcome;
    try {
      Delivery d = call.get();
      outcome = d.mode().name() + (d.isInline() ? expected.test(d.inlineBytes()) ? " identical" : " different" : "");
    } catch (PayloadOffloadException e) {
      outcome = e.getClass().getSimpleName();
    } catch (OutOfMemoryError e) {
      outcome = "OutOfMemoryError";
    }
    System.out.println(scenario + " -> " + outcome + " allocated=" + (allocatedByAllThreads() - before));
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(n -> n > 0).sum();
  }

  /** A stream of {@code i % 251} bytes, made as it is read, so that the caller holds no copy. */
  static final class Generated extends InputStream {
    private final long size;
    private long position;

    Generated(long size) {
      this.size = size;
    }

    static boolean matches(byte[] b) {
      for (int i = 0; i < b.length; i++) {
        if (b[i] != (byte) (i % 251)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int read() {
      return position < size ? (int) (position++ % 251) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (position++ % 251);
      }
      return n;
    }
  }
}

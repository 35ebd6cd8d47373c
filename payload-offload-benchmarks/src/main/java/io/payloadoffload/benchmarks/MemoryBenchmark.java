package io.payloadoffload.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.postgres.PostgresPayloadStore;
import io.payloadoffload.s3.S3PayloadStore;
import io.payloadoffload.spi.PayloadStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Comparisons 4 (PostgreSQL) and 7 (S3): offload and then resolve a large compressible stream in a
 * JVM limited to {@value #MAX_HEAP}, measuring heap use above the idle baseline. {@link #fork} and
 * {@link #forkS3} start that JVM; {@link #main} is what runs in it. Not thread-safe.
 */
public final class MemoryBenchmark {
  /** The forked JVM's heap limit. */
  public static final String MAX_HEAP = "-Xmx256m";

  private static final String RESULT_PREFIX = "MEMORY-RESULT ";
  private static final String S3_ARGUMENT = "s3";
  private static final long MIB = Settings.MIB;

  private MemoryBenchmark() {}

  /**
   * Runs the memory test in a new JVM with {@value #MAX_HEAP} and this JVM's class path.
   *
   * @param jdbcUrl the database, credentials included
   * @param streamBytes how many bytes to offload and resolve
   * @param timeout how long the forked JVM may take
   * @return what it measured
   * @throws IllegalStateException if the forked JVM failed, timed out or reported no result
   */
  public static Result fork(String jdbcUrl, long streamBytes, Duration timeout) {
    return fork(List.of(jdbcUrl, Long.toString(streamBytes)), timeout);
  }

  /**
   * Runs the memory test on {@code S3PayloadStore} (default part size and upload concurrency) in a
   * new JVM with {@value #MAX_HEAP}; the S3 server runs in a JVM of its own, so the forked heap holds only
   * the library's side.
   *
   * @param endpoint the S3 server ({@link BenchS3})
   * @param keyPrefix the store's key prefix
   * @param streamBytes how many bytes to offload and resolve
   * @param timeout how long the forked JVM may take
   * @return what it measured
   * @throws IllegalStateException if the forked JVM failed, timed out or reported no result
   */
  public static Result forkS3(URI endpoint, String keyPrefix, long streamBytes, Duration timeout) {
    return fork(List.of(S3_ARGUMENT, endpoint.toString(), keyPrefix, Long.toString(streamBytes)), timeout);
  }

  private static Result fork(List<String> args, Duration timeout) {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), MAX_HEAP,
        "-cp", System.getProperty("java.class.path"), MemoryBenchmark.class.getName()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    Deque<String> tail = new ArrayDeque<>();
    String resultLine = null;
    try {
      Process p = pb.start();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith(RESULT_PREFIX)) {
            resultLine = line.substring(RESULT_PREFIX.length());
          }
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the memory test did not finish within " + timeout);
      }
      if (p.exitValue() != 0 || resultLine == null) {
        throw new IllegalStateException("the memory test failed with exit code " + p.exitValue()
            + "; its last output:\n" + String.join("\n", tail));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the memory test JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the memory test", e);
    }
    return Result.parse(resultLine);
  }

  /**
   * The forked JVM's entry point: offloads the given number of bytes of generated JSON from a stream,
   * resolves them with {@code openStream}, checks that the bytes match, and prints one result line.
   *
   * @param args the JDBC URL and the stream size in bytes, or {@code s3}, the S3 endpoint, the key
   *     prefix and the stream size in bytes
   * @throws Exception if anything fails; the exit code is then non-zero
   */
  public static void main(String[] args) throws Exception {
    long bytes = Long.parseLong(args[args.length - 1]);
    if (args[0].equals(S3_ARGUMENT)) {
      try (S3PayloadStore store = BenchS3.storeBuilder(URI.create(args[1]), args[2]).build()) {
        measure(store, bytes);
      }
      return;
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(args[0]);
    hc.setMaximumPoolSize(2);
    hc.setPoolName("bench-memory");
    try (HikariDataSource ds = new HikariDataSource(hc);
         PostgresPayloadStore store = PostgresPayloadStore.builder().dataSource(ds).build()) {
      measure(store, bytes);
    }
  }

  private static void measure(PayloadStore store, long bytes) throws Exception {
    OffloadConfig config = OffloadConfig.builder()
        .maxPayloadBytes(bytes + MIB)
        .fallbackToInline(false)
        .build();
    PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config).build();
    PayloadResolver resolver = PayloadResolver.builder().store(store).build();

    roundTrip(offloader, resolver, 16 * MIB, 1);
    long baseline = idleHeap();
    PeakTracker peaks = PeakTracker.start();

    long t0 = System.nanoTime();
    Trip trip = roundTrip(offloader, resolver, bytes, Settings.SEED);
    long t1 = System.nanoTime();

    peaks.stop();
    Map<String, String> out = new HashMap<>();
    out.put("bytes", Long.toString(bytes));
    out.put("storedBytes", Long.toString(trip.storedBytes));
    out.put("identical", Boolean.toString(trip.identical));
    out.put("offloadSeconds", Double.toString(trip.offloadNanos / 1e9));
    out.put("resolveSeconds", Double.toString((t1 - t0 - trip.offloadNanos) / 1e9));
    out.put("idleBaseline", Long.toString(baseline));
    out.put("peakPoolSum", Long.toString(peaks.poolPeakSum()));
    out.put("peakAfterGc", Long.toString(peaks.afterGc.get()));
    out.put("gcCount", Long.toString(peaks.gcCount.get()));
    out.put("maxHeap", Long.toString(Runtime.getRuntime().maxMemory()));
    System.out.println(RESULT_PREFIX + out.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
  }

  private static Trip roundTrip(PayloadOffloader offloader, PayloadResolver resolver, long bytes,
      long seed) throws IOException {
    MessageDigest sent = MinimalPath.newSha256();
    long t0 = System.nanoTime();
    Delivery d;
    try (InputStream in = new DigestInputStream(ToolOutput.stream(seed, bytes), sent)) {
      d = offloader.offload(in, OffloadContext.of(LibraryPath.SESSION, "memory"));
    }
    long offloadNanos = System.nanoTime() - t0;
    if (d.mode() != Delivery.Mode.REFERENCE) {
      throw new IllegalStateException("the stream was not stored: " + d);
    }
    PayloadEnvelope envelope = d.envelope();
    MessageDigest received = MinimalPath.newSha256();
    long read = 0;
    byte[] buffer = new byte[64 * 1024];
    try (PayloadStream in = resolver.openStream(envelope, LibraryPath.SESSION)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        received.update(buffer, 0, n);
        read += n;
      }
    }
    boolean identical = read == bytes && MessageDigest.isEqual(sent.digest(), received.digest());
    return new Trip(offloadNanos, envelope.storedSizeBytes(), identical);
  }

  private static long idleHeap() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).collect(Collectors.toList());
  }

  private record Trip(long offloadNanos, long storedBytes, boolean identical) {}

  /**
   * Follows heap use: the peak of every heap pool since the start (garbage included), and the
   * highest heap use right after any collection (what was really live).
   */
  private static final class PeakTracker {
    private final AtomicLong afterGc = new AtomicLong();
    private final AtomicLong gcCount = new AtomicLong();
    private final List<MemoryPoolMXBean> pools = heapPools();
    private volatile boolean running = true;

    static PeakTracker start() {
      PeakTracker t = new PeakTracker();
      t.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
          if (t.running && GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (t.isHeapPool(e.getKey())) {
                used += e.getValue().getUsed();
              }
            }
            t.afterGc.accumulateAndGet(used, Math::max);
            t.gcCount.incrementAndGet();
          }
        }, null, null);
      }
      return t;
    }

    boolean isHeapPool(String name) {
      return pools.stream().anyMatch(p -> p.getName().equals(name));
    }

    void stop() {
      running = false;
    }

    long poolPeakSum() {
      return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
  }

  /**
   * What the forked JVM measured. Heap figures are bytes, absolute; subtract
   * {@link #idleBaseline()} for the use above idle.
   *
   * @param bytes the stream's size
   * @param storedBytes its compressed size in the store
   * @param identical whether the resolved bytes matched the offloaded ones (SHA-256 of both)
   * @param offloadSeconds time to offload
   * @param resolveSeconds time to resolve
   * @param idleBaseline heap in use after warm-up and a full collection
   * @param peakPoolSum sum of the heap pools' peaks during the run, garbage included
   * @param peakAfterGc the most heap in use right after a collection during the run
   * @param gcCount collections during the run
   * @param maxHeap the JVM's heap limit
   */
  public record Result(long bytes, long storedBytes, boolean identical, double offloadSeconds,
      double resolveSeconds, long idleBaseline, long peakPoolSum, long peakAfterGc, long gcCount,
      long maxHeap) {

    static Result parse(String line) {
      Map<String, String> m = new HashMap<>();
      for (String part : line.trim().split(" ")) {
        int eq = part.indexOf('=');
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
      return new Result(Long.parseLong(m.get("bytes")), Long.parseLong(m.get("storedBytes")),
          Boolean.parseBoolean(m.get("identical")), Double.parseDouble(m.get("offloadSeconds")),
          Double.parseDouble(m.get("resolveSeconds")), Long.parseLong(m.get("idleBaseline")),
          Long.parseLong(m.get("peakPoolSum")), Long.parseLong(m.get("peakAfterGc")),
          Long.parseLong(m.get("gcCount")), Long.parseLong(m.get("maxHeap")));
    }

    /**
     * Live heap above idle: the target's measure.
     *
     * @return bytes
     */
    public long liveAboveIdle() {
      return peakAfterGc - idleBaseline;
    }

    /**
     * Heap pools' peaks above idle, garbage not yet collected included.
     *
     * @return bytes
     */
    public long poolPeaksAboveIdle() {
      return peakPoolSum - idleBaseline;
    }
  }
}

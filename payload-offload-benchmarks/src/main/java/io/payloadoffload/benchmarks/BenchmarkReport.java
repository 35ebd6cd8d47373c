package io.payloadoffload.benchmarks;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.benchmarks.ConcurrencyComparison.Throughput;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs every comparison and writes {@code benchmarks.md} and {@code benchmarks-chart.svg}.
 *
 * <p>Usage: {@code BenchmarkReport (--full | --quick) --out <directory>}. Not thread-safe.
 */
public final class BenchmarkReport {
  /** Findings about missed targets, kept with the code and appended to the full report. */
  static final String FINDINGS_RESOURCE = "findings.md";

  private final Settings settings;

  /**
   * A run with the given settings.
   *
   * @param settings sizes and durations
   */
  public BenchmarkReport(Settings settings) {
    this.settings = settings;
  }

  /**
   * Runs the benchmarks and writes the report.
   *
   * @param args {@code --full} or {@code --quick}, then {@code --out} and a directory
   * @throws IOException if the report cannot be written
   */
  public static void main(String[] args) throws IOException {
    Settings settings = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--full":
          settings = Settings.full();
          break;
        case "--quick":
          settings = Settings.quick();
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]
              + "; usage: BenchmarkReport (--full | --quick) --out <directory>");
      }
    }
    if (settings == null || out == null) {
      throw new IllegalArgumentException("usage: BenchmarkReport (--full | --quick) --out <directory>");
    }
    Results results = new BenchmarkReport(settings).run();
    write(results, out);
    System.out.println("wrote " + out.resolve("benchmarks.md"));
  }

  /**
   * Writes {@code benchmarks.md} and the chart into a directory, creating it if needed.
   *
   * @param results what was measured
   * @param dir the directory
   * @throws IOException if writing fails
   */
  public static void write(Results results, Path dir) throws IOException {
    Files.createDirectories(dir);
    String notes = results.settings().quickMode() ? "" : findings();
    Files.writeString(dir.resolve("benchmarks.md"), Report.markdown(results, notes), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(Report.CHART_FILE), Chart.svg(results.json()), StandardCharsets.UTF_8);
  }

  /**
   * Runs every comparison.
   *
   * @return the results
   */
  public Results run() {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long t0 = System.nanoTime();
    Machine machine = Machine.current();
    log("payloads");
    List<Payload> json = jsonPayloads(settings);
    Payload binary = Payload.binary(label(settings.binarySize()) + " binary", Settings.SEED,
        settings.binarySize());

    log("JMH inline path");
    List<InlineComparison.Row> inline = InlineComparison.run(settings);
    boolean inlineSame = sameInlineBytes();
    log("JMH fast paths on and off");
    List<FastPathComparison.Row> fastPaths = FastPathComparison.run(settings);

    log("S3: library against the raw SDK path, and a stream in a forked JVM");
    S3Comparison.Result s3 = S3Comparison.run(settings, json);

    try (BenchDatabase db = BenchDatabase.start();
         PostgresPayloadStore store = PostgresPayloadStore.builder().dataSource(db.dataSource()).build()) {
      MinimalPath.createTable(db);
      OriginalDesignPath.createTable(db);
      Runnable clear = () -> clearTables(db);
      clear.run();

      log("memory test in a forked JVM");
      MemoryBenchmark.Result memory = MemoryBenchmark.fork(db.jdbcUrl(), settings.memoryStreamBytes(),
          Duration.ofMinutes(15));
      clear.run();

      OffloadConfig config = OffloadConfig.builder()
          .thresholdBytes(Settings.THRESHOLD_BYTES)
          .fallbackToInline(false)
          .build();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config).build();
           PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
        LibraryPath libBytes = LibraryPath.bytes(offloader, resolver);
        MinimalPath minimal = new MinimalPath(db.dataSource());
        OffloadResolveComparison comparison = new OffloadResolveComparison(List.of(libBytes,
            LibraryPath.json(offloader, resolver), minimal, new OriginalDesignPath(db.dataSource())), clear);

        List<OffloadResolveComparison.Result> jsonResults = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
          log("offload and resolve " + json.get(i).label());
          jsonResults.add(comparison.run(json.get(i), settings.warmupRounds().get(i),
              settings.measuredRounds().get(i)));
        }
        log("offload and resolve " + binary.label());
        OffloadResolveComparison.Result binaryResult = comparison.run(binary,
            settings.warmupRounds().get(json.size()), settings.measuredRounds().get(json.size()));

        log("concurrency");
        Payload oneMib = Payload.json("1 MiB JSON", Settings.SEED + Settings.MIB, Settings.MIB);
        List<Throughput> throughput = ConcurrencyComparison.compare(libBytes, minimal, oneMib,
            settings.concurrencyThreads(), settings.concurrencyWarmup(), settings.concurrencyDuration(), clear);

        log("sweeper");
        SweeperBenchmark.Result sweeper = SweeperBenchmark.run(store,
            config.toBuilder().thresholdBytes(1024).build(), settings.sweeperRows(),
            settings.quickMode() ? Duration.ofMillis(300) : Duration.ofSeconds(3));
        clear.run();

        log("HTTP fetch");
        HttpFetchComparison.Result httpFetch = httpFetch(settings, json);

        return new Results(settings, machine, db.settings(), db.embedded(), started,
            Duration.ofNanos(System.nanoTime() - t0), jsonResults, binaryResult, inline, inlineSame,
            memory, throughput.get(0), throughput.get(1), sweeper, fastPaths, s3,
            httpFetch);
      }
    }
  }

  /**
   * The run's JSON payloads, generated from the fixed seed.
   *
   * @param settings the sizes
   * @return one payload per size, smallest first
   */
  static List<Payload> jsonPayloads(Settings settings) {
    List<Payload> json = new ArrayList<>();
    for (long size : settings.jsonSizes()) {
      json.add(Payload.json(label(size) + " JSON", Settings.SEED + size, size));
    }
    return json;
  }

  /**
   * Comparison 8 on the JSON payloads of at most 10 MiB: 4 client threads and 20 s per path (2 and
   * 0.4 s in quick mode).
   */
  static HttpFetchComparison.Result httpFetch(Settings settings, List<Payload> json) {
    List<Payload> payloads = json.stream().filter(p -> p.bytes().length <= 10 * Settings.MIB + Settings.MIB).toList();
    return settings.quickMode()
        ? HttpFetchComparison.run(payloads, 2, Duration.ofMillis(200), Duration.ofMillis(400))
        : HttpFetchComparison.run(payloads, 4, Duration.ofSeconds(1), Duration.ofSeconds(20));
  }

  private static boolean sameInlineBytes() {
    try {
      return InlineBenchmark.sameBytes(10_240) && InlineBenchmark.sameBytes(102_400);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void clearTables(BenchDatabase db) {
    db.execute("TRUNCATE " + MinimalPath.TABLE + ", " + OriginalDesignPath.TABLE,
        "TRUNCATE payload_offload.payloads CASCADE");
  }

  private static String findings() {
    try (InputStream in = BenchmarkReport.class.getResourceAsStream(FINDINGS_RESOURCE)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String label(long bytes) {
    return bytes % Settings.MIB == 0
        ? bytes / Settings.MIB + " MiB"
        : String.format(Locale.ROOT, "%d KiB", bytes / 1024);
  }

  private static void log(String step) {
    System.out.println("[benchmark] " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + step);
  }
}

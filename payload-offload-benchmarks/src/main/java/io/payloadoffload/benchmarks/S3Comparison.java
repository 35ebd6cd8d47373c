package io.payloadoffload.benchmarks;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.s3.S3PayloadStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Comparison 7: the library on {@code S3PayloadStore} against the raw SDK path ({@link RawS3Path}),
 * side by side on one s3proxy (a child JVM), offload and resolve of the JSON payloads of the run; and a
 * 1 GiB stream (the quick mode's memory stream size in quick mode) through the store in a JVM with
 * {@value MemoryBenchmark#MAX_HEAP}. Not thread-safe.
 */
public final class S3Comparison {
  /** Offload target: the library on S3 takes at most this many times the raw SDK path's time. */
  public static final double OFFLOAD_VS_RAW = 1.15;
  /** Resolve target: the library on S3 takes at most this many times GetObject + decompress + verify. */
  public static final double RESOLVE_VS_RAW = 1.15;
  /** The stream of the full run's S3 memory test: 1 GiB. */
  public static final long FULL_STREAM_BYTES = 1024 * Settings.MIB;
  private static final String PREFIX = "library";

  private S3Comparison() {}

  /**
   * Runs the comparison on a fresh s3proxy.
   *
   * @param settings the run's sizes and rounds (its JSON payloads and their rounds)
   * @param payloads the run's JSON payloads, smallest first
   * @return what was measured
   */
  public static Result run(Settings settings, List<Payload> payloads) {
    try (BenchS3 s3 = BenchS3.start();
         S3PayloadStore store = s3.storeBuilder(PREFIX).build()) {
      OffloadConfig config = OffloadConfig.builder()
          .thresholdBytes(Settings.THRESHOLD_BYTES)
          .fallbackToInline(false)
          .build();
      List<OffloadResolveComparison.Result> results = new ArrayList<>();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config).build();
           PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
        OffloadResolveComparison comparison = new OffloadResolveComparison(List.of(
            LibraryPath.bytes(offloader, resolver), new RawS3Path(s3.client(), BenchS3.BUCKET)), s3::clear);
        for (int i = 0; i < payloads.size(); i++) {
          results.add(comparison.run(payloads.get(i), settings.warmupRounds().get(i),
              settings.measuredRounds().get(i)));
        }
      }
      long streamBytes = settings.quickMode() ? settings.memoryStreamBytes() : FULL_STREAM_BYTES;
      MemoryBenchmark.Result memory = MemoryBenchmark.forkS3(s3.endpoint(), "memory", streamBytes,
          Duration.ofMinutes(15));
      return new Result(results, memory);
    }
  }

  /**
   * Runs only this comparison and prints its section of the report, without writing the report.
   *
   * @param args {@code --full} or {@code --quick}
   */
  public static void main(String[] args) {
    if (args.length != 1 || !(args[0].equals("--full") || args[0].equals("--quick"))) {
      throw new IllegalArgumentException("usage: S3Comparison (--full | --quick)");
    }
    Settings settings = args[0].equals("--full") ? Settings.full() : Settings.quick();
    Result result = run(settings, BenchmarkReport.jsonPayloads(settings));
    StringBuilder md = new StringBuilder("| comparison | measured | target | met |\n|---|---|---|---|\n");
    result.summary().forEach(row -> Report.row(md, (Object[]) row));
    System.out.println(md.append('\n').append(result.markdown()));
  }

  /**
   * What the S3 comparison measured.
   *
   * @param payloads offload and resolve of each JSON payload, smallest first
   * @param memory the stream through the S3 store in a small heap
   */
  public record Result(List<OffloadResolveComparison.Result> payloads, MemoryBenchmark.Result memory) {

    /**
     * The report's summary rows: comparison, measured, target, met.
     *
     * @return the rows
     */
    public List<String[]> summary() {
      List<String[]> rows = new ArrayList<>();
      for (OffloadResolveComparison.Result x : payloads) {
        double ratio = Report.ratio(x.offload(), Results.LIBRARY_BYTES, RawS3Path.NAME);
        rows.add(new String[] {"7. S3 offload " + x.label() + " vs raw SDK", Report.times(ratio),
            "≤ " + Report.times(OFFLOAD_VS_RAW), Report.met(ratio <= OFFLOAD_VS_RAW)});
      }
      for (OffloadResolveComparison.Result x : payloads) {
        double ratio = Report.ratio(x.resolve(), Results.LIBRARY_BYTES, RawS3Path.NAME);
        rows.add(new String[] {"7. S3 resolve " + x.label() + " vs GetObject", Report.times(ratio),
            "≤ " + Report.times(RESOLVE_VS_RAW), Report.met(ratio <= RESOLVE_VS_RAW)});
      }
      rows.add(new String[] {"7. S3 memory, " + Report.mib(memory.bytes()) + " stream in "
          + MemoryBenchmark.MAX_HEAP, Report.mib(memory.liveAboveIdle()) + " live above idle"
          + (memory.identical() ? "" : " (bytes differ!)"), "< " + Report.mib(Results.MEMORY_LIMIT),
          Report.met(memory.identical() && memory.liveAboveIdle() < Results.MEMORY_LIMIT)});
      return rows;
    }

    /**
     * The report's section.
     *
     * @return Markdown, ending with a blank line
     */
    public String markdown() {
      StringBuilder md = new StringBuilder("## 7. S3 (s3proxy)\n\nThe library on `S3PayloadStore` "
          + "(defaults: 8 MiB parts, 4 in flight, Content-MD5) against the least a hand-written claim check "
          + "on S3 does: zstd level 3, SHA-256 and one PutObject of the compressed bytes (checksum and size "
          + "as user metadata); its read is one GetObject, one decompress call and a SHA-256 check. Both "
          + "use the AWS SDK's synchronous client on Apache HttpClient 5 against one s3proxy 2.6.0 in a "
          + "child JVM (transient in-memory blobstore, loopback), side by side in shuffled rounds like "
          + "comparisons 1 and 2. A library put of a payload that fits in one part (8 MiB stored) is 2 PUTs "
          + "and 1 GET: the expiry marker and the check for an existing record, both while the body is "
          + "compressed, then one object holding record and bytes; a resolve is 1 GET. A larger payload is "
          + "a multipart upload followed by a record object, and its resolve 2 GETs (record, data).\n\n"
          + "Median milliseconds.\n\n"
          + "| payload | library offload | raw PutObject | library ÷ raw | target | met "
          + "| library resolve | raw GetObject | library ÷ raw | target | met |\n"
          + "|---|---:|---:|---:|---|---|---:|---:|---:|---|---|\n");
      for (OffloadResolveComparison.Result x : payloads) {
        double offload = Report.ratio(x.offload(), Results.LIBRARY_BYTES, RawS3Path.NAME);
        double resolve = Report.ratio(x.resolve(), Results.LIBRARY_BYTES, RawS3Path.NAME);
        Report.row(md, x.label(), Report.ms(x.offload(), Results.LIBRARY_BYTES),
            Report.ms(x.offload(), RawS3Path.NAME), Report.times(offload), "≤ " + Report.times(OFFLOAD_VS_RAW),
            Report.met(offload <= OFFLOAD_VS_RAW), Report.ms(x.resolve(), Results.LIBRARY_BYTES),
            Report.ms(x.resolve(), RawS3Path.NAME), Report.times(resolve), "≤ " + Report.times(RESOLVE_VS_RAW),
            Report.met(resolve <= RESOLVE_VS_RAW));
      }
      md.append("\nIdentical bytes from both paths: ")
          .append(payloads.stream().allMatch(x -> !x.identical().containsValue(false)) ? "yes" : "**NO**")
          .append(".\n\n")
          .append("A ").append(Report.mib(memory.bytes())).append(" generated JSON stream through "
              + "`offload(InputStream, ...)` into `S3PayloadStore` and back through `openStream`, in a "
              + "forked JVM with `").append(MemoryBenchmark.MAX_HEAP).append("` (s3proxy runs in its "
              + "own JVM), measured as in comparison 4: ").append(Report.mib(memory.storedBytes()))
          .append(" stored, offload ").append(Report.num(memory.offloadSeconds())).append(" s, resolve ")
          .append(Report.num(memory.resolveSeconds())).append(" s, **peak live heap above idle ")
          .append(Report.mib(memory.liveAboveIdle())).append("** (heap pool peaks above idle ")
          .append(Report.mib(memory.poolPeaksAboveIdle())).append("), bytes identical: ")
          .append(memory.identical() ? "yes" : "**NO**").append(".\n\n");
      return md.toString();
    }
  }
}

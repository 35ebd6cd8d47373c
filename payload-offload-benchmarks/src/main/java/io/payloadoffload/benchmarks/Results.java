package io.payloadoffload.benchmarks;

import io.payloadoffload.benchmarks.ConcurrencyComparison.Throughput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, as the report renders it.
 *
 * @param settings what ran
 * @param machine where
 * @param database the PostgreSQL version and settings
 * @param embeddedDatabase whether PostgreSQL ran in-process
 * @param startedAt when the run started
 * @param took how long it took
 * @param json offload and resolve of each JSON payload, smallest first
 * @param binary offload and resolve of the incompressible payload
 * @param inline the JMH inline-path rows
 * @param inlineSameBytes whether {@code offloadJson} returned exactly Jackson's bytes at every size
 * @param memory the memory test
 * @param concurrencyLibrary the library's throughput
 * @param concurrencyMinimal the minimal path's throughput
 * @param sweeper the sweeper run
 * @param fastPaths each fast path of the core on and off (JMH)
 * @param s3 the library on S3 against the raw SDK path, and its memory test
 * @param httpFetch the HTTP fetch comparison
 */
public record Results(
    Settings settings,
    Machine machine,
    Map<String, String> database,
    boolean embeddedDatabase,
    Instant startedAt,
    Duration took,
    List<OffloadResolveComparison.Result> json,
    OffloadResolveComparison.Result binary,
    List<InlineComparison.Row> inline,
    boolean inlineSameBytes,
    MemoryBenchmark.Result memory,
    Throughput concurrencyLibrary,
    Throughput concurrencyMinimal,
    SweeperBenchmark.Result sweeper,
    List<FastPathComparison.Row> fastPaths, S3Comparison.Result s3, HttpFetchComparison.Result httpFetch) {

  /** Offload target: the library takes at most this many times the minimal path's time. */
  public static final double OFFLOAD_VS_MINIMAL = 1.15;
  /** Offload target: the original design takes at least this many times the library's time. */
  public static final double ORIGINAL_VS_LIBRARY = 5.0;
  /** Resolve target: the library takes at most this many times the minimal read's time. */
  public static final double RESOLVE_VS_MINIMAL = 1.15;
  /** Inline target: {@code offloadJson} takes at most this many times Jackson's time. */
  public static final double INLINE_OVERHEAD = 1.03;
  /** Memory target: live heap above idle stays below this many bytes (64 MiB). */
  public static final long MEMORY_LIMIT = 64 * Settings.MIB;
  /** Concurrency target: the library reaches at least this share of the minimal path's throughput. */
  public static final double THROUGHPUT_SHARE = 0.8;

  /** The library's {@code offload(byte[])} path name. */
  public static final String LIBRARY_BYTES = "library offload(byte[])";
  /** The library's {@code offloadJson} path name. */
  public static final String LIBRARY_JSON = "library offloadJson(tree)";
  /** The minimal path's name. */
  public static final String MINIMAL = "minimal (a)";
  /** The original design's path name. */
  public static final String ORIGINAL = "original design (b)";
}

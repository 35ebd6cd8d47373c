package io.payloadoffload.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How long and how big each comparison runs: {@link #full()} for the report in {@code docs/},
 * {@link #quick()} for the smoke run inside {@code mvn verify}. Immutable.
 *
 * @param quickMode whether this is the quick mode
 * @param jsonSizes sizes of the JSON payloads for offload and resolve
 * @param binarySize size of the incompressible payload
 * @param warmupRounds warm-up rounds per payload, by index in {@code jsonSizes}, then one more for
 *     the binary payload; enough for the JIT to compile the library's path before measuring
 * @param measuredRounds measured rounds per payload, likewise
 * @param concurrencyThreads threads on each side of the concurrency comparison
 * @param concurrencyWarmup the untimed warm-up of each side, before its measured slices
 * @param concurrencyDuration measured time per side
 * @param sweeperRows expired payloads the sweeper deletes
 * @param memoryStreamBytes size of the stream in the memory test
 * @param jmhForks JMH rounds, each forking one JVM per benchmark and size (0: one round in this JVM)
 * @param jmhWarmupIterations JMH warm-up iterations
 * @param jmhIterations JMH measured iterations
 * @param jmhIterationTime length of one JMH iteration
 */
public record Settings(
    boolean quickMode,
    List<Long> jsonSizes,
    int binarySize,
    List<Integer> warmupRounds,
    List<Integer> measuredRounds,
    int concurrencyThreads,
    Duration concurrencyWarmup,
    Duration concurrencyDuration,
    int sweeperRows,
    long memoryStreamBytes,
    int jmhForks,
    int jmhWarmupIterations,
    int jmhIterations,
    Duration jmhIterationTime) {

  /** One mebibyte. */
  public static final long MIB = 1_048_576L;
  /** Payloads above this many bytes are offloaded in the offload, resolve and concurrency runs. */
  public static final long THRESHOLD_BYTES = 64 * 1024;
  /** Seed of every generated payload. */
  public static final long SEED = 20_261_126L;

  /**
   * The settings of the published report (1, 10, 50 MiB; 30 s per side; 100,000 rows; 2 GiB).
   *
   * @return the full settings
   */
  public static Settings full() {
    return new Settings(false, List.of(MIB, 10 * MIB, 50 * MIB), (int) (10 * MIB),
        List.of(400, 10, 4, 10), List.of(300, 25, 11, 25), 8, Duration.ofSeconds(5), Duration.ofSeconds(30),
        100_000, 2048 * MIB, 6, 4, 6, Duration.ofSeconds(1));
  }

  /**
   * Tiny sizes and counts: checks that every path works and the report renders, in seconds.
   *
   * @return the quick settings
   */
  public static Settings quick() {
    return new Settings(true, List.of(256 * 1024L, MIB), 256 * 1024, List.of(1, 1, 1),
        List.of(2, 2, 2),
        8, Duration.ofMillis(300), Duration.ofSeconds(1), 1_000, 64 * MIB, 0, 1, 2,
        Duration.ofMillis(100));
  }
}

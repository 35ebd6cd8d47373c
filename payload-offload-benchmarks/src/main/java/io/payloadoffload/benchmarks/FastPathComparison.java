package io.payloadoffload.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * Runs {@link FastPathBenchmark} with each of the core's fast paths switched on and off, side by
 * side: each round forks one JVM per switch, benchmark, thread count and side, alternating which side
 * goes first, and the iterations of all rounds are pooled. A fast path is switched off by the system
 * property {@value #PROPERTY_PREFIX}{@code <name>=false} of the forked JVM; the core reads it once,
 * so the side that is on runs exactly the code users run.
 */
public final class FastPathComparison {
  /** The prefix of the core's switch properties (the core's internal {@code FastPaths}). */
  public static final String PROPERTY_PREFIX = "payloadoffload.internal.fastpath.";
  /** The thread counts each pair runs with: one caller, and as many as the concurrency comparison. */
  public static final List<Integer> THREADS = List.of(1, 8);
  /** Each switch and the benchmarks whose path it changes. */
  private static final Map<String, List<String>> SWITCHES = Map.of(
      "backgroundPass", List.of("offloadBytes", "offloadJson", "resolve"),
      "parallelChecksum", List.of("offloadBytes", "resolve"),
      "serializedJson", List.of("offloadJson"),
      "arrayDecoding", List.of("resolve"));
  private static final List<String> ORDER =
      List.of("backgroundPass", "parallelChecksum", "serializedJson", "arrayDecoding");

  /** Warm-up iterations of each fork in full mode: {@value}. */
  public static final int WARMUP_ITERATIONS = 2;
  /** Measured iterations of each fork in full mode: {@value}. */
  public static final int ITERATIONS = 3;
  /** Rounds in full mode, the order of the two sides alternating: {@value}. */
  public static final int ROUNDS = 2;

  private FastPathComparison() {}

  /**
   * Runs every pair. In quick mode only one pair runs, once and briefly, to check the machinery.
   *
   * @param settings the iteration time; quick mode or not
   * @return one row per switch, benchmark and thread count
   * @throws IllegalStateException if JMH fails
   */
  public static List<Row> run(Settings settings) {
    boolean quick = settings.quickMode();
    int rounds = quick ? 1 : ROUNDS;
    Map<String, MultisetStatistics> pooled = new HashMap<>();
    List<String[]> pairs = new ArrayList<>();
    for (String name : quick ? List.of("parallelChecksum") : ORDER) {
      for (String method : quick ? List.of("offloadBytes") : SWITCHES.get(name)) {
        for (int threads : quick ? List.of(1) : THREADS) {
          pairs.add(new String[] {name, method, Integer.toString(threads)});
        }
      }
    }
    String unit = null;
    for (int round = 0; round < rounds; round++) {
      for (String[] pair : pairs) {
        for (boolean on : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          Result<?> result = runOne(settings, pair[0], pair[1], Integer.parseInt(pair[2]), on);
          unit = result.getScoreUnit();
          MultisetStatistics stats = pooled.computeIfAbsent(String.join("/", pair) + "/" + on,
              k -> new MultisetStatistics());
          for (Iterator<Map.Entry<Double, Long>> it = result.getStatistics().getRawData(); it.hasNext(); ) {
            Map.Entry<Double, Long> e = it.next();
            stats.addValue(e.getKey(), e.getValue());
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (String[] pair : pairs) {
      String key = String.join("/", pair);
      rows.add(new Row(pair[0], pair[1], Integer.parseInt(pair[2]), score(pooled.get(key + "/true"), unit),
          score(pooled.get(key + "/false"), unit)));
    }
    return rows;
  }

  private static Result<?> runOne(Settings settings, String name, String method, int threads, boolean on) {
    boolean quick = settings.quickMode();
    TimeValue time = TimeValue.milliseconds(settings.jmhIterationTime().toMillis());
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(FastPathBenchmark.class.getName() + "\\." + method + "$")
        .forks(1)
        .threads(threads)
        .warmupIterations(quick ? 1 : WARMUP_ITERATIONS)
        .warmupTime(time)
        .measurementIterations(quick ? 1 : ITERATIONS)
        .measurementTime(time)
        .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL);
    if (!on) {
      options.jvmArgsAppend("-D" + PROPERTY_PREFIX + name + "=false");
    }
    Collection<RunResult> results;
    try {
      results = new Runner(options.build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    if (results.size() != 1) {
      throw new IllegalStateException("JMH reported " + results.size() + " results for " + method
          + " with " + name + (on ? " on" : " off") + ", expected one");
    }
    return results.iterator().next().getPrimaryResult();
  }

  private static Score score(MultisetStatistics stats, String unit) {
    return new Score(stats.getMean(), stats.getN() > 2 ? stats.getMeanErrorAt(0.999) : Double.NaN, unit);
  }

  /**
   * A pooled JMH score.
   *
   * @param mean the mean time per operation
   * @param error the mean's 99.9% confidence half-width, NaN when there were too few iterations
   * @param unit the unit, e.g. {@code us/op}
   */
  public record Score(double mean, double error, String unit) {}

  /**
   * One benchmark with one fast path on and off.
   *
   * @param fastPath the switch's name
   * @param benchmark the benchmark method
   * @param threads how many threads ran it
   * @param on the score with the fast path on (the default)
   * @param off the score with it off
   */
  public record Row(String fastPath, String benchmark, int threads, Score on, Score off) {

    /**
     * How much faster the fast path makes it: the time off over the time on.
     *
     * @return the ratio; 1.10 is 10% faster with the fast path
     */
    public double gain() {
      return off.mean() / on.mean();
    }

    /**
     * Whether the fast path gains more than 5% and more than the two scores' errors together.
     *
     * @return true if the gain counts
     */
    public boolean counts() {
      double margin = Double.isNaN(on.error()) || Double.isNaN(off.error()) ? 0 : on.error() + off.error();
      return gain() > 1.05 && off.mean() - on.mean() > margin;
    }
  }
}

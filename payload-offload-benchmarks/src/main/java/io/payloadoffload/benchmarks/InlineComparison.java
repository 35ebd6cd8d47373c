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
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * Runs {@link InlineBenchmark} through the JMH runner, side by side: each round forks one JVM per
 * benchmark and size, alternating which of the two goes first, and the samples of all rounds are
 * pooled. JMH's own order would run every fork of one benchmark before the other's, minutes apart,
 * and on a shared machine the load changes more in minutes than the few percent being measured.
 */
public final class InlineComparison {
  private static final String JACKSON = "jackson";
  private static final String OFFLOAD_JSON = "offloadJson";
  private static final List<String> SIZES = List.of("10240", "102400");

  private InlineComparison() {}

  /**
   * Runs the JMH benchmark.
   *
   * @param settings forks (rounds) and iterations; 0 forks runs one round in this JVM
   * @return one row per payload size
   * @throws IllegalStateException if JMH fails
   */
  public static List<Row> run(Settings settings) {
    Map<String, MultisetStatistics> pooled = new HashMap<>();
    String unit = null;
    int rounds = Math.max(1, settings.jmhForks());
    for (int round = 0; round < rounds; round++) {
      List<String> order = round % 2 == 0 ? List.of(JACKSON, OFFLOAD_JSON) : List.of(OFFLOAD_JSON, JACKSON);
      for (String size : SIZES) {
        for (String method : order) {
          Result<?> result = runOne(settings, method, size);
          unit = result.getScoreUnit();
          MultisetStatistics stats = pooled.computeIfAbsent(method + "@" + size, k -> new MultisetStatistics());
          for (Iterator<Map.Entry<Double, Long>> it = result.getStatistics().getRawData(); it.hasNext(); ) {
            Map.Entry<Double, Long> e = it.next();
            stats.addValue(e.getKey(), e.getValue());
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (String size : SIZES) {
      rows.add(new Row(Integer.parseInt(size), score(pooled.get(JACKSON + "@" + size), unit),
          score(pooled.get(OFFLOAD_JSON + "@" + size), unit)));
    }
    return rows;
  }

  private static Result<?> runOne(Settings settings, String method, String size) {
    Options options = new OptionsBuilder()
        .include(InlineBenchmark.class.getName() + "\\." + method + "$")
        .param("size", size)
        .forks(settings.jmhForks() == 0 ? 0 : 1)
        .warmupIterations(settings.jmhWarmupIterations())
        .warmupTime(TimeValue.milliseconds(settings.jmhIterationTime().toMillis()))
        .measurementIterations(settings.jmhIterations())
        .measurementTime(TimeValue.milliseconds(settings.jmhIterationTime().toMillis()))
        .verbosity(settings.quickMode() ? VerboseMode.SILENT : VerboseMode.NORMAL)
        .build();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    if (results.size() != 1) {
      throw new IllegalStateException("JMH reported " + results.size() + " results for " + method + " at "
          + size + " bytes, expected one");
    }
    return results.iterator().next().getPrimaryResult();
  }

  private static Score score(MultisetStatistics stats, String unit) {
    return new Score(stats.getPercentile(50), stats.getMean(), stats.getMeanErrorAt(0.999), unit);
  }

  /**
   * One JMH score.
   *
   * @param median the median sampled time per operation: what the target is checked against
   * @param mean the mean time per operation
   * @param error the mean's 99.9% confidence half-width, NaN when there were too few samples
   * @param unit the unit, e.g. {@code us/op}
   */
  public record Score(double median, double mean, double error, String unit) {}

  /**
   * One payload size's comparison.
   *
   * @param size the payload size in bytes
   * @param jackson plain Jackson
   * @param offloadJson the library
   */
  public record Row(int size, Score jackson, Score offloadJson) {

    /**
     * The library's median time over Jackson's.
     *
     * @return the ratio; 1.03 is 3% overhead
     */
    public double ratio() {
      return offloadJson.median() / jackson.median();
    }
  }
}

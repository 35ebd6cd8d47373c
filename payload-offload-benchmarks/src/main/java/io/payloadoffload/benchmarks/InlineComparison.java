package io.payloadoffload.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link InlineBenchmark} through the JMH runner and collects its scores. */
public final class InlineComparison {
  private InlineComparison() {}

  /**
   * Runs the JMH benchmark.
   *
   * @param settings forks and iterations
   * @return one row per payload size
   * @throws IllegalStateException if JMH fails
   */
  public static List<Row> run(Settings settings) {
    Options options = new OptionsBuilder()
        .include(InlineBenchmark.class.getName() + "\\.")
        .forks(settings.jmhForks())
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
    List<Row> rows = new ArrayList<>();
    for (String size : List.of("10240", "102400")) {
      rows.add(new Row(Integer.parseInt(size), score(results, "jackson", size),
          score(results, "offloadJson", size)));
    }
    return rows;
  }

  private static Score score(Collection<RunResult> results, String method, String size) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method) && size.equals(r.getParams().getParam("size"))) {
        Result<?> primary = r.getPrimaryResult();
        return new Score(primary.getStatistics().getPercentile(50), primary.getScore(),
            primary.getScoreError(), primary.getScoreUnit());
      }
    }
    throw new IllegalStateException("JMH reported no result for " + method + " at " + size + " bytes");
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

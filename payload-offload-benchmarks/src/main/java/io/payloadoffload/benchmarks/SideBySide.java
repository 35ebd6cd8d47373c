package io.payloadoffload.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Times several tasks side by side in one JVM: warm-up rounds, then measured rounds, each round
 * running every task once in a freshly shuffled order (from a fixed seed), so that drift, noise and
 * the caches and garbage one task leaves for the next fall on all of them alike. Not thread-safe.
 */
public final class SideBySide {
  private static final long SEED = 42;

  private final List<String> names = new ArrayList<>();
  private final List<Runnable> bodies = new ArrayList<>();

  /**
   * Runs every task {@code turns} times, the tasks taking turns in an order reversed after every turn
   * (a, b, c, then c, b, a, and so on), so that a change of the machine's load during the run falls
   * on every task alike. For tasks that each run for a fixed time, where a shuffled order per round
   * would be too few rounds to even out.
   *
   * @param <T> the task type
   * @param tasks the tasks, in the order of the first turn
   * @param turns how many times each task runs
   * @param run runs one task once
   */
  public static <T> void inTurns(List<T> tasks, int turns, Consumer<T> run) {
    List<T> order = new ArrayList<>(tasks);
    for (int turn = 0; turn < turns; turn++) {
      order.forEach(run);
      Collections.reverse(order);
    }
  }

  /**
   * Adds a task.
   *
   * @param name its name in the result
   * @param body what one run does
   * @return this
   */
  public SideBySide task(String name, Runnable body) {
    names.add(name);
    bodies.add(body);
    return this;
  }

  /**
   * Runs the tasks.
   *
   * @param warmups rounds run and discarded
   * @param rounds rounds measured
   * @return each task's median time, in task order
   */
  public Map<String, Timing> run(int warmups, int rounds) {
    int n = bodies.size();
    long[][] nanos = new long[n][rounds];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Random random = new Random(SEED);
    for (int round = -warmups; round < rounds; round++) {
      Collections.shuffle(order, random);
      for (int i : order) {
        long t0 = System.nanoTime();
        bodies.get(i).run();
        long elapsed = System.nanoTime() - t0;
        if (round >= 0) {
          nanos[i][round] = elapsed;
        }
      }
    }
    Map<String, Timing> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(names.get(i), Timing.of(nanos[i]));
    }
    return out;
  }

  /**
   * The measured times of one task.
   *
   * @param medianNanos the median
   * @param minNanos the fastest round
   * @param maxNanos the slowest round
   * @param rounds how many rounds were measured
   */
  public record Timing(long medianNanos, long minNanos, long maxNanos, int rounds) {

    static Timing of(long[] samples) {
      long[] sorted = samples.clone();
      Arrays.sort(sorted);
      int m = sorted.length / 2;
      long median = sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
      return new Timing(median, sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /**
     * The median in milliseconds.
     *
     * @return milliseconds
     */
    public double medianMillis() {
      return medianNanos / 1e6;
    }
  }
}

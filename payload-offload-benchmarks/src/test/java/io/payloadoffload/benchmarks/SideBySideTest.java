package io.payloadoffload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.benchmarks.SideBySide.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SideBySideTest {

  @Test
  void runsWarmupsPlusRoundsAndKeepsOnlyMeasuredRounds() {
    int[] calls = new int[1];
    Map<String, Timing> t = new SideBySide().task("x", () -> calls[0]++).run(2, 5);
    assertThat(calls[0]).isEqualTo(7);
    assertThat(t.get("x").rounds()).isEqualTo(5);
    assertThat(t.get("x").minNanos()).isLessThanOrEqualTo(t.get("x").medianNanos());
    assertThat(t.get("x").medianNanos()).isLessThanOrEqualTo(t.get("x").maxNanos());
  }

  @Test
  void rotatesWhichTaskRunsFirstEachRound() {
    List<String> order = new ArrayList<>();
    new SideBySide().task("a", () -> order.add("a")).task("b", () -> order.add("b")).run(0, 4);
    assertThat(order).containsExactly("a", "b", "b", "a", "a", "b", "b", "a");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    Timing t = Timing.of(new long[] {40, 10, 30, 20});
    assertThat(t.medianNanos()).isEqualTo(25);
    assertThat(t.minNanos()).isEqualTo(10);
    assertThat(t.maxNanos()).isEqualTo(40);
  }
}

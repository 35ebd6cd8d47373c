package io.payloadoffload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.benchmarks.SideBySide.Timing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  void inTurnsReversesTheOrderAfterEveryTurn() {
    List<String> order = new ArrayList<>();
    SideBySide.inTurns(List.of("a", "b", "c"), 4, order::add);
    assertThat(order).containsExactly("a", "b", "c", "c", "b", "a", "a", "b", "c", "c", "b", "a");
  }

  @Test
  void runsEveryTaskOncePerRoundInVaryingOrder() {
    List<String> order = new ArrayList<>();
    new SideBySide().task("a", () -> order.add("a")).task("b", () -> order.add("b"))
        .task("c", () -> order.add("c")).run(0, 30);
    Set<String> predecessorsOfA = new HashSet<>();
    for (int round = 0; round < 30; round++) {
      List<String> one = order.subList(3 * round, 3 * round + 3);
      assertThat(one).containsExactlyInAnyOrder("a", "b", "c");
      int a = one.indexOf("a");
      predecessorsOfA.add(a == 0 ? "none" : one.get(a - 1));
    }
    assertThat(predecessorsOfA).containsExactlyInAnyOrder("none", "b", "c");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    Timing t = Timing.of(new long[] {40, 10, 30, 20});
    assertThat(t.medianNanos()).isEqualTo(25);
    assertThat(t.minNanos()).isEqualTo(10);
    assertThat(t.maxNanos()).isEqualTo(40);
  }
}

package io.payloadoffload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the outage measurement with the default settings and checks what does not depend on timing:
 * every offload fell back inline, the breaker opened within the run, and the fetch reported the
 * store as unavailable. The timings are printed, never asserted.
 */
class OutageTimingsTest {
  @ParameterizedTest
  @EnumSource(OutageTimings.Outage.class)
  void withDefaultsAnUnreachableDatabaseOpensTheBreakerAndEveryOffloadFallsBack(OutageTimings.Outage outage) {
    OutageTimings.Result r = OutageTimings.run(outage);
    System.out.println(r);

    assertThat(r.openedAfterMillis()).isNotNegative();
    assertThat(r.fallbacks()).isEqualTo(r.callMillis().size());
    assertThat(r.fetchError()).isEqualTo("StoreUnavailableException");
  }
}

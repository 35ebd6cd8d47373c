package io.payloadoffload.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.payloadoffload.routing.PayloadFacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract catches a policy that inlines above the transport limit, and jqwik shrinks the
 * counterexample to the boundary: a message one byte over the limit. Runs the wrong policy's property
 * with the JUnit Platform launcher, as a build would, and inspects the failure it reports.
 */
class WrongPolicyFailsTheContractTest {

  @Test
  void aPolicyThatInlinesAboveTheTransportLimitFailsWithACounterexampleOneByteOverIt() {
    List<TestExecutionResult> failures = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(InlinesAboveTheTransportLimitContract.class,
            "noInlineMessageIsLargerThanTheTransportLimit", PayloadFacts.class.getName()))
        .filters(EngineFilter.includeEngines("jqwik"))
        .configurationParameter("jqwik.reporting.usejunitplatform", "true")
        // A fresh search and shrink each run, not the sample a previous run stored.
        .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED")
        .build(), new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
              failures.add(result);
            }
          }

          @Override
          public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
            reports.add(entry.getKeyValuePairs().toString());
          }
        });

    long over = InlinesAboveTheTransportLimitContract.LIMIT.maxMessageBytes() + 1;
    assertThat(failures).as("the wrong policy's property failed").singleElement()
        .satisfies(r -> assertThat(r.getThrowable()).get().asString()
            .contains("an inline message of " + over + " bytes (framed size) would pass the transport limit of "
                + InlinesAboveTheTransportLimitContract.LIMIT.maxMessageBytes() + " bytes"));
    assertThat(String.join("\n", reports)).contains("Shrunk Sample").contains("framedSizeBytes=" + over + ",");
  }
}

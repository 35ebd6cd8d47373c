package io.payloadoffload.testkit;

// docs:begin
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.testkit.RoutingPolicyContract;
import java.util.List;

class ExamplePoliciesContractTest extends RoutingPolicyContract {
  @Override
  protected RoutingPolicy policy() {
    return ExamplePolicies.forMyServer();
  }

  @Override
  protected long maxPayloadBytes() {
    return ExamplePolicies.MAX_PAYLOAD_BYTES;
  }

  @Override
  protected List<Long> sizeBoundaries() {
    return List.of(32L * 1024, 8L * 1024);
  }

  @Override
  protected List<String> toolNames() {
    return List.of("read_file", "export");
  }
}
// docs:end

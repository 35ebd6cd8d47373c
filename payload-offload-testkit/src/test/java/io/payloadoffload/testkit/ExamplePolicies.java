package io.payloadoffload.testkit;

// docs:begin
import io.payloadoffload.routing.RoutingDecision;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.TransportLimit;

/** The routing of a tool server behind Jetty's default 64 KiB WebSocket message limit. */
final class ExamplePolicies {
  static final long MAX_PAYLOAD_BYTES = 50L * 1_048_576;

  private ExamplePolicies() {}

  static RoutingPolicy forMyServer() {
    RoutingPolicy sizes = RoutingPolicy.builder()
        .thresholdBytes(32 * 1024)
        .toolThresholdBytes("read_file", 8 * 1024)
        .transportLimit(TransportLimit.jsonRpc(65_536))
        .maxPayloadBytes(MAX_PAYLOAD_BYTES)
        .build();
    // Whatever its size, an export is stored while the store is up.
    RoutingPolicy exports = facts -> "export".equals(facts.toolName()) && facts.storeAvailable()
        ? RoutingDecision.offload()
        : RoutingDecision.inline();
    return RoutingPolicy.strictest(sizes, exports);
  }
}
// docs:end

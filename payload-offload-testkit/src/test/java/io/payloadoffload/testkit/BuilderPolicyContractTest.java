package io.payloadoffload.testkit;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.TransportLimit;
import java.util.List;

/**
 * A policy of every built-in rule (a per-tool threshold, an offloaded content type, a token budget and
 * a transport limit) keeps the contract.
 */
class BuilderPolicyContractTest extends RoutingPolicyContract {
  private static final long MAX_PAYLOAD = 200_000;

  @Override
  protected RoutingPolicy policy() {
    return RoutingPolicy.builder()
        .thresholdBytes(20_000)
        .toolThresholdBytes("search", 1_000)
        .toolThresholdBytes("export", 50_000)
        .offloadContentType("image/*")
        .offloadContentType("application/pdf")
        .tokenBudget(3_000)
        .transportLimit(TransportLimit.jsonRpc(32_768))
        .maxPayloadBytes(MAX_PAYLOAD)
        .maxInlineBytes(24_000)
        .build();
  }

  @Override
  protected long maxPayloadBytes() {
    return MAX_PAYLOAD;
  }

  @Override
  protected List<Long> sizeBoundaries() {
    return List.of(20_000L, 1_000L, 50_000L, 24_000L, 12_000L);
  }

  @Override
  protected List<Long> tokenBudgets() {
    return List.of(3_000L);
  }

  @Override
  protected List<String> toolNames() {
    return List.of("search", "export");
  }

  @Override
  protected OffloadConfig offloaderConfig() {
    return OffloadConfig.builder().thresholdBytes(1_000).maxPayloadBytes(MAX_PAYLOAD).build();
  }
}

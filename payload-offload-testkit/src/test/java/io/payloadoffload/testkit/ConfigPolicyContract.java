package io.payloadoffload.testkit;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.routing.RoutingPolicy;
import java.util.List;

/** The contract for the policy a configuration describes, {@link OffloadConfig#routingPolicy()}. */
abstract class ConfigPolicyContract extends RoutingPolicyContract {

  abstract OffloadConfig config();

  @Override
  protected RoutingPolicy policy() {
    return config().routingPolicy();
  }

  @Override
  protected long maxPayloadBytes() {
    return config().maxPayloadBytes();
  }

  @Override
  protected List<Long> sizeBoundaries() {
    return List.of(config().thresholdBytes(), config().maxInlineBytes());
  }

  @Override
  protected List<Long> tokenBudgets() {
    return config().tokenBudget().stream().boxed().toList();
  }

  @Override
  protected OffloadConfig offloaderConfig() {
    return config();
  }
}

package io.payloadoffload.testkit;

import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.TransportLimit;
import java.util.List;
import java.util.Optional;

/**
 * A deliberately wrong policy: it keeps a 1 MiB threshold and ignores the 64 KiB transport limit the
 * contract is told about, so it inlines messages the transport cannot carry. Run only by
 * {@link WrongPolicyFailsTheContractTest}: its name is not one the test runner includes.
 */
public class InlinesAboveTheTransportLimitContract extends RoutingPolicyContract {
  static final TransportLimit LIMIT = TransportLimit.jsonRpc(65_536);

  @Override
  protected RoutingPolicy policy() {
    return RoutingPolicy.builder().build();
  }

  @Override
  protected Optional<TransportLimit> transportLimit() {
    return Optional.of(LIMIT);
  }

  @Override
  protected long maxPayloadBytes() {
    return RoutingPolicy.DEFAULT_MAX_PAYLOAD_BYTES;
  }

  @Override
  protected List<Long> sizeBoundaries() {
    return List.of(RoutingPolicy.DEFAULT_THRESHOLD_BYTES);
  }
}

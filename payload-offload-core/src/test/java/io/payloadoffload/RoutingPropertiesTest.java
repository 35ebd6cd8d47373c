package io.payloadoffload;

import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.codec.Compression;
import io.payloadoffload.routing.PayloadFacts;
import io.payloadoffload.routing.RoutingDecision.Route;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.TransportLimit;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of the standard routing policy, {@link OffloadConfig#routingPolicy()}, over arbitrary
 * configurations, and of a real {@link PayloadOffloader} that follows it.
 */
class RoutingPropertiesTest {

  enum StoreState { HEALTHY, FAILING, BREAKER_OPEN }

  @Provide
  Arbitrary<OffloadConfig> configs() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(0, 12_000).edgeCases(c -> c.add(0, 1));
    return Combinators.combine(sizes, sizes, sizes, Arbitraries.of(true, false), Arbitraries.of(true, false),
        Arbitraries.of(0, 5_120, 6_000, 9_000), Arbitraries.of(0, 1, 500, 2_000))
        .as((threshold, maxPayload, maxInline, enabled, fallback, transport, tokens) -> {
          int max = Math.max(1, Math.max(threshold, Math.max(maxPayload, maxInline)));
          OffloadConfig.Builder b = OffloadConfig.builder().enabled(enabled).thresholdBytes(threshold)
              .maxPayloadBytes(max).maxInlineBytes(maxInline).fallbackToInline(fallback).failureThreshold(1)
              .maxRetries(0).openDuration(Duration.ofHours(1)).compression(Compression.NONE);
          if (transport > 0) {
            b.transportLimitBytes(transport);
          }
          if (tokens > 0) {
            b.tokenBudget(tokens);
          }
          return b.build();
        });
  }

  private static PayloadFacts facts(long size, long framedExtra, long tokens, boolean up) {
    return new PayloadFacts(size, size + framedExtra, "application/json", null, null, Map.of(), tokens, up);
  }

  @Property(tries = 500)
  void theStandardPolicyIsMonotonicInSize(@ForAll("configs") OffloadConfig config,
      @ForAll @IntRange(max = 20_000) int a, @ForAll @IntRange(max = 20_000) int b,
      @ForAll @IntRange(max = 5_000) int framedExtra, @ForAll @IntRange(max = 5_000) int tokens,
      @ForAll boolean up) {
    RoutingPolicy policy = config.routingPolicy();
    Route small = policy.decide(facts(Math.min(a, b), framedExtra, tokens, up)).route();
    Route large = policy.decide(facts(Math.max(a, b), framedExtra, tokens, up)).route();
    assertThat(large).isGreaterThanOrEqualTo(small);
  }

  @Property(tries = 500)
  void theSameFactsGiveTheSameDecisionAndADownStoreNeverAReference(@ForAll("configs") OffloadConfig config,
      @ForAll @IntRange(max = 20_000) int size, @ForAll @IntRange(max = 5_000) int framedExtra,
      @ForAll @IntRange(max = 5_000) int tokens, @ForAll boolean up) {
    RoutingPolicy policy = config.routingPolicy();
    PayloadFacts f = facts(size, framedExtra, tokens, up);
    assertThat(policy.decide(facts(size, framedExtra, tokens, up))).isEqualTo(policy.decide(f));
    assertThat(policy.decide(f.withStoreAvailable(false)).route()).isNotEqualTo(Route.OFFLOAD);
  }

  @Property(tries = 300)
  void theOffloaderKeepsTheLimitsAndSparesTheStore(@ForAll("configs") OffloadConfig config,
      @ForAll @IntRange(max = 14_000) int size, @ForAll boolean escaped, @ForAll StoreState state) {
    TestStores.Switchable store = new TestStores.Switchable(new InMemoryPayloadStore(), true);
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config)
        .executor(Runnable::run).build()) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, escaped ? (byte) '\n' : (byte) 'x');
      store.down.set(state != StoreState.HEALTHY);
      if (state == StoreState.BREAKER_OPEN) {
        try {
          offloader.offload(payload, OffloadContext.empty());
        } catch (PayloadOffloadException e) {
          // opening the breaker
        }
        Assume.that(offloader.circuitState() == CircuitState.OPEN);
      }
      int puts = store.puts.get();
      Delivery d;
      try {
        d = offloader.offload(payload, OffloadContext.empty());
      } catch (PayloadTooLargeException e) {
        assertThat(store.puts.get()).as("no store call for a rejected payload").isEqualTo(puts);
        return;
      } catch (StoreUnavailableException e) {
        assertThat(state).as("unavailable only when the store is").isNotEqualTo(StoreState.HEALTHY);
        return;
      } finally {
        if (state == StoreState.BREAKER_OPEN) {
          assertThat(store.puts.get()).as("no store call while the breaker is open").isEqualTo(puts);
        }
      }
      if (d.isInline()) {
        assertThat(d.inlineBytes()).isEqualTo(payload);
        config.transportLimitBytes().ifPresent(limit -> assertThat(TransportLimit.jsonRpc(limit)
            .framedSizeBytes(payload)).as("an inline message fits the transport").isLessThanOrEqualTo(limit));
      } else {
        assertThat(state).as("a reference only from a working store").isEqualTo(StoreState.HEALTHY);
        assertThat(d.envelope().payloadSizeBytes()).isLessThanOrEqualTo(config.maxPayloadBytes());
      }
    }
  }
}

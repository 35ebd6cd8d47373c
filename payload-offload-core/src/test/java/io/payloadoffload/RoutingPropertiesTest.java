package io.payloadoffload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.codec.Compression;
import java.time.Duration;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The routing rules, checked through a real {@link PayloadOffloader} against an oracle written out
 * from the rules, across arbitrary sizes, limits, switches and store states.
 */
class RoutingPropertiesTest {

  enum StoreState { HEALTHY, FAILING, BREAKER_OPEN }

  enum Expected { INLINE, REFERENCE, FALLBACK_INLINE, TOO_LARGE, UNAVAILABLE }

  static Expected oracle(int size, int threshold, int maxPayload, int maxInline, boolean enabled,
      boolean fallback, StoreState state) {
    if (!enabled) {
      return Expected.INLINE;
    }
    if (size <= threshold) {
      return Expected.INLINE;
    }
    if (size > maxPayload) {
      return Expected.TOO_LARGE;
    }
    if (state == StoreState.HEALTHY) {
      return Expected.REFERENCE;
    }
    return fallback && size <= maxInline ? Expected.FALLBACK_INLINE : Expected.UNAVAILABLE;
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.integers().between(0, 5000).edgeCases(c -> c.add(0, 1, 5000));
  }

  @Property(tries = 300)
  void routingOutcomeIsExactlyTheRules(
      @ForAll("sizes") int size,
      @ForAll("sizes") int threshold,
      @ForAll @IntRange(min = 1, max = 5000) int maxPayload,
      @ForAll("sizes") int maxInline,
      @ForAll boolean enabled,
      @ForAll boolean fallback,
      @ForAll StoreState state) {
    Assume.that(threshold <= maxPayload && maxInline <= maxPayload); // otherwise the config is rejected
    OffloadConfig config = OffloadConfig.builder()
        .enabled(enabled).thresholdBytes(threshold).maxPayloadBytes(maxPayload).maxInlineBytes(maxInline)
        .fallbackToInline(fallback).failureThreshold(1).maxRetries(0)
        .openDuration(Duration.ofHours(1)).compression(Compression.NONE).build();
    TestStores.Switchable store = new TestStores.Switchable(new InMemoryPayloadStore(), true);
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config)
        .executor(Runnable::run).build()) {
      if (state == StoreState.BREAKER_OPEN) {
        store.down.set(true);
        openBreaker(offloader, config);
        store.down.set(false);
      } else if (state == StoreState.FAILING) {
        store.down.set(true);
      }
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) 'x');
      int putsBefore = store.puts.get();
      Expected expected = oracle(size, threshold, maxPayload, maxInline, enabled, fallback, state);
      switch (expected) {
        case TOO_LARGE:
          assertThatThrownBy(() -> offloader.offload(payload, OffloadContext.empty()))
              .isInstanceOf(PayloadTooLargeException.class);
          assertThat(store.puts.get()).as("no I/O before rejecting").isEqualTo(putsBefore);
          break;
        case UNAVAILABLE:
          assertThatThrownBy(() -> offloader.offload(payload, OffloadContext.empty()))
              .isInstanceOf(StoreUnavailableException.class);
          break;
        default:
          Delivery d = offloader.offload(payload, OffloadContext.empty());
          assertThat(d.mode().name()).isEqualTo(expected.name());
          if (d.isInline()) {
            assertThat(d.inlineBytes()).isEqualTo(payload);
          } else {
            assertThat(d.envelope().payloadSizeBytes()).isEqualTo(size);
          }
      }
      if (state == StoreState.BREAKER_OPEN) {
        assertThat(store.puts.get()).as("an open breaker keeps calls from the store").isEqualTo(putsBefore);
      }
    }
  }

  private static void openBreaker(PayloadOffloader offloader, OffloadConfig config) {
    if (!config.enabled() || config.thresholdBytes() >= config.maxPayloadBytes()) {
      return; // no payload reaches the store under these limits, so the breaker cannot matter
    }
    try {
      offloader.offload(new byte[Math.toIntExact(config.thresholdBytes() + 1)], OffloadContext.empty());
    } catch (StoreUnavailableException expected) {
      // Without inline room the opening call is rejected; it still counts as a breaker failure.
    }
    assertThat(offloader.circuitState()).isEqualTo(CircuitState.OPEN);
  }
}

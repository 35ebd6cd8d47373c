package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The original design's five test scenarios, against the in-memory store and a failing one. */
class OriginalScenariosTest {
  static final int KB = 1000;
  static final int MB = 1000 * 1000;

  static byte[] toolOutput(int size) {
    return RoundTripPropertiesTest.payload(size, 7, true);
  }

  /** Records what the offloader reports. */
  static final class Recorder implements OffloadListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onInline(OffloadContext context, long sizeBytes) {
      events.add("inline");
    }

    @Override
    public void onOffloaded(OffloadContext context, io.payloadoffload.envelope.PayloadEnvelope e, Duration d) {
      events.add("offloaded");
    }

    @Override
    public void onFallback(OffloadContext context, long sizeBytes, Throwable cause) {
      events.add("fallback");
    }

    @Override
    public void onCircuitStateChange(CircuitState from, CircuitState to) {
      events.add(from + "->" + to);
    }
  }

  @Nested
  @DisplayName("1. a 500 KB payload goes inline")
  class SmallInline {
    @Test
    void inline() {
      InMemoryPayloadStore store = new InMemoryPayloadStore();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).build()) {
        byte[] payload = toolOutput(500 * KB);
        Delivery d = offloader.offload(payload, OffloadContext.of("s-1", "analyze"));
        assertThat(d.mode()).isEqualTo(Delivery.Mode.INLINE);
        assertThat(d.inlineBytes()).isSameAs(payload);
        assertThat(store.size()).isZero();
      }
    }
  }

  @Nested
  @DisplayName("2. a 5 MB payload becomes a reference carrying the original fields")
  class LargeReference {
    @Test
    void reference() throws Exception {
      InMemoryPayloadStore store = new InMemoryPayloadStore();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).build()) {
        Delivery d = offloader.offload(toolOutput(5 * MB), OffloadContext.of("s-42", "analyze"));
        assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
        JsonNode json = new ObjectMapper().readTree(d.transportText());
        assertThat(json.get("message_bus_transaction_id").asText()).matches("txn_[0-9a-f]{32}");
        assertThat(json.get("payload_size_bytes").asLong()).isEqualTo(5 * MB);
        assertThat(json.get("retrieval_required").asBoolean()).isTrue();
        assertThat(json.get("session_id").asText()).isEqualTo("s-42");
        assertThat(json.get("tool_name").asText()).isEqualTo("analyze");
        assertThat(json.get("envelope_version").asInt()).isEqualTo(1);
        assertThat(json.get("compression").asText()).isEqualTo("zstd");
        assertThat(json.get("checksum").asText()).startsWith("sha256:");
        assertThat(json.get("stored_size_bytes").asLong()).isLessThan(5 * MB);
        assertThat(d.transportText().length()).isLessThan(1024);
        assertThat(store.size()).isEqualTo(1);
      }
    }
  }

  @Nested
  @DisplayName("3. store failures open the breaker, payloads fall back inline, a probe closes it")
  class BreakerAndFallback {
    @Test
    void breakerOpensFallsBackAndCloses() throws Exception {
      TestStores.Switchable store = new TestStores.Switchable(new InMemoryPayloadStore(), true);
      Recorder recorder = new Recorder();
      OffloadConfig config = OffloadConfig.builder().openDuration(Duration.ofMillis(300)).maxRetries(0)
          .failureThreshold(5).build();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config)
          .listener(recorder).build()) {
        store.down.set(true);
        byte[] payload = toolOutput(2 * MB);
        for (int i = 0; i < 5; i++) {
          assertThat(offloader.circuitState()).isEqualTo(CircuitState.CLOSED);
          Delivery d = offloader.offload(payload, OffloadContext.of("s-1", "analyze"));
          assertThat(d.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
          assertThat(d.inlineBytes()).isEqualTo(payload);
          assertThat(d.fallbackCause()).get().isInstanceOf(PayloadStoreException.class);
        }
        assertThat(store.puts.get()).isEqualTo(5);
        assertThat(offloader.circuitState()).isEqualTo(CircuitState.OPEN);

        Delivery whileOpen = offloader.offload(payload, OffloadContext.of("s-1", "analyze"));
        assertThat(whileOpen.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
        assertThat(store.puts.get()).as("an open breaker skips the store").isEqualTo(5);

        store.down.set(false);
        Thread.sleep(400);
        Delivery probe = offloader.offload(payload, OffloadContext.of("s-1", "analyze"));
        assertThat(probe.mode()).isEqualTo(Delivery.Mode.REFERENCE);
        assertThat(offloader.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(recorder.events).containsSubsequence("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(recorder.events.stream().filter("fallback"::equals).count()).isEqualTo(6);
      }
    }

    @Test
    void withoutFallbackOrRoomTheCallerGetsAnErrorNeverASilentDrop() {
      TestStores.Switchable store = new TestStores.Switchable(new InMemoryPayloadStore(), false);
      store.down.set(true);
      OffloadConfig noFallback = OffloadConfig.builder().fallbackToInline(false).build();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(noFallback).build()) {
        assertThatThrownBy(() -> offloader.offload(toolOutput(2 * MB), OffloadContext.empty()))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("fallbackToInline(false)").hasMessageNotContaining("FALLBACK_TO_WEBSOCKET")
            .hasCauseInstanceOf(PayloadStoreException.class);
      }
      OffloadConfig smallInline = OffloadConfig.builder().maxInlineBytes(MB).build();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(smallInline).build()) {
        assertThatThrownBy(() -> offloader.offload(toolOutput(2 * MB), OffloadContext.empty()))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("larger than the inline limit");
      }
    }

    @Test
    void retryableFailuresAreRetriedAndPermanentOnesAreNot() {
      TestStores.Switchable flaky = new TestStores.Switchable(new InMemoryPayloadStore(), true);
      flaky.down.set(true);
      OffloadConfig config = OffloadConfig.builder().maxRetries(2)
          .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(flaky).config(config).build()) {
        offloader.offload(toolOutput(2 * MB), OffloadContext.empty());
        assertThat(flaky.puts.get()).isEqualTo(3);
      }
      TestStores.Switchable broken = new TestStores.Switchable(new InMemoryPayloadStore(), false);
      broken.down.set(true);
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(broken).config(config).build()) {
        offloader.offload(toolOutput(2 * MB), OffloadContext.empty());
        assertThat(broken.puts.get()).isEqualTo(1);
      }
    }
  }

  @Nested
  @DisplayName("4. invalid configuration is a clear error; the bus disabled sends everything inline")
  class ConfigurationScenarios {
    @Test
    void invalidConfigurationNamesEveryBadVariable() {
      assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of(
          "MESSAGE_BUS_TTL_HOURS", "forever",
          "MESSAGE_BUS_COMPRESSION", "brotli",
          "CIRCUIT_BREAKER_THRESHOLD", "-3")))
          .isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.problems()).hasSize(3);
            assertThat(e.getMessage()).contains("MESSAGE_BUS_TTL_HOURS='forever'",
                "MESSAGE_BUS_COMPRESSION='brotli'", "CIRCUIT_BREAKER_THRESHOLD='-3'");
          });
    }

    @Test
    void disabledBusSendsEverythingInline() {
      InMemoryPayloadStore store = new InMemoryPayloadStore();
      OffloadConfig off = OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_ENABLED", "false"));
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(off).build()) {
        List<Delivery.Mode> modes = new ArrayList<>();
        for (int size : new int[] {500 * KB, 5 * MB, 20 * MB}) {
          modes.add(offloader.offload(toolOutput(size), OffloadContext.empty()).mode());
        }
        assertThat(modes).containsOnly(Delivery.Mode.INLINE);
        assertThat(store.size()).isZero();
      }
    }
  }

  @Nested
  @DisplayName("5. a payload is retrieved end to end")
  class EndToEnd {
    @Test
    void retrieved() throws Exception {
      InMemoryPayloadStore store = new InMemoryPayloadStore();
      try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).build();
           PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
        byte[] payload = toolOutput(5 * MB);
        String sent = offloader.offloadAsync(payload, OffloadContext.of("s-7", "analyze")).get().transportText();
        byte[] received = sent.getBytes(StandardCharsets.UTF_8);
        assertThat(io.payloadoffload.envelope.PayloadEnvelope.isEnvelope(sent)).isTrue();
        assertThat(received.length).isLessThan(1024);
        assertThat(resolver.resolveAsync(sent, "s-7").get()).isEqualTo(payload);
      }
    }
  }
}

package io.payloadoffload.micrometer;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.CircuitState;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each listener owns its meters: separate counts and gauge per name, and close() removes only its own. */
class MicrometerOffloadListenerTest {
  private static final OffloadConfig BREAKS_AT_FIRST_FAILURE = OffloadConfig.builder().thresholdBytes(1000)
      .failureThreshold(1).maxRetries(0).fallbackToInline(false).build();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void twoListenersWithDifferentNamesOnOneRegistryCountAndGaugeSeparately() {
    DownableStore ordersStore = new DownableStore(new InMemoryPayloadStore());
    DownableStore searchStore = new DownableStore(new InMemoryPayloadStore());
    try (MicrometerOffloadListener ordersMetrics = new MicrometerOffloadListener(registry, "orders");
        MicrometerOffloadListener searchMetrics = new MicrometerOffloadListener(registry, "search");
        PayloadOffloader orders = offloader(ordersStore, ordersMetrics);
        PayloadOffloader search = offloader(searchStore, searchMetrics)) {
      orders.offload(new byte[10], OffloadContext.empty());
      orders.offload(new byte[20], OffloadContext.empty());
      search.offload(new byte[5000], OffloadContext.empty());
      ordersStore.down.set(true);
      assertThatThrownBy(() -> orders.offload(new byte[5000], OffloadContext.empty()))
          .isInstanceOf(StoreUnavailableException.class);

      assertThat(deliveries("orders", "inline")).isEqualTo(2);
      assertThat(deliveries("search", "inline")).isZero();
      assertThat(deliveries("orders", "reference")).isZero();
      assertThat(deliveries("search", "reference")).isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.PAYLOAD_SIZE).tag("name", "orders").tag("mode", "inline")
          .summary().totalAmount()).isEqualTo(30);
      assertThat(registry.get(MicrometerOffloadListener.STORE_LATENCY).tag("name", "search").timer().count())
          .isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.STORE_LATENCY).tag("name", "orders").timer().count())
          .isZero();
      assertThat(registry.get(MicrometerOffloadListener.FAILURES).tag("name", "orders").counters())
          .extracting(Counter::count).containsExactly(1.0);
      assertThat(registry.find(MicrometerOffloadListener.FAILURES).tag("name", "search").counters()).isEmpty();
      assertThat(circuitState("orders")).as("orders' breaker opened").isEqualTo(2.0);
      assertThat(circuitState("search")).as("search's breaker is still closed").isEqualTo(0.0);
    }
  }

  @Test
  void closeRemovesExactlyThatListenersMeters() {
    Counter unrelated = registry.counter("some.other.meter");
    MicrometerOffloadListener a = new MicrometerOffloadListener(registry, "a");
    MicrometerOffloadListener b = new MicrometerOffloadListener(registry, "b");
    for (MicrometerOffloadListener listener : List.of(a, b)) {
      listener.onFailure(OffloadListener.Operation.RESOLVE, new PayloadNotFoundException("txn_x"));
      listener.onFailure(OffloadListener.Operation.OFFLOAD, new PayloadTooLargeException(2, 1));
    }
    Set<Meter.Id> bBefore = idsNamed("b");
    assertThat(idsNamed("a")).as("a's fixed meters and its two failure counters").hasSize(bBefore.size());

    a.close();

    assertThat(idsNamed("a")).isEmpty();
    assertThat(idsNamed("b")).isEqualTo(bBefore);
    assertThat(registry.getMeters()).contains(unrelated);
    assertThat(registry.getMeters()).hasSize(bBefore.size() + 1);
    b.close();
    assertThat(registry.getMeters()).containsExactly(unrelated);
  }

  @Test
  void eachListenerHasAllSixMetersAndFailureCountersAppearAtTheFirstFailure() {
    try (MicrometerOffloadListener listener = new MicrometerOffloadListener(registry, "x")) {
      assertThat(idsNamed("x").stream().map(Meter.Id::getName).collect(Collectors.toSet())).containsExactlyInAnyOrder(
          MicrometerOffloadListener.DELIVERIES, MicrometerOffloadListener.PAYLOAD_SIZE,
          MicrometerOffloadListener.STORE_LATENCY, MicrometerOffloadListener.RESOLVE_LATENCY,
          MicrometerOffloadListener.CIRCUIT_STATE);
      listener.onFailure(OffloadListener.Operation.RESOLVE, new PayloadNotFoundException("txn_x"));
      listener.onFailure(OffloadListener.Operation.RESOLVE, new PayloadNotFoundException("txn_y"));
      assertThat(registry.get(MicrometerOffloadListener.FAILURES).tags("name", "x", "operation", "resolve",
          "exception", "PayloadNotFoundException").counter().count()).isEqualTo(2);
    }
  }

  @Test
  void theSameNameTwiceIsRejectedAndTheFirstListenerKeepsItsMeters() {
    try (MicrometerOffloadListener first = new MicrometerOffloadListener(registry, "orders")) {
      first.onInline(OffloadContext.empty(), 10);
      Set<Meter.Id> before = idsNamed("orders");

      assertThatThrownBy(() -> new MicrometerOffloadListener(registry, "orders"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("orders").hasMessageContaining("already registered");

      assertThat(idsNamed("orders")).isEqualTo(before);
      first.onInline(OffloadContext.empty(), 10);
      assertThat(deliveries("orders", "inline")).isEqualTo(2);
    }
  }

  @Test
  void aNameIsFreeAgainOnceItsListenerIsClosed() {
    new MicrometerOffloadListener(registry, "orders").close();
    try (MicrometerOffloadListener second = new MicrometerOffloadListener(registry, "orders")) {
      second.onCircuitStateChange(CircuitState.CLOSED, CircuitState.HALF_OPEN);
      assertThat(circuitState("orders")).isEqualTo(1.0);
    }
  }

  @Test
  void theSameNameWithDifferentExtraTagsHasSeparateMeters() {
    try (MicrometerOffloadListener eu = new MicrometerOffloadListener(registry, "orders", Tags.of("region", "eu"));
        MicrometerOffloadListener us = new MicrometerOffloadListener(registry, "orders", Tags.of("region", "us"))) {
      eu.onInline(OffloadContext.empty(), 10);
      eu.onCircuitStateChange(CircuitState.CLOSED, CircuitState.OPEN);
      assertThat(registry.get(MicrometerOffloadListener.DELIVERIES).tags("region", "eu", "mode", "inline")
          .counter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.DELIVERIES).tags("region", "us", "mode", "inline")
          .counter().count()).isZero();
      assertThat(registry.get(MicrometerOffloadListener.CIRCUIT_STATE).tag("region", "eu").gauge().value())
          .isEqualTo(2.0);
      assertThat(registry.get(MicrometerOffloadListener.CIRCUIT_STATE).tag("region", "us").gauge().value())
          .isEqualTo(0.0);
    }
  }

  @Test
  void theRegistryOnlyConstructorUsesTheDefaultName() {
    try (MicrometerOffloadListener listener = new MicrometerOffloadListener(registry)) {
      listener.onInline(OffloadContext.empty(), 10);
      assertThat(deliveries(MicrometerOffloadListener.DEFAULT_NAME, "inline")).isEqualTo(1);
      assertThatThrownBy(() -> new MicrometerOffloadListener(registry))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void afterCloseAFailureRegistersNoMeter() {
    MicrometerOffloadListener listener = new MicrometerOffloadListener(registry, "gone");
    listener.close();
    listener.close();
    listener.onFailure(OffloadListener.Operation.OFFLOAD, new PayloadTooLargeException(2, 1));
    listener.onInline(OffloadContext.empty(), 10);
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void badArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> new MicrometerOffloadListener(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThatThrownBy(() -> new MicrometerOffloadListener(registry, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> new MicrometerOffloadListener(registry, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new MicrometerOffloadListener(registry, "a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("extraTags");
    for (String reserved : List.of("name", "mode", "operation", "exception")) {
      assertThatThrownBy(() -> new MicrometerOffloadListener(registry, "a", Tags.of(reserved, "v")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + reserved + "'");
    }
    assertThat(registry.getMeters()).as("a rejected listener registers nothing").isEmpty();
  }

  @Test
  void micrometerListenerCountsModesSizesLatencyAndBreakerState() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DownableStore switchable = new DownableStore(new InMemoryPayloadStore());
    try (PayloadOffloader o = PayloadOffloader.builder().store(switchable)
        .listener(new MicrometerOffloadListener(registry))
        .config(OffloadConfig.builder().thresholdBytes(1000).failureThreshold(1).maxRetries(0).build()).build()) {
      o.offload(new byte[10], OffloadContext.empty());
      o.offload(new byte[5000], OffloadContext.empty());
      switchable.down.set(true);
      o.offload(new byte[5000], OffloadContext.empty());
      assertThat(registry.get(MicrometerOffloadListener.DELIVERIES).tag("mode", "inline").counter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.DELIVERIES).tag("mode", "reference").counter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.DELIVERIES).tag("mode", "fallback_inline").counter().count())
          .isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.PAYLOAD_SIZE).tag("mode", "reference").summary().totalAmount())
          .isEqualTo(5000);
      assertThat(registry.get(MicrometerOffloadListener.STORE_LATENCY).timer().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerOffloadListener.CIRCUIT_STATE).gauge().value()).isEqualTo(2.0);
    }
  }

  private PayloadOffloader offloader(DownableStore store, MicrometerOffloadListener listener) {
    return PayloadOffloader.builder().store(store).executor(Runnable::run).listener(listener)
        .config(BREAKS_AT_FIRST_FAILURE).build();
  }

  private double deliveries(String name, String mode) {
    return registry.get(MicrometerOffloadListener.DELIVERIES).tags("name", name, "mode", mode).counter().count();
  }

  private double circuitState(String name) {
    return registry.get(MicrometerOffloadListener.CIRCUIT_STATE).tag("name", name).gauge().value();
  }

  private Set<Meter.Id> idsNamed(String name) {
    return registry.getMeters().stream().map(Meter::getId).filter(id -> name.equals(id.getTag("name")))
        .collect(Collectors.toSet());
  }
}

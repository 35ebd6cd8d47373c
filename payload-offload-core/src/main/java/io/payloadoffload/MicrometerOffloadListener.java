package io.payloadoffload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes what the offloader and resolver do as Micrometer meters. Micrometer is an optional
 * dependency of the core: add {@code io.micrometer:micrometer-core} to use this class. Thread-safe.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #DELIVERIES}</td><td>counter</td><td>{@code mode}: inline, reference, fallback_inline</td></tr>
 *   <tr><td>{@value #PAYLOAD_SIZE}</td><td>distribution summary, bytes</td><td>{@code mode}</td></tr>
 *   <tr><td>{@value #STORE_LATENCY}</td><td>timer of successful stores, retries included</td><td></td></tr>
 *   <tr><td>{@value #RESOLVE_LATENCY}</td><td>timer of verified resolves</td><td></td></tr>
 *   <tr><td>{@value #FAILURES}</td><td>counter</td><td>{@code operation}: offload, resolve;
 *       {@code exception}: simple class name</td></tr>
 *   <tr><td>{@value #CIRCUIT_STATE}</td><td>gauge: 0 closed, 1 half-open, 2 open</td><td></td></tr>
 * </table>
 */
public final class MicrometerOffloadListener implements OffloadListener {
  /** Counter of deliveries by mode: {@value}. */
  public static final String DELIVERIES = "payload.offload.deliveries";
  /** Distribution of payload sizes in bytes by mode: {@value}. */
  public static final String PAYLOAD_SIZE = "payload.offload.payload.size";
  /** Timer of store writes: {@value}. */
  public static final String STORE_LATENCY = "payload.offload.store.latency";
  /** Timer of resolves: {@value}. */
  public static final String RESOLVE_LATENCY = "payload.offload.resolve.latency";
  /** Counter of failures by operation and exception: {@value}. */
  public static final String FAILURES = "payload.offload.failures";
  /** Gauge of the circuit breaker's state: {@value}. */
  public static final String CIRCUIT_STATE = "payload.offload.circuit.state";

  private final MeterRegistry registry;
  private final Map<Delivery.Mode, Counter> deliveries = new EnumMap<>(Delivery.Mode.class);
  private final Map<Delivery.Mode, DistributionSummary> sizes = new EnumMap<>(Delivery.Mode.class);
  private final Timer storeLatency;
  private final Timer resolveLatency;
  private final AtomicInteger circuitState = new AtomicInteger();

  /**
   * Registers the meters.
   *
   * @param registry where to register them
   * @throws NullPointerException if {@code registry} is null
   */
  public MicrometerOffloadListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    for (Delivery.Mode mode : Delivery.Mode.values()) {
      String tag = mode.name().toLowerCase(java.util.Locale.ROOT);
      deliveries.put(mode, Counter.builder(DELIVERIES).tag("mode", tag)
          .description("Payloads routed, by how they travel").register(registry));
      sizes.put(mode, DistributionSummary.builder(PAYLOAD_SIZE).tag("mode", tag).baseUnit("bytes")
          .description("Original payload sizes").register(registry));
    }
    storeLatency = Timer.builder(STORE_LATENCY).description("Time to store one payload, retries included")
        .register(registry);
    resolveLatency = Timer.builder(RESOLVE_LATENCY).description("Time to resolve and verify one payload")
        .register(registry);
    Gauge.builder(CIRCUIT_STATE, circuitState, AtomicInteger::get)
        .description("Store circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
  }

  private void delivered(Delivery.Mode mode, long sizeBytes) {
    deliveries.get(mode).increment();
    sizes.get(mode).record(sizeBytes);
  }

  @Override
  public void onInline(OffloadContext context, long sizeBytes) {
    delivered(Delivery.Mode.INLINE, sizeBytes);
  }

  @Override
  public void onOffloaded(OffloadContext context, PayloadEnvelope envelope, Duration storeLatency) {
    delivered(Delivery.Mode.REFERENCE, envelope.payloadSizeBytes());
    this.storeLatency.record(storeLatency);
  }

  @Override
  public void onFallback(OffloadContext context, long sizeBytes, Throwable cause) {
    delivered(Delivery.Mode.FALLBACK_INLINE, sizeBytes);
  }

  @Override
  public void onResolved(PayloadEnvelope envelope, Duration latency) {
    resolveLatency.record(latency);
  }

  @Override
  public void onFailure(Operation operation, PayloadOffloadException error) {
    registry.counter(FAILURES, "operation", operation.name().toLowerCase(java.util.Locale.ROOT),
        "exception", error.getClass().getSimpleName()).increment();
  }

  @Override
  public void onCircuitStateChange(CircuitState from, CircuitState to) {
    circuitState.set(to == CircuitState.OPEN ? 2 : to == CircuitState.HALF_OPEN ? 1 : 0);
  }
}

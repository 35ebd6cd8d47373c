package io.payloadoffload.micrometer;

import io.payloadoffload.exception.PayloadOffloadException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes what the offloader and resolver do as Micrometer meters. It lives in its own module,
 * {@code payload-offload-micrometer}, as HikariCP's metrics trackers do, so that the core does not
 * depend on Micrometer.
 *
 * <p>Every meter carries the tag {@value #NAME_TAG} with this listener's name, plus any extra tags
 * given at construction, so several listeners (one per offloader and resolver pair, say) share one
 * registry without sharing a counter or the breaker gauge. One listener may be given to both an
 * offloader and a resolver. {@link #close()} removes exactly this listener's meters.
 *
 * <table>
 *   <caption>Meters (each also tagged {@value #NAME_TAG} and the extra tags)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #DELIVERIES}</td><td>counter</td><td>{@code mode}: inline, reference, fallback_inline</td></tr>
 *   <tr><td>{@value #PAYLOAD_SIZE}</td><td>distribution summary, bytes</td><td>{@code mode}</td></tr>
 *   <tr><td>{@value #STORE_LATENCY}</td><td>timer of successful stores, retries included</td><td></td></tr>
 *   <tr><td>{@value #RESOLVE_LATENCY}</td><td>timer of verified resolves</td><td></td></tr>
 *   <tr><td>{@value #FAILURES}</td><td>counter, registered at the first failure of each kind</td>
 *       <td>{@code operation}: offload, resolve; {@code exception}: simple class name</td></tr>
 *   <tr><td>{@value #CIRCUIT_STATE}</td><td>gauge: 0 closed, 1 half-open, 2 open</td><td></td></tr>
 * </table>
 *
 * <p>Thread-safe.
 */
public final class MicrometerOffloadListener implements OffloadListener, AutoCloseable {
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
  /** The tag that names the listener on every meter: {@value}. */
  public static final String NAME_TAG = "name";
  /** The name used by {@link #MicrometerOffloadListener(MeterRegistry)}: {@value}. */
  public static final String DEFAULT_NAME = "default";

  private static final String MODE_TAG = "mode";
  private static final String OPERATION_TAG = "operation";
  private static final String EXCEPTION_TAG = "exception";
  private static final Set<String> RESERVED_TAG_KEYS = Set.of(NAME_TAG, MODE_TAG, OPERATION_TAG, EXCEPTION_TAG);
  /** Makes "is this name free?" and registering it one step among listeners. */
  private static final Object REGISTRATION = new Object();

  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<Delivery.Mode, Counter> deliveries = new EnumMap<>(Delivery.Mode.class);
  private final Map<Delivery.Mode, DistributionSummary> sizes = new EnumMap<>(Delivery.Mode.class);
  private final Timer storeLatency;
  private final Timer resolveLatency;
  private final AtomicInteger circuitState = new AtomicInteger();
  private final List<Meter> meters;
  private final ConcurrentMap<FailureKind, Counter> failures = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Registers the meters under the name {@value #DEFAULT_NAME}. Only one such listener can be open
   * on a registry at a time; give each instance its own name with
   * {@link #MicrometerOffloadListener(MeterRegistry, String)} when there are several.
   *
   * @param registry where to register them
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalArgumentException if an open listener named {@value #DEFAULT_NAME} with no extra
   *     tags is already registered on {@code registry}
   */
  public MicrometerOffloadListener(MeterRegistry registry) {
    this(registry, DEFAULT_NAME);
  }

  /**
   * Registers the meters, each tagged {@value #NAME_TAG}={@code name}.
   *
   * @param registry where to register them
   * @param name this listener's name, for example the name of the service or channel it observes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank, or an open listener with the same name
   *     and no extra tags is already registered on {@code registry}
   */
  public MicrometerOffloadListener(MeterRegistry registry, String name) {
    this(registry, name, Tags.empty());
  }

  /**
   * Registers the meters, each tagged {@value #NAME_TAG}={@code name} and with the extra tags.
   *
   * <p>Two listeners whose name and extra tags are both equal would publish the same meters, so the
   * second one is rejected until the first is {@linkplain #close() closed}. Listeners that differ in
   * their name or in any extra tag have separate meters.
   *
   * @param registry where to register them
   * @param name this listener's name, for example the name of the service or channel it observes
   * @param extraTags tags added to every meter, such as {@code Tags.of("region", "eu")}; may be empty
   * @throws NullPointerException if an argument, or one of the tags, is null
   * @throws IllegalArgumentException if {@code name} is blank; if an extra tag uses a key this listener
   *     sets itself ({@code name}, {@code mode}, {@code operation}, {@code exception}); or if an open
   *     listener with the same name and extra tags is already registered on {@code registry}
   */
  public MicrometerOffloadListener(MeterRegistry registry, String name, Iterable<Tag> extraTags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(extraTags, "extraTags");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    for (Tag tag : extraTags) {
      Objects.requireNonNull(tag, "extraTags contains null");
      if (RESERVED_TAG_KEYS.contains(tag.getKey())) {
        throw new IllegalArgumentException("extraTags must not use the key '" + tag.getKey()
            + "': the listener sets " + RESERVED_TAG_KEYS + " itself");
      }
    }
    this.tags = Tags.of(extraTags).and(NAME_TAG, name);
    List<Meter> registered = new ArrayList<>();
    synchronized (REGISTRATION) {
      List<Meter> before = registry.getMeters();
      Gauge gauge = Gauge.builder(CIRCUIT_STATE, circuitState, AtomicInteger::get).tags(tags)
          .description("Store circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
      if (before.stream().anyMatch(m -> m == gauge)) {
        throw new IllegalArgumentException("a MicrometerOffloadListener with tags " + tags
            + " is already registered on this registry; give each listener its own name, or close the"
            + " other one first");
      }
      registered.add(gauge);
      for (Delivery.Mode mode : Delivery.Mode.values()) {
        String tag = lowerCase(mode);
        deliveries.put(mode, Counter.builder(DELIVERIES).tags(tags).tag(MODE_TAG, tag)
            .description("Payloads routed, by how they travel").register(registry));
        sizes.put(mode, DistributionSummary.builder(PAYLOAD_SIZE).tags(tags).tag(MODE_TAG, tag).baseUnit("bytes")
            .description("Original payload sizes").register(registry));
      }
      storeLatency = Timer.builder(STORE_LATENCY).tags(tags)
          .description("Time to store one payload, retries included").register(registry);
      resolveLatency = Timer.builder(RESOLVE_LATENCY).tags(tags)
          .description("Time to resolve and verify one payload").register(registry);
    }
    registered.addAll(deliveries.values());
    registered.addAll(sizes.values());
    registered.add(storeLatency);
    registered.add(resolveLatency);
    this.meters = List.copyOf(registered);
  }

  /**
   * Removes every meter of this listener from the registry, leaving other listeners' meters in
   * place; afterwards, events are no longer published, and the name may be used again. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    meters.forEach(registry::remove);
    failures.values().forEach(registry::remove);
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
    if (closed) {
      return;
    }
    FailureKind kind = new FailureKind(operation, error.getClass().getSimpleName());
    Counter counter = failures.computeIfAbsent(kind, k -> Counter.builder(FAILURES).tags(tags)
        .tag(OPERATION_TAG, lowerCase(k.operation())).tag(EXCEPTION_TAG, k.exception())
        .description("Offloads and resolves that ended in an exception").register(registry));
    if (closed) {
      // close() may have swept the map before this counter was added to it.
      registry.remove(counter);
      return;
    }
    counter.increment();
  }

  @Override
  public void onCircuitStateChange(CircuitState from, CircuitState to) {
    circuitState.set(to == CircuitState.OPEN ? 2 : to == CircuitState.HALF_OPEN ? 1 : 0);
  }

  private static String lowerCase(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private record FailureKind(Operation operation, String exception) {}
}

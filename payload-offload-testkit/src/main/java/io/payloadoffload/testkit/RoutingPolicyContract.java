package io.payloadoffload.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.routing.PayloadFacts;
import io.payloadoffload.routing.RoutingDecision.Rejection;
import io.payloadoffload.routing.RoutingDecision.Route;
import io.payloadoffload.routing.RoutingDecision;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.TransportLimit;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The laws every {@link RoutingPolicy} keeps, as jqwik properties, like
 * {@link PayloadStoreCompatibilityKit} for stores. A user's test class extends it and says what its
 * policy is and which limits it keeps:
 *
 * <pre>{@code
 * class MyPolicyContractTest extends RoutingPolicyContract {
 *   protected RoutingPolicy policy() { return MyPolicies.forTools(); }
 *   protected long maxPayloadBytes() { return 10_485_760; }
 *   protected List<Long> sizeBoundaries() { return List.of(1_048_576L, 4_096L); }
 * }
 * }</pre>
 *
 * <p>The laws, checked on generated {@link PayloadFacts} ({@link RoutingArbitraries}), each with the
 * store up and down:
 * <ul>
 *   <li>no {@link Route#INLINE} decision for a message larger than {@link #transportLimit()};</li>
 *   <li>nothing larger than {@link #maxPayloadBytes()} is {@link Route#OFFLOAD}ed;</li>
 *   <li>an unavailable store never yields {@link Route#OFFLOAD};</li>
 *   <li>the same facts, and equal facts, give the same decision;</li>
 *   <li>if {@link #monotonicInSize()}: as the size grows, other facts fixed, decisions only move
 *       from inline to offload to reject.</li>
 * </ul>
 * And {@link #theOffloaderDoesWhatThePolicyDecides} drives a real {@link PayloadOffloader} with the
 * policy, through {@code offload(byte[])}, {@code offloadJson} and {@code offload(InputStream)}, with
 * an {@link InMemoryPayloadStore} that is up, failing, or behind an open circuit breaker, and checks that
 * it does what the policy decides: inline bytes are the payload's, a reference resolves to them, a
 * fallback is reported as one, a rejection throws the documented exception and stores nothing (for
 * bytes and JSON, it does not call the store at all). For a stream longer than the configuration's {@code thresholdBytes}, it expects the decision taken on the
 * first {@code thresholdBytes + 1} bytes, as {@code offload(InputStream)} documents.
 *
 * <p>Each property gets a new instance of the subclass. Needs jqwik on the test class path (an
 * optional dependency of this module): jqwik runs the properties, so the class name of the subclass
 * must be one the build's test runner includes.
 */
public abstract class RoutingPolicyContract {
  /** Default of {@link #largestOffloadedPayloadBytes()}: {@value} bytes (128 KiB). */
  public static final int DEFAULT_LARGEST_OFFLOADED_PAYLOAD_BYTES = 128 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a payload reaches the offloader. */
  public enum EntryPoint {
    /** {@code offload(byte[], OffloadContext)}. */
    BYTES,
    /** {@code offloadJson(Object, OffloadContext)}, with a string value. */
    JSON,
    /** {@code offload(InputStream, OffloadContext)}. */
    STREAM
  }

  /** The store behind the offloader. */
  public enum StoreState {
    /** Working. */
    UP,
    /** Every call fails; the breaker is still closed when the payload comes. */
    FAILING,
    /** Down, and the breaker opened by an earlier failure. */
    BREAKER_OPEN
  }

  /** What bytes a generated payload holds: they decide how JSON escaping grows it. */
  public enum Content {
    /** Printable ASCII. */
    TEXT,
    /** Quotes, backslashes, line breaks and control characters, which JSON escapes. */
    ESCAPED,
    /** Random bytes, mostly not valid UTF-8. */
    RANDOM
  }

  /**
   * The policy under test. Called once per generated case, so it may build a new one each time.
   *
   * @return the policy
   */
  protected abstract RoutingPolicy policy();

  /**
   * The largest payload the policy may store.
   *
   * @return the limit in bytes
   */
  protected abstract long maxPayloadBytes();

  /**
   * Sizes where the policy may change its mind: thresholds, per-tool thresholds, the largest inline
   * fallback. Generated sizes concentrate at each one and one byte either side; the transport limit's
   * boundary and {@link #maxPayloadBytes()} are added. Default: none.
   *
   * @return the sizes in bytes
   */
  protected List<Long> sizeBoundaries() {
    return List.of();
  }

  /**
   * Token counts where the policy may change its mind (token budgets). Default: none.
   *
   * @return the counts
   */
  protected List<Long> tokenBudgets() {
    return List.of();
  }

  /**
   * The transport limit no inline message may pass.
   *
   * @return the limit; default {@link RoutingPolicy#transportLimit()} of {@link #policy()}
   */
  protected Optional<TransportLimit> transportLimit() {
    return policy().transportLimit();
  }

  /**
   * Whether the policy promises decisions monotonic in size. Default {@code true}, which every policy
   * of {@link RoutingPolicy#builder()} keeps.
   *
   * @return whether to check it
   */
  protected boolean monotonicInSize() {
    return true;
  }

  /**
   * Tools the policy treats specially; generated facts also have other tools and none. Default: none.
   *
   * @return the tool names
   */
  protected List<String> toolNames() {
    return List.of();
  }

  /**
   * Content types to generate; each also in upper case and with a charset parameter. Default
   * {@link RoutingArbitraries#DEFAULT_CONTENT_TYPES}.
   *
   * @return media types
   */
  protected List<String> contentTypes() {
    return RoutingArbitraries.DEFAULT_CONTENT_TYPES;
  }

  /**
   * The largest size of generated facts. Default: twice the largest boundary, at least 1 MiB.
   *
   * @return bytes
   */
  protected long largestGeneratedSizeBytes() {
    long largest = 1_048_576;
    for (long b : boundaries()) {
      largest = Math.max(largest, b);
    }
    return largest > Long.MAX_VALUE / 12 ? Long.MAX_VALUE / 12 : 2 * largest;
  }

  /**
   * The configuration of the offloader in {@link #theOffloaderDoesWhatThePolicyDecides}. It sets how
   * much of a stream is read before deciding, and the memory bounds of streams; the contract sets one
   * failure to open the breaker and no retries. Default {@link OffloadConfig#defaults()}.
   *
   * @return the configuration
   */
  protected OffloadConfig offloaderConfig() {
    return OffloadConfig.defaults();
  }

  /**
   * The largest payload {@link #theOffloaderDoesWhatThePolicyDecides} sends, which keeps it fast.
   * Boundaries above it are not reached there. Default
   * {@value #DEFAULT_LARGEST_OFFLOADED_PAYLOAD_BYTES}.
   *
   * @return bytes
   */
  protected int largestOffloadedPayloadBytes() {
    return DEFAULT_LARGEST_OFFLOADED_PAYLOAD_BYTES;
  }

  /**
   * Generated facts for this policy's limits.
   *
   * @return the facts
   */
  @Provide
  public Arbitrary<PayloadFacts> facts() {
    return RoutingArbitraries.facts(largestGeneratedSizeBytes(), boundaries(), transportLimit(), contentTypes(),
        toolNames(), tokenBudgets());
  }

  /**
   * No inline decision, with the store up or down, for a message larger than the transport limit.
   *
   * @param facts generated facts
   */
  @Property(tries = 1000)
  public void noInlineMessageIsLargerThanTheTransportLimit(@ForAll("facts") PayloadFacts facts) {
    Optional<TransportLimit> limit = transportLimit();
    if (limit.isEmpty()) {
      return;
    }
    for (PayloadFacts f : upAndDown(facts)) {
      RoutingDecision d = decide(f);
      if (d.route() == Route.INLINE) {
        assertThat(f.framedSizeBytes())
            .as("an inline message of %d bytes (framed size) would pass the transport limit of %d bytes: %s",
                f.framedSizeBytes(), limit.get().maxMessageBytes(), f)
            .isLessThanOrEqualTo(limit.get().maxMessageBytes());
      }
    }
  }

  /**
   * Nothing larger than {@link #maxPayloadBytes()} is stored.
   *
   * @param facts generated facts
   */
  @Property(tries = 1000)
  public void nothingLargerThanTheMaximumIsStored(@ForAll("facts") PayloadFacts facts) {
    for (PayloadFacts f : upAndDown(facts)) {
      if (decide(f).route() == Route.OFFLOAD) {
        assertThat(f.sizeBytes()).as("stored a payload above the maximum: %s", f)
            .isLessThanOrEqualTo(maxPayloadBytes());
      }
    }
  }

  /**
   * With the store unavailable the decision is never to store.
   *
   * @param facts generated facts
   */
  @Property(tries = 1000)
  public void anUnavailableStoreNeverYieldsAReference(@ForAll("facts") PayloadFacts facts) {
    PayloadFacts down = facts.withStoreAvailable(false);
    assertThat(decide(down).route()).as("decision with the store down: %s", down).isNotEqualTo(Route.OFFLOAD);
  }

  /**
   * The same facts, asked twice, and equal facts built anew, give equal decisions.
   *
   * @param facts generated facts
   */
  @Property(tries = 1000)
  public void theSameFactsGiveTheSameDecision(@ForAll("facts") PayloadFacts facts) {
    RoutingDecision first = decide(facts);
    PayloadFacts copy = new PayloadFacts(facts.sizeBytes(), facts.framedSizeBytes(),
        new String(facts.contentType().toCharArray()),
        facts.toolName() == null ? null : new String(facts.toolName().toCharArray()),
        facts.sessionId() == null ? null : new String(facts.sessionId().toCharArray()),
        new HashMap<>(facts.metadata()), facts.estimatedTokens(), facts.storeAvailable());
    assertThat(decide(facts)).as("asked twice: %s", facts).isEqualTo(first);
    assertThat(decide(copy)).as("equal facts: %s", facts).isEqualTo(first);
  }

  /**
   * If {@link #monotonicInSize()}: a larger payload, everything else the same (its framed size grown by
   * as many bytes), never gets a less restrictive route.
   *
   * @param facts generated facts
   * @param other another generated size
   */
  @Property(tries = 1000)
  public void decisionsAreMonotonicInSize(@ForAll("facts") PayloadFacts facts, @ForAll("sizes") long other) {
    if (!monotonicInSize() || other == facts.sizeBytes()) {
      return;
    }
    long grow = Math.abs(other - facts.sizeBytes());
    PayloadFacts small = other > facts.sizeBytes() ? facts : withSize(facts, other, facts.framedSizeBytes() - grow);
    PayloadFacts large = other > facts.sizeBytes() ? withSize(facts, other, facts.framedSizeBytes() + grow) : facts;
    Route smallRoute = decide(small).route();
    Route largeRoute = decide(large).route();
    assertThat(largeRoute).as("%s for %s but %s for the larger %s", smallRoute, small, largeRoute, large)
        .isGreaterThanOrEqualTo(smallRoute);
  }

  /**
   * Sizes for the second payload of {@link #decisionsAreMonotonicInSize}.
   *
   * @return the sizes
   */
  @Provide
  public Arbitrary<Long> sizes() {
    return RoutingArbitraries.sizes(largestGeneratedSizeBytes(), boundaries());
  }

  /**
   * A real {@link PayloadOffloader} with this policy does what the policy decides, through every
   * entry point and in every store state.
   *
   * @param payload generated payload and context
   * @param entry how the payload is given
   * @param state the store's state
   */
  @Property(tries = 150)
  public void theOffloaderDoesWhatThePolicyDecides(@ForAll("payloads") Payload payload,
      @ForAll EntryPoint entry, @ForAll StoreState state) {
    RoutingPolicy policy = policy();
    OffloadConfig config = offloaderConfig().toBuilder().failureThreshold(1).maxRetries(0)
        .openDuration(Duration.ofHours(1)).build();
    byte[] bytes = entry == EntryPoint.JSON ? payload.json() : payload.bytes;
    Switchable store = new Switchable();
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config).routingPolicy(policy)
        .executor(Runnable::run).build();
        PayloadResolver resolver = PayloadResolver.builder().store(store).executor(Runnable::run).build()) {
      Supplier<Delivery> call = () -> switch (entry) {
        case BYTES -> offloader.offload(payload.bytes, payload.context);
        case JSON -> offloader.offloadJson(payload.text(), payload.context);
        case STREAM -> offloader.offload(new ByteArrayInputStream(payload.bytes), payload.context);
      };
      store.down.set(state != StoreState.UP);
      if (state == StoreState.BREAKER_OPEN) {
        try {
          call.get();
        } catch (PayloadOffloadException e) {
          // Opening the breaker; what this call does is checked in the FAILING state.
        }
      }
      StoreState actual = state == StoreState.UP ? StoreState.UP
          : offloader.circuitState() == CircuitState.OPEN ? StoreState.BREAKER_OPEN : StoreState.FAILING;
      Expected expected = new Model(policy, config, payload.context, entry).expect(bytes, actual);
      int puts = store.puts.get();
      int stored = store.stored.get();
      String what = entry + ", " + actual + ", " + bytes.length + " bytes, " + payload.context;
      switch (expected) {
        case TOO_LARGE -> {
          assertThatThrownBy(call::get).as(what).isInstanceOf(PayloadTooLargeException.class);
          assertThat(store.stored.get()).as("nothing stored for a payload too large: %s", what).isEqualTo(stored);
          if (entry != EntryPoint.STREAM) {
            assertThat(store.puts.get()).as("no store call for a payload too large: %s", what).isEqualTo(puts);
          }
        }
        case UNAVAILABLE -> assertThatThrownBy(call::get).as(what).isInstanceOf(StoreUnavailableException.class);
        case REFERENCE -> {
          Delivery d = call.get();
          assertThat(d.mode()).as(what).isEqualTo(Delivery.Mode.REFERENCE);
          assertThat(d.envelope().payloadSizeBytes()).as(what).isLessThanOrEqualTo(maxPayloadBytes());
          assertThat(resolver.resolve(d.envelope(), payload.context.sessionId().orElse(null)))
              .as(what).isEqualTo(bytes);
        }
        default -> {
          Delivery d = call.get();
          assertThat(d.mode()).as(what).isEqualTo(expected == Expected.INLINE ? Delivery.Mode.INLINE
              : Delivery.Mode.FALLBACK_INLINE);
          assertThat(d.inlineBytes()).as(what).isEqualTo(bytes);
        }
      }
      if (actual == StoreState.BREAKER_OPEN) {
        assertThat(store.puts.get()).as("no store call while the breaker is open: %s", what).isEqualTo(puts);
      }
    }
  }

  /**
   * Payloads up to {@link #largestOffloadedPayloadBytes()}, sized around the boundaries, of every
   * {@link Content}, with generated contexts.
   *
   * @return the payloads
   */
  @Provide
  public Arbitrary<Payload> payloads() {
    int max = largestOffloadedPayloadBytes();
    List<Long> near = new ArrayList<>(boundaries());
    near.add(offloaderConfig().thresholdBytes());
    Arbitrary<OffloadContext> contexts = Combinators.combine(RoutingArbitraries.toolNames(toolNames()),
        RoutingArbitraries.sessions(), RoutingArbitraries.contentTypes(contentTypes()).injectNull(0.3),
        RoutingArbitraries.metadata()).as((tool, session, type, meta) -> {
          return OffloadContext.of(session, tool).withContentType(type).withMetadata(meta);
        });
    return Combinators.combine(RoutingArbitraries.sizes(max, near), Arbitraries.of(Content.class),
        Arbitraries.longs(), contexts).as((size, content, seed, context) ->
            new Payload(content(Math.toIntExact(size), content, seed), context));
  }

  /** A generated payload and its context. */
  public static final class Payload {
    final byte[] bytes;
    final OffloadContext context;

    Payload(byte[] bytes, OffloadContext context) {
      this.bytes = bytes;
      this.context = context;
    }

    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    byte[] json() {
      try {
        return JSON.writeValueAsBytes(text());
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The size and context; never the bytes, which jqwik would print in a report.
     *
     * @return a description
     */
    @Override
    public String toString() {
      return "Payload[" + bytes.length + " bytes, " + context + "]";
    }
  }

  private List<Long> boundaries() {
    List<Long> all = new ArrayList<>(sizeBoundaries());
    all.add(maxPayloadBytes());
    return all;
  }

  private RoutingDecision decide(PayloadFacts facts) {
    RoutingDecision d = policy().decide(facts);
    assertThat(d).as("the decision for %s", facts).isNotNull();
    return d;
  }

  private static List<PayloadFacts> upAndDown(PayloadFacts facts) {
    return List.of(facts.withStoreAvailable(true), facts.withStoreAvailable(false));
  }

  private static PayloadFacts withSize(PayloadFacts f, long size, long framed) {
    return new PayloadFacts(size, framed, f.contentType(), f.toolName(), f.sessionId(), f.metadata(),
        f.estimatedTokens(), f.storeAvailable());
  }

  private static byte[] content(int size, Content content, long seed) {
    byte[] b = new byte[size];
    Random random = new Random(seed);
    switch (content) {
      case TEXT -> Arrays.fill(b, (byte) 'x');
      case ESCAPED -> {
        byte[] escaped = {'"', '\\', '\n', '\t', 0x01, 0x1f, 'a'};
        for (int i = 0; i < size; i++) {
          b[i] = escaped[random.nextInt(escaped.length)];
        }
      }
      case RANDOM -> random.nextBytes(b);
    }
    return b;
  }

  /** What the offloader must do with a payload. */
  private enum Expected { INLINE, REFERENCE, FALLBACK_INLINE, TOO_LARGE, UNAVAILABLE }

  /**
   * The offloader's documented use of a policy: the facts it computes for a payload, and what it then
   * does in each store state.
   */
  private static final class Model {
    private final RoutingPolicy policy;
    private final OffloadConfig config;
    private final OffloadContext context;
    private final EntryPoint entry;
    private final String defaultType;

    Model(RoutingPolicy policy, OffloadConfig config, OffloadContext context, EntryPoint entry) {
      this.policy = policy;
      this.config = config;
      this.context = context;
      this.entry = entry;
      this.defaultType = entry == EntryPoint.JSON ? "application/json" : PayloadHeader.DEFAULT_CONTENT_TYPE;
    }

    Expected expect(byte[] bytes, StoreState state) {
      return entry == EntryPoint.STREAM ? streamed(bytes, state) : routed(bytes, state);
    }

    /** As {@code offload(InputStream)}: decided on the first {@code thresholdBytes + 1} bytes. */
    Expected streamed(byte[] bytes, StoreState state) {
      long probe = config.thresholdBytes();
      if (bytes.length <= probe) {
        return routed(bytes, state);
      }
      boolean available = state != StoreState.BREAKER_OPEN;
      byte[] head = Arrays.copyOf(bytes, (int) probe + 1);
      RoutingDecision d = policy.decide(facts(head, available));
      if (d.route() == Route.OFFLOAD && available) {
        if (state == StoreState.UP) {
          return bytes.length > config.maxPayloadBytes() ? Expected.TOO_LARGE : Expected.REFERENCE;
        }
        return fallback(prefix(bytes, config.maxInlineBytes()));
      }
      if (d.rejection() == Rejection.TOO_LARGE) {
        return Expected.TOO_LARGE;
      }
      if (d.route() == Route.REJECT) {
        return fallback(head);
      }
      long limit = available ? config.maxPayloadBytes() : config.maxInlineBytes();
      if (bytes.length > limit) {
        return available ? Expected.TOO_LARGE : fallback(prefix(bytes, limit));
      }
      return routed(bytes, state);
    }

    /** As {@code offload(byte[])} and {@code offloadJson}. */
    Expected routed(byte[] bytes, StoreState state) {
      boolean available = state != StoreState.BREAKER_OPEN;
      PayloadFacts facts = facts(bytes, available);
      RoutingDecision d = policy.decide(facts);
      if (d.rejection() == Rejection.TOO_LARGE) {
        return Expected.TOO_LARGE;
      }
      if (!available) {
        return d.route() != Route.INLINE || policy.decide(facts.withStoreAvailable(true)).route() == Route.OFFLOAD
            ? fallback(bytes) : Expected.INLINE;
      }
      return switch (d.route()) {
        case INLINE -> Expected.INLINE;
        case REJECT -> Expected.UNAVAILABLE;
        case OFFLOAD -> state == StoreState.UP ? Expected.REFERENCE : fallback(bytes);
      };
    }

    private Expected fallback(byte[] bytes) {
      RoutingDecision d = policy.decide(facts(bytes, false));
      return d.route() == Route.INLINE ? Expected.FALLBACK_INLINE
          : d.rejection() == Rejection.TOO_LARGE ? Expected.TOO_LARGE : Expected.UNAVAILABLE;
    }

    private PayloadFacts facts(byte[] bytes, boolean available) {
      String type = context.contentType().orElse(defaultType);
      long size = bytes.length;
      long framed = policy.transportLimit().map(t -> t.framedSizeBytes(bytes)).orElse(size);
      return new PayloadFacts(size, Math.max(size, framed), type, context.toolName().orElse(null),
          context.sessionId().orElse(null), context.metadata(), policy.tokenEstimator().estimate(size, type),
          available);
    }

    private static byte[] prefix(byte[] bytes, long limit) {
      return bytes.length <= limit ? bytes : Arrays.copyOf(bytes, (int) limit + 1);
    }
  }

  /**
   * An in-memory store that fails every call while {@link #down} is set, and counts puts begun and
   * puts that stored a payload. A stream's put that the offloader aborts (too large) begins but stores
   * nothing.
   */
  private static final class Switchable extends ForwardingPayloadStore {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger stored = new AtomicInteger();

    Switchable() {
      super(new InMemoryPayloadStore());
    }

    @Override
    public void put(PayloadBody body) {
      puts.incrementAndGet();
      if (down.get()) {
        throw new PayloadStoreException("store is down (RoutingPolicyContract)", body.header().id(), false, null);
      }
      super.put(body);
      stored.incrementAndGet();
    }

    @Override
    public Optional<StoredPayload> open(String id) {
      if (down.get()) {
        throw new PayloadStoreException("store is down (RoutingPolicyContract)", id, false, null);
      }
      return super.open(id);
    }
  }
}

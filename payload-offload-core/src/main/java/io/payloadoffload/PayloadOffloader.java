package io.payloadoffload;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadSourceException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.codec.Codecs;
import io.payloadoffload.internal.concurrent.FastPaths;
import io.payloadoffload.internal.integrity.Checksummer;
import io.payloadoffload.internal.integrity.ParallelChecksum;
import io.payloadoffload.internal.pipeline.CallerFaultStream;
import io.payloadoffload.internal.pipeline.CompressingInputStream;
import io.payloadoffload.internal.pipeline.Ids;
import io.payloadoffload.internal.pipeline.SerializedJson;
import io.payloadoffload.internal.resilience.StoreGuard;
import io.payloadoffload.routing.PayloadFacts;
import io.payloadoffload.routing.RoutingDecision.Rejection;
import io.payloadoffload.routing.RoutingDecision.Route;
import io.payloadoffload.routing.RoutingDecision;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.TokenEstimator;
import io.payloadoffload.routing.TransportLimit;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's side of the claim check. It measures each payload and returns a {@link Delivery}:
 * small payloads go inline, large ones are compressed, checksummed and written to the
 * {@link PayloadStore}, and an envelope goes in their place.
 *
 * <p>The rules, in order (see {@link OffloadConfig}): offloading disabled, or size at most
 * {@link OffloadConfig#thresholdBytes()}: inline. Size above {@link OffloadConfig#maxPayloadBytes()}:
 * {@link PayloadTooLargeException} before any I/O. Otherwise the payload is stored. When the store
 * fails (after retries) or the circuit breaker is open, the payload is delivered
 * {@link Delivery.Mode#FALLBACK_INLINE} if fallback is on and it fits
 * {@link OffloadConfig#maxInlineBytes()}; otherwise {@link StoreUnavailableException} is thrown. A
 * payload is never dropped silently.
 *
 * <p>Thread-safe: build one per store and share it. The {@code *Async} methods run on the configured
 * executor so that a transport's I/O thread never blocks on the store. {@link #close()} shuts down the
 * executor only if the offloader created it; it never closes the store.
 */
public final class PayloadOffloader implements AutoCloseable {
  /** Threads of the executor created when none is given: {@value}. */
  public static final int DEFAULT_ASYNC_THREADS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(PayloadOffloader.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String JSON = "application/json";
  private static final int SAMPLE_BYTES = 256 * 1024;
  /** The largest array the JVM reliably allocates. */
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final PayloadStore store;
  private final OffloadConfig config;
  private final OffloadListener listener;
  private final SharedSettings.AsyncCalls async;
  private final Clock clock;
  private final Codec codec;
  private final StoreGuard guard;
  private final RoutingPolicy policy;
  private final TransportLimit transport;
  private final TokenEstimator tokens;

  private PayloadOffloader(Builder b) {
    this.store = b.settings.requireStore();
    this.config = b.config;
    this.listener = b.settings.listener();
    this.clock = b.settings.clock();
    this.codec = Codecs.forPayloads(config.compression(), config.compressionLevel(), config.checksumEnabled());
    this.guard = new StoreGuard(config, this::circuitChanged, LOG);
    this.policy = b.policy != null ? b.policy : config.routingPolicy();
    this.transport = policy.transportLimit().orElse(null);
    this.tokens = policy.tokenEstimator();
    this.async = b.settings.asyncCalls("payload-offload", DEFAULT_ASYNC_THREADS);
  }

  /**
   * A new builder. A store is required; everything else has a default.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Routes one payload.
   *
   * @param payload the bytes; not copied, so do not change them until the call returns
   * @param context who the payload is for and where it came from
   * @return what to send
   * @throws PayloadTooLargeException if the payload is larger than the maximum; nothing was stored
   * @throws StoreUnavailableException if the store is unavailable and the payload cannot go inline
   * @throws NullPointerException if an argument is null
   */
  public Delivery offload(byte[] payload, OffloadContext context) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(context, "context");
    return route(payload, context, PayloadHeader.DEFAULT_CONTENT_TYPE);
  }

  /**
   * Serializes a value to JSON exactly once and routes the bytes. The content type recorded is
   * {@code application/json} unless the context names one. Once the JSON passes the threshold, the
   * bytes already written are compressed on another core while the rest is serialized, so a large
   * document costs about the longer of serializing and compressing rather than both.
   *
   * @param valueOrJsonNode any value Jackson can serialize, including a {@code JsonNode} tree
   * @param context who the payload is for and where it came from
   * @return what to send
   * @throws IllegalArgumentException if the value cannot be serialized to JSON
   * @throws PayloadTooLargeException if the JSON is larger than the maximum; nothing was stored
   * @throws StoreUnavailableException if the store is unavailable and the payload cannot go inline
   * @throws NullPointerException if the context is null
   */
  public Delivery offloadJson(Object valueOrJsonNode, OffloadContext context) {
    Objects.requireNonNull(context, "context");
    if (!FastPaths.SERIALIZED_JSON) {
      return route(jsonBytes(valueOrJsonNode), context, JSON);
    }
    boolean available = !guard.isKnownDown();
    boolean compressing = available && config.enabled() && config.compression() != Compression.NONE;
    try (SerializedJson json = SerializedJson.serialize(MAPPER, valueOrJsonNode,
        compressing ? codec : null, config.thresholdBytes(),
        available && config.checksumEnabled() ? config.checksumAlgorithm() : null)) {
      byte[] framed = transport == null ? null : json.bytes();
      PayloadFacts facts = facts(context, JSON, json.size(), framed, available);
      RoutingDecision decision = policy.decide(facts);
      Supplier<byte[]> bytes = framed != null ? () -> framed : json::bytes;
      if (decision.route() == Route.OFFLOAD && compressing) {
        String id = Ids.newId();
        return put(id, facts, compressed(json, id), json.checksum(), bytes, context, JSON);
      }
      return deliver(decision, facts, bytes, context, JSON);
    } catch (JsonProcessingException e) {
      throw notJson(valueOrJsonNode, e);
    } catch (IOException e) {
      throw new UncheckedIOException("serializing the value to JSON failed", e);
    }
  }

  private static byte[] jsonBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw notJson(value, e);
    }
  }

  private static IllegalArgumentException notJson(Object value, JsonProcessingException e) {
    return new IllegalArgumentException("value of type " + (value == null ? "null" : value.getClass().getName())
        + " cannot be serialized to JSON: " + e.getOriginalMessage(), e);
  }

  /**
   * Routes a stream of any length. At most {@code thresholdBytes + 1} bytes are buffered to decide;
   * past that the stream flows through the compressor and checksum into the store, so memory stays
   * bounded whatever the size. The stream is read to its end but not closed. With offloading
   * disabled the whole stream is read into memory and delivered inline, as for a byte array.
   *
   * <p>Whether to compress is decided on the first 256 KiB: if they do not shrink, the payload is
   * stored as is. A streamed put is not retried (the stream cannot be read twice) and is not bounded
   * by {@link OffloadConfig#storeTimeout()}; it passes through the circuit breaker. If the breaker
   * rejects the put before the stream was consumed, the rest is read (up to
   * {@link OffloadConfig#maxInlineBytes()}) and delivered as {@link Delivery.Mode#FALLBACK_INLINE};
   * if the store fails midway, the consumed bytes are gone and {@link StoreUnavailableException} is
   * thrown.
   *
   * @param in the payload
   * @param context who the payload is for and where it came from
   * @return what to send
   * @throws PayloadTooLargeException if the stream holds more than the maximum; nothing was stored
   * @throws StoreUnavailableException if the store is unavailable and the payload cannot go inline
   * @throws UncheckedIOException if reading the stream fails before anything was stored
   * @throws NullPointerException if an argument is null
   */
  public Delivery offload(InputStream in, OffloadContext context) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(context, "context");
    String type = PayloadHeader.DEFAULT_CONTENT_TYPE;
    long probe = config.thresholdBytes();
    byte[] head = readSource(in, (int) Math.min(MAX_ARRAY_BYTES, probe + 1));
    if (head.length <= probe) {
      return route(head, context, type);
    }
    boolean available = !guard.isKnownDown();
    PayloadFacts facts = facts(context, type, head.length, head, available);
    RoutingDecision decision = policy.decide(facts);
    if (decision.route() == Route.OFFLOAD && available) {
      return offloadStream(head, in, context);
    }
    if (decision.rejection() == Rejection.TOO_LARGE) {
      throw failed(tooLarge(facts, decision));
    }
    if (decision.route() == Route.REJECT) {
      throw failed(unavailable(Ids.newId(), decision.reason(), available ? null : breakerOpen()));
    }
    long limit = available ? config.maxPayloadBytes() : config.maxInlineBytes();
    byte[] all = readUpTo(head, in, limit);
    if (all.length > limit) {
      if (available) {
        throw failed(new PayloadTooLargeException(all.length, limit));
      }
      throw failed(beyondInline(Ids.newId(), facts(context, type, all.length, all, false), breakerOpen()));
    }
    return route(all, context, type);
  }

  /**
   * {@link #offload(byte[], OffloadContext)} on the executor.
   *
   * @param payload the bytes; not copied
   * @param context who the payload is for
   * @return the delivery, or a future failed with the exceptions of the synchronous method
   */
  public CompletableFuture<Delivery> offloadAsync(byte[] payload, OffloadContext context) {
    return async.supply(() -> offload(payload, context));
  }

  /**
   * {@link #offloadJson(Object, OffloadContext)} on the executor.
   *
   * @param valueOrJsonNode the value
   * @param context who the payload is for
   * @return the delivery, or a future failed with the exceptions of the synchronous method
   */
  public CompletableFuture<Delivery> offloadJsonAsync(Object valueOrJsonNode, OffloadContext context) {
    return async.supply(() -> offloadJson(valueOrJsonNode, context));
  }

  /**
   * {@link #offload(InputStream, OffloadContext)} on the executor.
   *
   * @param in the payload; read on the executor's thread
   * @param context who the payload is for
   * @return the delivery, or a future failed with the exceptions of the synchronous method
   */
  public CompletableFuture<Delivery> offloadAsync(InputStream in, OffloadContext context) {
    return async.supply(() -> offload(in, context));
  }

  /**
   * The circuit breaker's state. After the open duration it reads {@link CircuitState#OPEN} until
   * the next offload probes the store.
   *
   * @return the state; {@link CircuitState#CLOSED} when the breaker is disabled
   */
  public CircuitState circuitState() {
    return guard.state();
  }

  /**
   * The configuration in force.
   *
   * @return the configuration
   */
  public OffloadConfig config() {
    return config;
  }

  /**
   * Shuts down the executor if the offloader created it, and the threads of store calls once they
   * end. Does not close the store. Idempotent.
   */
  @Override
  public void close() {
    guard.close();
    async.close();
  }

  private Delivery route(byte[] payload, OffloadContext context, String defaultContentType) {
    PayloadFacts facts = facts(context, defaultContentType, payload.length, payload, !guard.isKnownDown());
    return deliver(policy.decide(facts), facts, () -> payload, context, defaultContentType);
  }

  /**
   * Does what the policy decided. While the store is known to be down, a payload the policy would
   * store goes to {@link #fallback} before any compression or checksum work.
   */
  private Delivery deliver(RoutingDecision decision, PayloadFacts facts, Supplier<byte[]> bytes,
      OffloadContext context, String defaultContentType) {
    if (decision.rejection() == Rejection.TOO_LARGE) {
      throw failed(tooLarge(facts, decision));
    }
    if (!facts.storeAvailable() && (decision.route() != Route.INLINE
        || policy.decide(facts.withStoreAvailable(true)).route() == Route.OFFLOAD)) {
      return fallback(Ids.newId(), facts, bytes, context, breakerOpen());
    }
    if (decision.route() == Route.INLINE) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("payload of {} bytes goes inline", facts.sizeBytes());
      }
      listener.onInline(context, facts.sizeBytes());
      return Delivery.inline(bytes.get());
    }
    if (decision.route() == Route.REJECT) {
      throw failed(new StoreUnavailableException("The routing policy rejected a payload of "
          + facts.sizeBytes() + " bytes: " + decision.reason() + ".", null, null));
    }
    return store(bytes.get(), facts, context, defaultContentType);
  }

  private PayloadFacts facts(OffloadContext context, String defaultContentType, long size, byte[] bytes,
      boolean storeAvailable) {
    String type = context.contentType().orElse(defaultContentType);
    long framed = transport == null ? size : transport.framedSizeBytes(bytes, 0, (int) size);
    return new PayloadFacts(size, Math.max(size, framed), type, context.toolName().orElse(null),
        context.sessionId().orElse(null), context.metadata(), tokens.estimate(size, type), storeAvailable);
  }

  private static PayloadTooLargeException tooLarge(PayloadFacts facts, RoutingDecision decision) {
    return new PayloadTooLargeException(facts.sizeBytes(), decision.limitBytes(), decision.reason());
  }

  private static StoreUnavailableException breakerOpen() {
    return new StoreUnavailableException("The payload store's circuit breaker is open after repeated"
        + " failures; the store is skipped until it has had time to recover.", null, null);
  }

  private Delivery store(byte[] payload, PayloadFacts facts, OffloadContext context, String defaultContentType) {
    String id = Ids.newId();
    ParallelChecksum checksum =
        config.checksumEnabled() ? ParallelChecksum.start(config.checksumAlgorithm(), payload) : null;
    byte[] compressed = compress(payload, id);
    return put(id, facts, compressed, checksum == null ? null : checksum.join(), () -> payload,
        context, defaultContentType);
  }

  /**
   * Stores a compressed payload, or its original bytes if compressing did not shrink it; falls back
   * to inline delivery if the store is unavailable. {@code original} is asked for only then.
   */
  private Delivery put(String id, PayloadFacts facts, byte[] compressed, String checksum,
      Supplier<byte[]> original, OffloadContext context, String defaultContentType) {
    long size = facts.sizeBytes();
    boolean shrank = compressed.length < size;
    byte[] stored = shrank ? compressed : original.get();
    PayloadRecord record = recordFor(id, context, defaultContentType)
        .compression(shrank ? config.compression().wireName() : Compression.NONE.wireName())
        .checksum(checksum)
        .originalSizeBytes(size)
        .storedSizeBytes(stored.length)
        .build();
    long start = System.nanoTime();
    try {
      guard.call(id, () -> {
        store.put(PayloadBody.of(record, stored));
        return null;
      }, () -> deleteAbandoned(id));
    } catch (RuntimeException e) {
      return fallback(id, facts, original, context, e);
    }
    return offloaded(record, context, start);
  }

  private Delivery offloadStream(byte[] head, InputStream rest, OffloadContext context) {
    String id = Ids.newId();
    Codec chosen = compresses(head, id) ? codec : Codec.of(Compression.NONE, 1);
    Checksummer checksummer = config.checksumEnabled() ? Checksummer.of(config.checksumAlgorithm()) : null;
    InputStream source = new SequenceInputStream(new ByteArrayInputStream(head), rest);
    PayloadHeader header = recordFor(id, context, PayloadHeader.DEFAULT_CONTENT_TYPE)
        .compression(chosen.compression().wireName()).header();
    long start = System.nanoTime();
    try (CompressingInputStream pump =
        new CompressingInputStream(source, chosen, checksummer, config.maxPayloadBytes())) {
      CallerFaultStream stored = new CallerFaultStream(pump, id, config.maxPayloadBytes());
      PayloadBody body = PayloadBody.streamed(header, stored,
          storedBytes -> PayloadRecord.of(header, pump.originalBytes(), storedBytes, pump.checksum()));
      try {
        guard.runOnce(id, () -> store.put(body));
      } catch (PayloadTooLargeException | PayloadSourceException e) {
        throw failed(e);
      } catch (RuntimeException e) {
        if (pump.originalBytes() > 0) {
          throw failed(new StoreUnavailableException("Storing streamed payload " + id + " failed after "
              + pump.originalBytes() + " bytes were consumed, so it cannot fall back to inline delivery."
              + " Retry with a fresh stream when the store is back.", id, e));
        }
        byte[] all = readUpTo(head, rest, config.maxInlineBytes());
        PayloadFacts read = facts(context, PayloadHeader.DEFAULT_CONTENT_TYPE, all.length, all, false);
        if (all.length > config.maxInlineBytes()) {
          throw failed(beyondInline(id, read, e));
        }
        return fallback(id, read, () -> all, context, e);
      }
      return offloaded(body.record(), context, start);
    } catch (IOException e) {
      throw failed(new CodecException("Compressing payload " + id + " failed: " + e.getMessage(), id, e));
    }
  }

  /**
   * The head followed by the rest of the stream, up to {@code limit + 1} bytes in all: one more than
   * the limit shows that the stream holds more.
   */
  private byte[] readUpTo(byte[] head, InputStream rest, long limit) {
    long room = Math.max(limit, head.length) + 1 - head.length;
    byte[] tail = readSource(rest, (int) Math.min(MAX_ARRAY_BYTES - head.length, room));
    byte[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /** Reads up to {@code n} bytes of the caller's stream; its failure is the caller's error. */
  private byte[] readSource(InputStream in, int n) {
    try {
      return in.readNBytes(n);
    } catch (IOException | RuntimeException e) {
      throw failed(new PayloadSourceException("Reading the payload stream failed before anything was"
          + " stored; nothing was stored or delivered. Check the stream the payload came from.", null, e));
    }
  }

  /**
   * Deletes a payload that a store call stored after this offloader had already reported the call as
   * failed: it was never delivered, so nothing will ever resolve it.
   */
  private void deleteAbandoned(String id) {
    try {
      store.delete(id);
      LOG.debug("payload {} was stored after its offload had failed; deleted it", id);
    } catch (RuntimeException e) {
      LOG.debug("payload {} was stored after its offload had failed and could not be deleted; its TTL"
          + " will remove it", id);
    }
  }

  private Delivery offloaded(PayloadRecord record, OffloadContext context, long startNanos) {
    Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
    PayloadEnvelope envelope = PayloadEnvelope.of(record);
    LOG.debug("payload {} of {} bytes stored as {} bytes ({}) in {} ms", record.id(),
        record.originalSizeBytes(), record.storedSizeBytes(), record.compression(), latency.toMillis());
    listener.onOffloaded(context, envelope, latency);
    return Delivery.reference(envelope);
  }

  /**
   * Asks the policy what to do with a payload the store could not take: deliver it inline as a
   * fallback, or reject it.
   */
  private Delivery fallback(String id, PayloadFacts facts, Supplier<byte[]> original, OffloadContext context,
      RuntimeException cause) {
    PayloadFacts down = facts.withStoreAvailable(false);
    RoutingDecision decision = policy.decide(down);
    if (decision.route() == Route.INLINE) {
      LOG.debug("store unavailable for payload of {} bytes; delivering inline ({})", facts.sizeBytes(),
          cause.getClass().getSimpleName());
      listener.onFallback(context, facts.sizeBytes(), cause);
      return Delivery.fallback(original.get(), cause);
    }
    if (decision.rejection() == Rejection.TOO_LARGE) {
      throw failed(tooLarge(down, decision));
    }
    String why = decision.route() == Route.REJECT ? decision.reason()
        : "the routing policy asked to store it while the store is unavailable";
    throw failed(unavailable(id, why, cause));
  }

  /** The store could not take a payload, and it cannot go inline either. */
  private static StoreUnavailableException unavailable(String id, String why, RuntimeException cause) {
    return new StoreUnavailableException("Could not store payload " + id
        + (cause == null ? "" : " (" + summary(cause) + ")") + " and " + why
        + ". The payload was not delivered; retry when the store is back.", id, cause);
  }

  /**
   * A stream that holds more than the inline limit while the store is unavailable: too large if the
   * policy says so of the bytes read so far (a lower bound of its size), else unavailable. Never
   * delivered inline, since only part of it was read.
   */
  private PayloadOffloadException beyondInline(String id, PayloadFacts lowerBound, RuntimeException cause) {
    RoutingDecision decision = policy.decide(lowerBound);
    if (decision.rejection() == Rejection.TOO_LARGE) {
      return tooLarge(lowerBound, decision);
    }
    return unavailable(id, "the stream holds more than the inline limit of " + config.maxInlineBytes()
        + " bytes", cause);
  }

  /**
   * A cause's class for a message of ours, and never its text: a store's message may quote a driver's,
   * which may hold bound parameters. The cause itself is attached to the exception.
   */
  private static String summary(Throwable cause) {
    return cause.getClass().getSimpleName();
  }

  private boolean compresses(byte[] head, String id) {
    if (config.compression() == Compression.NONE) {
      return false;
    }
    byte[] sample = head.length <= SAMPLE_BYTES ? head : Arrays.copyOf(head, SAMPLE_BYTES);
    return compress(sample, id).length < sample.length;
  }

  private byte[] compress(byte[] payload, String id) {
    if (config.compression() == Compression.NONE) {
      return payload;
    }
    try {
      return codec.compress(payload);
    } catch (IOException e) {
      throw compressionFailed(id, e);
    }
  }

  private byte[] compressed(SerializedJson json, String id) {
    try {
      return json.compressed();
    } catch (IOException e) {
      throw compressionFailed(id, e);
    }
  }

  private CodecException compressionFailed(String id, IOException e) {
    return failed(new CodecException("Compressing payload " + id + " with "
        + config.compression().wireName() + " failed: " + e.getMessage(), id, e));
  }

  private PayloadRecord.Builder recordFor(String id, OffloadContext context, String defaultContentType) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return PayloadRecord.builder()
        .id(id)
        .sessionId(context.sessionId().orElse(null))
        .toolName(context.toolName().orElse(null))
        .providerName(context.providerName().orElse(null))
        .contentType(context.contentType().orElse(defaultContentType))
        .metadata(context.metadata())
        .createdAt(now)
        .expiresAt(now.plus(config.ttl()));
  }

  private <E extends PayloadOffloadException> E failed(E e) {
    listener.onFailure(OffloadListener.Operation.OFFLOAD, e);
    return e;
  }

  private void circuitChanged(CircuitState from, CircuitState to) {
    if (to == CircuitState.OPEN) {
      LOG.warn("Payload store circuit breaker opened (was {}): offloads skip the store for {}", from,
          config.openDuration());
    } else {
      LOG.info("Payload store circuit breaker is now {} (was {})", to, from);
    }
    listener.onCircuitStateChange(from, to);
  }

  /** Builds a {@link PayloadOffloader}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder extends StoreClientBuilder<Builder> {
    private OffloadConfig config = OffloadConfig.defaults();
    private RoutingPolicy policy;

    private Builder() {
      super("PayloadOffloader");
    }

    /**
     * Sets the routing policy, which decides for every payload whether it goes inline, is stored, or
     * is rejected. Default: {@link OffloadConfig#routingPolicy()} of the configuration. The
     * configuration still sets how payloads are stored (compression, checksum, TTL, timeouts, retries,
     * breaker), how many bytes of a stream are read before deciding
     * ({@link OffloadConfig#thresholdBytes()} + 1), and the memory bounds of streams
     * ({@link OffloadConfig#maxPayloadBytes()}, {@link OffloadConfig#maxInlineBytes()}).
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder routingPolicy(RoutingPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the configuration.
     *
     * @param config the rules; default {@link OffloadConfig#defaults()}
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder config(OffloadConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Builds the offloader.
     *
     * @return a thread-safe offloader
     * @throws IllegalStateException if no store was set
     */
    public PayloadOffloader build() {
      return new PayloadOffloader(this);
    }
  }
}

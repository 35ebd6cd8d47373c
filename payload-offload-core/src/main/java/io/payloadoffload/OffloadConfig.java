package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.text.Texts;
import io.payloadoffload.routing.RoutingPolicy;
import io.payloadoffload.routing.StandardPolicy;
import io.payloadoffload.routing.TransportLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How {@link PayloadOffloader} routes, stores and protects payloads. Immutable and thread-safe; build
 * one with {@link #builder()} or read one from the environment with {@link #fromEnvironment(Map)}.
 *
 * <p>Every builder setter checks its argument at once and throws {@link IllegalArgumentException}
 * naming it. {@link Builder#build()} checks the settings against each other and reports every bad
 * combination in one {@link ConfigurationException}: {@link #thresholdBytes()} and a
 * {@link #maxInlineBytes()} that was set may not exceed {@link #maxPayloadBytes()}, and a gzip level
 * is 1 to 9.
 * {@link #fromEnvironment(Map)} collects every bad variable and every bad combination into one
 * {@link ConfigurationException}, quoting at most {@value Texts#QUOTED_CHARS} characters of a value.
 * Nothing is read at class-load time.
 */
public final class OffloadConfig {
  /** Default size above which payloads are offloaded: {@value} bytes (1 MiB). */
  public static final long DEFAULT_THRESHOLD_BYTES = RoutingPolicy.DEFAULT_THRESHOLD_BYTES;
  /** Default largest payload accepted at all: {@value} bytes (100 MiB). */
  public static final long DEFAULT_MAX_PAYLOAD_BYTES = RoutingPolicy.DEFAULT_MAX_PAYLOAD_BYTES;
  /** Default largest payload delivered inline on fallback: {@value} bytes (32 MiB). */
  public static final long DEFAULT_MAX_INLINE_BYTES = RoutingPolicy.DEFAULT_MAX_INLINE_BYTES;
  /** Default time to live of a stored payload: 48 hours. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(48);
  /** Default compression: zstd. */
  public static final Compression DEFAULT_COMPRESSION = Compression.ZSTD;
  /** Default compression level: {@value} (zstd's own default; fast, good ratio). */
  public static final int DEFAULT_COMPRESSION_LEVEL = 3;
  /** Default checksum: SHA-256. */
  public static final ChecksumAlgorithm DEFAULT_CHECKSUM = ChecksumAlgorithm.SHA256;
  /**
   * Default consecutive failed store calls (each after its retries) that open the circuit breaker:
   * {@value}. With the default retries and a store that fails within a few seconds (the PostgreSQL
   * store's default connection timeout is 2 seconds), an unreachable store opens the breaker within
   * about 15 seconds of sequential calls, sooner under concurrent ones.
   */
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  /** Default time the breaker stays open before one half-open probe: 60 seconds. */
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(60);
  /** Default limit on one store call, retries excluded: 30 seconds. */
  public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Default retries of a retryable store failure: {@value}, so a call makes at most two attempts.
   * One retry rides out a dropped connection or a failover; more would mostly lengthen the wait of
   * a caller whose store is down.
   */
  public static final int DEFAULT_MAX_RETRIES = 1;
  /** Default first retry delay, doubled each time, with jitter: 100 ms. */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(100);
  /** Default longest retry delay: 2 seconds. */
  public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(2);
  /**
   * Longest time to live: 36525 days (100 years). Expiry instants then stay far inside what
   * {@link java.time.Instant} and PostgreSQL's {@code timestamptz} (up to the year 294276) hold.
   */
  public static final Duration MAX_TTL = Duration.ofDays(36_525);
  /** The smallest {@link #transportLimitBytes()}: {@value} bytes, a JSON-RPC wrapper and a reference. */
  public static final long MIN_TRANSPORT_LIMIT_BYTES =
      TransportLimit.DEFAULT_JSON_RPC_WRAPPER_BYTES + TransportLimit.MIN_ENVELOPE_ROOM_BYTES;
  /**
   * Longest {@link #openDuration()}, {@link #storeTimeout()} and retry delay: 365 days. The
   * resilience policies count these in nanoseconds, which overflow after 292 years; a year is far
   * beyond any useful value and far inside that range.
   */
  public static final Duration MAX_POLICY_DURATION = Duration.ofDays(365);

  private final StandardPolicy routing;
  private final boolean maxInlineBytesSet;
  private final Duration ttl;
  private final Compression compression;
  private final int compressionLevel;
  private final ChecksumAlgorithm checksumAlgorithm;
  private final boolean checksumEnabled;
  private final boolean circuitBreakerEnabled;
  private final int failureThreshold;
  private final Duration openDuration;
  private final Duration storeTimeout;
  private final int maxRetries;
  private final Duration retryDelay;
  private final Duration retryMaxDelay;

  private OffloadConfig(Builder b) {
    this.routing = b.routing.build();
    this.maxInlineBytesSet = b.maxInlineBytesSet;
    this.ttl = b.ttl;
    this.compression = b.compression;
    this.compressionLevel = b.compressionLevel;
    this.checksumAlgorithm = b.checksumAlgorithm;
    this.checksumEnabled = b.checksumEnabled;
    this.circuitBreakerEnabled = b.circuitBreakerEnabled;
    this.failureThreshold = b.failureThreshold;
    this.openDuration = b.openDuration;
    this.storeTimeout = b.storeTimeout;
    this.maxRetries = b.maxRetries;
    this.retryDelay = b.retryDelay;
    this.retryMaxDelay = b.retryMaxDelay;
  }

  /**
   * A builder holding every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default configuration.
   *
   * @return a configuration with every default
   */
  public static OffloadConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.routing = routing.toBuilder();
    b.maxInlineBytesSet = maxInlineBytesSet;
    b.ttl = ttl;
    b.compression = compression;
    b.compressionLevel = compressionLevel;
    b.checksumAlgorithm = checksumAlgorithm;
    b.checksumEnabled = checksumEnabled;
    b.circuitBreakerEnabled = circuitBreakerEnabled;
    b.failureThreshold = failureThreshold;
    b.openDuration = openDuration;
    b.storeTimeout = storeTimeout;
    b.maxRetries = maxRetries;
    b.retryDelay = retryDelay;
    b.retryMaxDelay = retryMaxDelay;
    return b;
  }

  /**
   * Reads the original deployment's environment variables, under exactly their names. Unset or blank
   * variables keep the default. Every bad value is reported at once.
   *
   * <table>
   *   <caption>Variables</caption>
   *   <tr><th>variable</th><th>setting</th><th>default</th></tr>
   *   <tr><td>MESSAGE_BUS_ENABLED</td><td>{@link #enabled()}</td><td>true</td></tr>
   *   <tr><td>MESSAGE_BUS_THRESHOLD_BYTES</td><td>{@link #thresholdBytes()}</td><td>1048576</td></tr>
   *   <tr><td>MESSAGE_BUS_MAX_PAYLOAD_MB</td><td>{@link #maxPayloadBytes()}, in MiB</td><td>100</td></tr>
   *   <tr><td>MESSAGE_BUS_MAX_INLINE_MB</td><td>{@link #maxInlineBytes()}, in MiB</td><td>32</td></tr>
   *   <tr><td>MESSAGE_BUS_TTL_HOURS</td><td>{@link #ttl()}, hours (decimals allowed)</td><td>48</td></tr>
   *   <tr><td>MESSAGE_BUS_COMPRESSION</td><td>{@link #compression()}: gzip, zstd or none</td><td>zstd</td></tr>
   *   <tr><td>MESSAGE_BUS_CHECKSUM_ENABLED</td><td>{@link #checksumEnabled()}</td><td>true</td></tr>
   *   <tr><td>CIRCUIT_BREAKER_ENABLED</td><td>{@link #circuitBreakerEnabled()}</td><td>true</td></tr>
   *   <tr><td>CIRCUIT_BREAKER_THRESHOLD</td><td>{@link #failureThreshold()}</td><td>3</td></tr>
   *   <tr><td>CIRCUIT_BREAKER_TIMEOUT_SECS</td><td>{@link #openDuration()}, seconds</td><td>60</td></tr>
   *   <tr><td>FALLBACK_TO_WEBSOCKET</td><td>{@link #fallbackToInline()}</td><td>true</td></tr>
   *   <tr><td>MESSAGE_BUS_TRANSPORT_LIMIT_BYTES</td><td>{@link #transportLimitBytes()}</td><td>none</td></tr>
   *   <tr><td>MESSAGE_BUS_TOKEN_BUDGET</td><td>{@link #tokenBudget()}</td><td>none</td></tr>
   * </table>
   *
   * <p>{@code DATABASE_URL} is not read: the application builds its store and reads the store's
   * settings itself.
   *
   * <p>Booleans accept {@code true/false}, {@code 1/0}, {@code yes/no} and {@code on/off}, in any case.
   * Settings that the variables leave out keep their defaults, and the result must pass the checks
   * of {@link Builder#build()}; a bad combination names the variables involved.
   *
   * @param env the variables, usually {@code System.getenv()}
   * @return the configuration
   * @throws ConfigurationException naming every bad variable and its value (at most
   *     {@value Texts#QUOTED_CHARS} characters of it), and every bad combination
   * @throws NullPointerException if {@code env} is null
   */
  public static OffloadConfig fromEnvironment(Map<String, String> env) {
    return EnvironmentVariables.read(env);
  }

  /**
   * Whether offloading is on. When off, every payload goes inline whatever its size, as before the
   * message bus existed.
   *
   * @return default {@code true} ({@code MESSAGE_BUS_ENABLED})
   */
  public boolean enabled() {
    return routing.enabled();
  }

  /**
   * The largest payload sent inline; one byte more is offloaded.
   *
   * @return bytes; default {@value #DEFAULT_THRESHOLD_BYTES} ({@code MESSAGE_BUS_THRESHOLD_BYTES})
   */
  public long thresholdBytes() {
    return routing.thresholdBytes();
  }

  /**
   * The largest payload accepted at all; larger ones raise {@link PayloadTooLargeException} before
   * any I/O.
   *
   * @return bytes; default {@value #DEFAULT_MAX_PAYLOAD_BYTES} ({@code MESSAGE_BUS_MAX_PAYLOAD_MB})
   */
  public long maxPayloadBytes() {
    return routing.maxPayloadBytes();
  }

  /**
   * The largest payload the transport can carry inline, used when the store is unavailable. Set it to
   * the transport's message limit (Jetty's max text message size, a proxy's frame limit).
   *
   * @return bytes; default {@value #DEFAULT_MAX_INLINE_BYTES}, or {@link #maxPayloadBytes()} when that
   *     is smaller ({@code MESSAGE_BUS_MAX_INLINE_MB})
   */
  public long maxInlineBytes() {
    return routing.maxInlineBytes();
  }

  /**
   * How long a stored payload stays resolvable.
   *
   * @return default 48 hours ({@code MESSAGE_BUS_TTL_HOURS})
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * The compression of stored bytes. When it would not shrink a payload, the payload is stored as is
   * and its envelope says {@code none}.
   *
   * @return default {@link Compression#ZSTD} ({@code MESSAGE_BUS_COMPRESSION})
   */
  public Compression compression() {
    return compression;
  }

  /**
   * The compression level: 1 to 22 for zstd, 1 to 9 for gzip; ignored for none.
   *
   * @return default {@value #DEFAULT_COMPRESSION_LEVEL}
   */
  public int compressionLevel() {
    return compressionLevel;
  }

  /**
   * The checksum algorithm over the original bytes, when {@link #checksumEnabled()}.
   *
   * @return default {@link ChecksumAlgorithm#SHA256}
   */
  public ChecksumAlgorithm checksumAlgorithm() {
    return checksumAlgorithm;
  }

  /**
   * Whether offloaded payloads carry a checksum that the resolver verifies.
   *
   * @return default {@code true} ({@code MESSAGE_BUS_CHECKSUM_ENABLED})
   */
  public boolean checksumEnabled() {
    return checksumEnabled;
  }

  /**
   * Whether a circuit breaker guards the store.
   *
   * @return default {@code true} ({@code CIRCUIT_BREAKER_ENABLED})
   */
  public boolean circuitBreakerEnabled() {
    return circuitBreakerEnabled;
  }

  /**
   * How many consecutive failed store calls open the breaker.
   *
   * @return default {@value #DEFAULT_FAILURE_THRESHOLD} ({@code CIRCUIT_BREAKER_THRESHOLD})
   */
  public int failureThreshold() {
    return failureThreshold;
  }

  /**
   * How long the breaker stays open before it lets one half-open probe through.
   *
   * @return default 60 seconds ({@code CIRCUIT_BREAKER_TIMEOUT_SECS})
   */
  public Duration openDuration() {
    return openDuration;
  }

  /**
   * The limit on one store call; a call that takes longer counts as a retryable failure.
   *
   * @return default 30 seconds
   */
  public Duration storeTimeout() {
    return storeTimeout;
  }

  /**
   * How many times a retryable store failure is retried. Non-retryable failures are never retried.
   *
   * @return default {@value #DEFAULT_MAX_RETRIES}
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The first retry delay; it doubles on each retry up to {@link #retryMaxDelay()}, with up to 50%
   * jitter.
   *
   * @return default 100 ms
   */
  public Duration retryDelay() {
    return retryDelay;
  }

  /**
   * The longest retry delay.
   *
   * @return default 2 seconds
   */
  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /**
   * Whether a payload is delivered inline when the store is unavailable, if it fits
   * {@link #maxInlineBytes()}.
   *
   * @return default {@code true} ({@code FALLBACK_TO_WEBSOCKET})
   */
  public boolean fallbackToInline() {
    return routing.fallbackToInline();
  }

  /**
   * The largest message the transport carries. When set, the default routing policy
   * ({@link #routingPolicy()}) never sends a payload
   * inline, neither normally nor as a fallback, whose JSON-RPC message would be larger: see
   * {@link io.payloadoffload.routing.TransportLimit#jsonRpc(long)}.
   *
   * @return the limit in bytes; default none ({@code MESSAGE_BUS_TRANSPORT_LIMIT_BYTES})
   */
  public OptionalLong transportLimitBytes() {
    return routing.transportLimit().map(l -> OptionalLong.of(l.maxMessageBytes())).orElse(OptionalLong.empty());
  }

  /**
   * The most estimated tokens a payload may have inline. When set, the default routing policy stores
   * payloads above it, estimating {@value io.payloadoffload.routing.TokenEstimator#DEFAULT_BYTES_PER_TOKEN}
   * bytes per token.
   *
   * @return the budget in tokens; default none ({@code MESSAGE_BUS_TOKEN_BUDGET})
   */
  public OptionalLong tokenBudget() {
    return routing.tokenBudget();
  }

  /**
   * The routing policy this configuration describes, the default of every offloader. Offloading
   * disabled: inline (rejected only if a transport limit is set and the message would not fit it).
   * Larger than {@link #thresholdBytes()}: stored, unless larger than {@link #maxPayloadBytes()}:
   * rejected. With the store unavailable: inline if {@link #fallbackToInline()} and the payload fits
   * {@link #maxInlineBytes()} (and the transport limit), else rejected. With
   * {@link #transportLimitBytes()} set, a JSON-RPC {@link TransportLimit#jsonRpc(long)}; with
   * {@link #tokenBudget()} set, that token budget.
   *
   * @return the policy
   */
  public RoutingPolicy routingPolicy() {
    return routing;
  }

  @Override
  public String toString() {
    return "OffloadConfig{enabled=" + enabled() + ", thresholdBytes=" + thresholdBytes()
        + ", maxPayloadBytes=" + maxPayloadBytes() + ", maxInlineBytes=" + maxInlineBytes() + ", ttl=" + ttl
        + ", compression=" + compression.wireName() + ", compressionLevel=" + compressionLevel
        + ", checksum=" + (checksumEnabled ? checksumAlgorithm.prefix() : "off")
        + ", circuitBreaker=" + (circuitBreakerEnabled ? failureThreshold + " failures/" + openDuration : "off")
        + ", storeTimeout=" + storeTimeout + ", maxRetries=" + maxRetries
        + ", retryBackoff=" + retryDelay + " up to " + retryMaxDelay
        + ", fallbackToInline=" + fallbackToInline()
        + ", transportLimitBytes=" + none(transportLimitBytes())
        + ", tokenBudget=" + none(tokenBudget()) + "}";
  }

  private static String none(OptionalLong value) {
    return value.isPresent() ? String.valueOf(value.getAsLong()) : "none";
  }

  /** Builds an {@link OffloadConfig}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private RoutingPolicy.Builder routing = RoutingPolicy.builder();
    private boolean maxInlineBytesSet;
    private Duration ttl = DEFAULT_TTL;
    private Compression compression = DEFAULT_COMPRESSION;
    private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
    private ChecksumAlgorithm checksumAlgorithm = DEFAULT_CHECKSUM;
    private boolean checksumEnabled = true;
    private boolean circuitBreakerEnabled = true;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration openDuration = DEFAULT_OPEN_DURATION;
    private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration retryDelay = DEFAULT_RETRY_DELAY;
    private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;

    private Builder() {}

    /**
     * Turns offloading on or off.
     *
     * @param enabled {@code false} sends every payload inline
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      routing.enabled(enabled);
      return this;
    }

    /**
     * Sets the inline threshold.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder thresholdBytes(long bytes) {
      routing.thresholdBytes(bytes);
      return this;
    }

    /**
     * Sets the largest payload accepted.
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPayloadBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be >= 1: " + bytes);
      }
      routing.maxPayloadBytes(bytes);
      return this;
    }

    /**
     * Sets the largest payload delivered inline on fallback. Left unset, it is
     * {@value #DEFAULT_MAX_INLINE_BYTES} or {@code maxPayloadBytes}, whichever is smaller; once set,
     * {@link #build()} rejects a value above {@code maxPayloadBytes}.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxInlineBytes(long bytes) {
      routing.maxInlineBytes(bytes);
      this.maxInlineBytesSet = true;
      return this;
    }

    /**
     * Sets the time to live.
     *
     * @param ttl positive, at most {@link #MAX_TTL} (100 years)
     * @return this builder
     * @throws IllegalArgumentException if zero, negative or longer than {@link #MAX_TTL}
     * @throws NullPointerException if null
     */
    public Builder ttl(Duration ttl) {
      this.ttl = positive("ttl", ttl, MAX_TTL);
      return this;
    }

    /**
     * Sets the compression.
     *
     * @param compression the codec
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * Sets the compression level; checked against the codec by {@link #build()}.
     *
     * @param level 1 to 22 for zstd, 1 to 9 for gzip
     * @return this builder
     * @throws IllegalArgumentException if outside 1 to 22
     */
    public Builder compressionLevel(int level) {
      if (level < 1 || level > 22) {
        throw new IllegalArgumentException("compressionLevel must be between 1 and 22: " + level);
      }
      this.compressionLevel = level;
      return this;
    }

    /**
     * Sets the checksum algorithm.
     *
     * @param algorithm the algorithm
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder checksumAlgorithm(ChecksumAlgorithm algorithm) {
      this.checksumAlgorithm = Objects.requireNonNull(algorithm, "checksumAlgorithm");
      return this;
    }

    /**
     * Turns checksums on or off.
     *
     * @param enabled {@code false} stores and verifies no checksum
     * @return this builder
     */
    public Builder checksumEnabled(boolean enabled) {
      this.checksumEnabled = enabled;
      return this;
    }

    /**
     * Turns the circuit breaker on or off.
     *
     * @param enabled {@code false} sends every offload to the store
     * @return this builder
     */
    public Builder circuitBreakerEnabled(boolean enabled) {
      this.circuitBreakerEnabled = enabled;
      return this;
    }

    /**
     * Sets how many consecutive failures open the breaker.
     *
     * @param failures at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder failureThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("failureThreshold must be >= 1: " + failures);
      }
      this.failureThreshold = failures;
      return this;
    }

    /**
     * Sets how long the breaker stays open.
     *
     * @param duration positive, at most {@link #MAX_POLICY_DURATION}
     * @return this builder
     * @throws IllegalArgumentException if zero, negative or longer than {@link #MAX_POLICY_DURATION}
     * @throws NullPointerException if null
     */
    public Builder openDuration(Duration duration) {
      this.openDuration = positive("openDuration", duration, MAX_POLICY_DURATION);
      return this;
    }

    /**
     * Sets the limit on one store call.
     *
     * @param timeout positive, at most {@link #MAX_POLICY_DURATION}
     * @return this builder
     * @throws IllegalArgumentException if zero, negative or longer than {@link #MAX_POLICY_DURATION}
     * @throws NullPointerException if null
     */
    public Builder storeTimeout(Duration timeout) {
      this.storeTimeout = positive("storeTimeout", timeout, MAX_POLICY_DURATION);
      return this;
    }

    /**
     * Sets how many times a retryable failure is retried.
     *
     * @param retries 0 to 10
     * @return this builder
     * @throws IllegalArgumentException if outside 0 to 10
     */
    public Builder maxRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10: " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /**
     * Sets the first retry delay and the longest one.
     *
     * @param delay positive
     * @param maxDelay longer than {@code delay} (the delay doubles up to it), at most
     *     {@link #MAX_POLICY_DURATION}
     * @return this builder
     * @throws IllegalArgumentException if a delay is not positive or longer than
     *     {@link #MAX_POLICY_DURATION}, or {@code maxDelay} is not longer than {@code delay}
     * @throws NullPointerException if a delay is null
     */
    public Builder retryBackoff(Duration delay, Duration maxDelay) {
      positive("retryDelay", delay, MAX_POLICY_DURATION);
      positive("retryMaxDelay", maxDelay, MAX_POLICY_DURATION);
      if (maxDelay.compareTo(delay) <= 0) {
        throw new IllegalArgumentException("retryMaxDelay " + maxDelay + " must be longer than retryDelay "
            + delay + ": the delay doubles on each retry up to the maximum");
      }
      this.retryDelay = delay;
      this.retryMaxDelay = maxDelay;
      return this;
    }

    /**
     * Turns inline fallback on or off.
     *
     * @param fallback {@code false} raises {@link StoreUnavailableException} instead
     * @return this builder
     */
    public Builder fallbackToInline(boolean fallback) {
      routing.fallbackToInline(fallback);
      return this;
    }

    /**
     * Sets the largest message the transport carries (Jetty's WebSocket default is 65,536). Default:
     * none.
     *
     * @param bytes at least {@value #MIN_TRANSPORT_LIMIT_BYTES}: a JSON-RPC wrapper and a reference
     *     must fit
     * @return this builder
     * @throws IllegalArgumentException if smaller
     */
    public Builder transportLimitBytes(long bytes) {
      if (bytes < MIN_TRANSPORT_LIMIT_BYTES) {
        throw new IllegalArgumentException("transportLimitBytes must be >= " + MIN_TRANSPORT_LIMIT_BYTES
            + " (room for a JSON-RPC wrapper and a reference): " + bytes);
      }
      routing.transportLimit(TransportLimit.jsonRpc(bytes));
      return this;
    }

    /**
     * Sets the most estimated tokens a payload may have inline. Default: none.
     *
     * @param tokens at least 1
     * @return this builder
     * @throws IllegalArgumentException if smaller
     */
    public Builder tokenBudget(long tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("tokenBudget must be >= 1: " + tokens);
      }
      routing.tokenBudget(tokens);
      return this;
    }

    /**
     * Builds the configuration, checking the settings against each other.
     *
     * @return an immutable configuration
     * @throws ConfigurationException listing every bad combination: {@code thresholdBytes}, or a
     *     {@code maxInlineBytes} that was set, above {@code maxPayloadBytes}; or a compression level
     *     that does not suit the codec (gzip takes 1 to 9)
     */
    public OffloadConfig build() {
      List<String> problems = combinationProblems(Map.of(), Set.of());
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      if (!maxInlineBytesSet) {
        routing.maxInlineBytes(Math.min(DEFAULT_MAX_INLINE_BYTES, routing.maxPayloadBytes()));
      }
      return new OffloadConfig(this);
    }

    /**
     * Every combination of settings that cannot work together, skipping those that involve a
     * setting whose variable failed to parse (its default would be blamed for the variable's fault).
     *
     * @param variables the variable each setting was read from, to name it too; empty for the builder
     * @param failed the variables that could not be read
     */
    List<String> combinationProblems(Map<String, String> variables, Set<String> failed) {
      List<String> problems = new ArrayList<>();
      Combination c = new Combination(variables, failed);
      long thresholdBytes = routing.thresholdBytes();
      long maxPayloadBytes = routing.maxPayloadBytes();
      long maxInlineBytes = routing.maxInlineBytes();
      if (c.check(thresholdBytes > maxPayloadBytes, "thresholdBytes", "maxPayloadBytes")) {
        problems.add(c.name("thresholdBytes") + " " + thresholdBytes + " is larger than "
            + c.name("maxPayloadBytes") + " " + maxPayloadBytes + ": payloads between the two would be "
            + "sent inline and the maximum would never apply. Lower the threshold or raise the maximum.");
      }
      if (c.check(maxInlineBytesSet && maxInlineBytes > maxPayloadBytes, "maxInlineBytes", "maxPayloadBytes")) {
        problems.add(c.name("maxInlineBytes") + " " + maxInlineBytes + " is larger than "
            + c.name("maxPayloadBytes") + " " + maxPayloadBytes + ": no payload above the maximum is "
            + "accepted, so it can never be delivered inline. Lower it to at most the maximum.");
      }
      if (c.check(compression == Compression.GZIP && compressionLevel > 9, "compression")) {
        problems.add("compressionLevel " + compressionLevel + " is not valid for "
            + c.name("compression") + " gzip (1 to 9)");
      }
      return problems;
    }

    private static Duration positive(String name, Duration d, Duration max) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      if (d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be at most " + max.toDays() + " days: " + d);
      }
      return d;
    }
  }

  /** Names the settings of a combination check, and skips checks that involve an unreadable variable. */
  private static final class Combination {
    private final Map<String, String> variables;
    private final Set<String> failed;

    Combination(Map<String, String> variables, Set<String> failed) {
      this.variables = variables;
      this.failed = failed;
    }

    boolean check(boolean bad, String... settings) {
      for (String s : settings) {
        String variable = variables.get(s);
        if (variable != null && failed.contains(variable)) {
          return false;
        }
      }
      return bad;
    }

    String name(String setting) {
      String variable = variables.get(setting);
      return variable == null ? setting : variable + " (" + setting + ")";
    }
  }
}

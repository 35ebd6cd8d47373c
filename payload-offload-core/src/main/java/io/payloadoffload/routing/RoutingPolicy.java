package io.payloadoffload.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides where a payload goes: a pure, deterministic function of {@link PayloadFacts}. The
 * {@link io.payloadoffload.PayloadOffloader} asks its policy for every payload, through every entry
 * point, and does what it decides; with the store unavailable it asks again with
 * {@link PayloadFacts#storeAvailable()} false, and an {@link RoutingDecision.Route#INLINE} answer then
 * is a fallback.
 *
 * <p>Every policy must keep these laws, which {@code RoutingPolicyContract} in the testkit checks:
 * no inline decision for a message larger than {@link #transportLimit()}; no
 * {@link RoutingDecision.Route#OFFLOAD} when the store is unavailable; the same facts give the same
 * decision. Implementations must be thread-safe and must not do I/O.
 *
 * <p>{@link #builder()} composes the built-in rules; {@code OffloadConfig.routingPolicy()} is the
 * policy a configuration describes, the default. A policy of one's own is usually a lambda around a
 * built one; {@link #strictest(RoutingPolicy...)} combines several.
 */
@FunctionalInterface
public interface RoutingPolicy {

  /**
   * Decides.
   *
   * @param facts what is known about the payload
   * @return the decision, never null
   */
  RoutingDecision decide(PayloadFacts facts);

  /**
   * The transport limit this policy keeps; the offloader computes
   * {@link PayloadFacts#framedSizeBytes()} with it.
   *
   * @return the limit; empty (the default) when the policy keeps none
   */
  default Optional<TransportLimit> transportLimit() {
    return Optional.empty();
  }

  /**
   * How the offloader estimates {@link PayloadFacts#estimatedTokens()} for this policy.
   *
   * @return the estimator; by default {@link TokenEstimator#defaultEstimator()}
   */
  default TokenEstimator tokenEstimator() {
    return TokenEstimator.defaultEstimator();
  }

  /** Default threshold of {@link Builder#thresholdBytes(long)}: {@value} bytes (1 MiB). */
  long DEFAULT_THRESHOLD_BYTES = 1_048_576L;
  /** Default of {@link Builder#maxPayloadBytes(long)}: {@value} bytes (100 MiB). */
  long DEFAULT_MAX_PAYLOAD_BYTES = 100L * 1_048_576L;
  /** Default of {@link Builder#maxInlineBytes(long)}: {@value} bytes (32 MiB). */
  long DEFAULT_MAX_INLINE_BYTES = 32L * 1_048_576L;

  /**
   * A builder of the built-in rules, starting from their defaults.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The most restrictive decision of several policies (reject over offload over inline; the first
   * rejection among equals). Its transport limit is the smallest of theirs, and its token estimator the
   * first policy's.
   *
   * @param policies at least one policy
   * @return the combined policy
   * @throws IllegalArgumentException if none is given
   * @throws NullPointerException if one is null
   */
  static RoutingPolicy strictest(RoutingPolicy... policies) {
    List<RoutingPolicy> all = List.of(policies);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("strictest needs at least one policy");
    }
    Optional<TransportLimit> limit = all.stream().map(RoutingPolicy::transportLimit)
        .flatMap(Optional::stream)
        .min((a, b) -> Long.compare(a.maxMessageBytes() - a.wrapperBytes(), b.maxMessageBytes() - b.wrapperBytes()));
    TokenEstimator estimator = all.get(0).tokenEstimator();
    return new RoutingPolicy() {
      @Override
      public RoutingDecision decide(PayloadFacts facts) {
        RoutingDecision strictest = null;
        for (RoutingPolicy p : all) {
          RoutingDecision d = Objects.requireNonNull(p.decide(facts), "a policy returned null");
          if (strictest == null || d.route().compareTo(strictest.route()) > 0) {
            strictest = d;
          }
        }
        return strictest;
      }

      @Override
      public Optional<TransportLimit> transportLimit() {
        return limit;
      }

      @Override
      public TokenEstimator tokenEstimator() {
        return estimator;
      }
    };
  }

  /**
   * Builds the standard policy from the built-in rules. A payload is stored when any rule asks for it:
   * its size is above the threshold (the tool's own, if it has one), its content type matches an
   * offloaded type, its estimated tokens exceed the token budget, or inline it would not fit the
   * transport limit. Rejected: larger than the maximum payload; or it must be stored, the store is
   * unavailable, and fallback is off or it does not fit {@code maxInlineBytes} and the transport. The
   * decisions are monotonic in size. Not thread-safe; each setter checks its argument at once, and
   * {@link #build()} checks the combination.
   */
  final class Builder {
    private boolean enabled = true;
    private long thresholdBytes = DEFAULT_THRESHOLD_BYTES;
    private final Map<String, Long> toolThresholds = new LinkedHashMap<>();
    private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private long maxInlineBytes = DEFAULT_MAX_INLINE_BYTES;
    private boolean fallbackToInline = true;
    private final List<String> offloadedTypes = new ArrayList<>();
    private long tokenBudget = Long.MAX_VALUE;
    private TokenEstimator tokenEstimator = TokenEstimator.defaultEstimator();
    private TransportLimit transportLimit;

    private Builder() {}

    /**
     * Whether offloading is on. Default {@code true}; when off, every payload that fits the transport
     * goes inline and the rest are rejected.
     *
     * @param enabled whether to offload
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Payloads larger than this are stored. Default {@link #DEFAULT_THRESHOLD_BYTES}.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder thresholdBytes(long bytes) {
      this.thresholdBytes = nonNegative("thresholdBytes", bytes);
      return this;
    }

    /**
     * A tool's own threshold, in place of {@link #thresholdBytes(long)} for its payloads. Default: none.
     *
     * @param toolName the tool
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if {@code toolName} is null
     */
    public Builder toolThresholdBytes(String toolName, long bytes) {
      toolThresholds.put(Objects.requireNonNull(toolName, "toolName"), nonNegative("toolThresholdBytes", bytes));
      return this;
    }

    /**
     * Payloads larger than this are rejected. Default {@link #DEFAULT_MAX_PAYLOAD_BYTES}.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxPayloadBytes(long bytes) {
      this.maxPayloadBytes = nonNegative("maxPayloadBytes", bytes);
      return this;
    }

    /**
     * The largest payload delivered inline as a fallback when the store is unavailable. Default
     * {@link #DEFAULT_MAX_INLINE_BYTES}.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxInlineBytes(long bytes) {
      this.maxInlineBytes = nonNegative("maxInlineBytes", bytes);
      return this;
    }

    /**
     * Whether a payload that must be stored goes inline while the store is unavailable. Default
     * {@code true}.
     *
     * @param fallback whether to fall back
     * @return this builder
     */
    public Builder fallbackToInline(boolean fallback) {
      this.fallbackToInline = fallback;
      return this;
    }

    /**
     * Stores every payload of a content type, whatever its size (binary content, for example, which a
     * text transport carries badly). Default: none.
     *
     * @param pattern a media type such as {@code application/pdf}, or a family such as {@code image/*};
     *     parameters such as {@code ;charset=} of the payload's type are ignored, and case does not
     *     matter
     * @return this builder
     * @throws IllegalArgumentException if the pattern is not {@code type/subtype} or {@code type/*}
     * @throws NullPointerException if null
     */
    public Builder offloadContentType(String pattern) {
      String p = Objects.requireNonNull(pattern, "pattern").trim().toLowerCase(Locale.ROOT);
      int slash = p.indexOf('/');
      if (slash <= 0 || slash == p.length() - 1 || p.indexOf('/', slash + 1) >= 0 || p.indexOf(';') >= 0
          || p.startsWith("*")) {
        throw new IllegalArgumentException("offloadContentType must be type/subtype or type/*: " + pattern);
      }
      offloadedTypes.add(p);
      return this;
    }

    /**
     * Stores payloads whose estimated tokens exceed this, since language-model clients cut tool
     * results by tokens, not bytes. Default: no budget.
     *
     * @param tokens at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder tokenBudget(long tokens) {
      this.tokenBudget = nonNegative("tokenBudget", tokens);
      return this;
    }

    /**
     * How tokens are estimated. Default {@link TokenEstimator#defaultEstimator()}.
     *
     * @param estimator the estimator
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder tokenEstimator(TokenEstimator estimator) {
      this.tokenEstimator = Objects.requireNonNull(estimator, "tokenEstimator");
      return this;
    }

    /**
     * The transport's limit: a payload whose message would not fit never goes inline, neither
     * normally nor as a fallback. Default: none.
     *
     * @param limit the limit
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder transportLimit(TransportLimit limit) {
      this.transportLimit = Objects.requireNonNull(limit, "transportLimit");
      return this;
    }

    /**
     * The threshold set so far, for a caller that checks it against other settings before
     * {@link #build()}.
     *
     * @return bytes; default {@link #DEFAULT_THRESHOLD_BYTES}
     */
    public long thresholdBytes() {
      return thresholdBytes;
    }

    /**
     * The maximum payload set so far, for a caller that checks it against other settings before
     * {@link #build()}.
     *
     * @return bytes; default {@link #DEFAULT_MAX_PAYLOAD_BYTES}
     */
    public long maxPayloadBytes() {
      return maxPayloadBytes;
    }

    /**
     * The inline fallback limit set so far, for a caller that checks it against other settings
     * before {@link #build()}.
     *
     * @return bytes; default {@link #DEFAULT_MAX_INLINE_BYTES}
     */
    public long maxInlineBytes() {
      return maxInlineBytes;
    }

    /**
     * Builds the policy.
     *
     * @return an immutable, thread-safe policy
     * @throws IllegalArgumentException naming every threshold above the maximum payload
     */
    public StandardPolicy build() {
      List<String> problems = new ArrayList<>();
      if (thresholdBytes > maxPayloadBytes) {
        problems.add("thresholdBytes=" + thresholdBytes + " is above maxPayloadBytes=" + maxPayloadBytes);
      }
      toolThresholds.forEach((tool, bytes) -> {
        if (bytes > maxPayloadBytes) {
          problems.add("toolThresholdBytes for tool '" + tool + "'=" + bytes + " is above maxPayloadBytes="
              + maxPayloadBytes);
        }
      });
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid routing policy: " + String.join("; ", problems));
      }
      return new StandardPolicy(enabled, thresholdBytes, Map.copyOf(toolThresholds), maxPayloadBytes,
          maxInlineBytes, fallbackToInline, List.copyOf(offloadedTypes), tokenBudget, tokenEstimator,
          transportLimit);
    }

    private static long nonNegative(String name, long value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be >= 0: " + value);
      }
      return value;
    }
  }
}

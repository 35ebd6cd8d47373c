package io.payloadoffload.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The built-in rules of {@link RoutingPolicy.Builder}, in one monotonic function, and the one home of
 * their settings: {@code OffloadConfig} keeps its routing settings in one of these. Immutable and
 * thread-safe; made by {@link RoutingPolicy.Builder#build()}, changed with {@link #toBuilder()}.
 */
public final class StandardPolicy implements RoutingPolicy {
  private final boolean enabled;
  private final long thresholdBytes;
  private final Map<String, Long> toolThresholds;
  private final long maxPayloadBytes;
  private final long maxInlineBytes;
  private final boolean fallbackToInline;
  private final List<String> offloadedTypes;
  private final long tokenBudget;
  private final TokenEstimator tokenEstimator;
  private final TransportLimit transportLimit;

  StandardPolicy(boolean enabled, long thresholdBytes, Map<String, Long> toolThresholds,
      long maxPayloadBytes, long maxInlineBytes, boolean fallbackToInline, List<String> offloadedTypes,
      long tokenBudget, TokenEstimator tokenEstimator, TransportLimit transportLimit) {
    this.enabled = enabled;
    this.thresholdBytes = thresholdBytes;
    this.toolThresholds = toolThresholds;
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxInlineBytes = maxInlineBytes;
    this.fallbackToInline = fallbackToInline;
    this.offloadedTypes = offloadedTypes;
    this.tokenBudget = tokenBudget;
    this.tokenEstimator = tokenEstimator;
    this.transportLimit = transportLimit;
  }

  /**
   * A builder holding this policy's settings.
   *
   * @return a new builder
   */
  public RoutingPolicy.Builder toBuilder() {
    RoutingPolicy.Builder b = RoutingPolicy.builder().enabled(enabled).thresholdBytes(thresholdBytes)
        .maxPayloadBytes(maxPayloadBytes).maxInlineBytes(maxInlineBytes).fallbackToInline(fallbackToInline)
        .tokenBudget(tokenBudget).tokenEstimator(tokenEstimator);
    toolThresholds.forEach(b::toolThresholdBytes);
    offloadedTypes.forEach(b::offloadContentType);
    if (transportLimit != null) {
      b.transportLimit(transportLimit);
    }
    return b;
  }

  /**
   * Whether offloading is on; see {@link RoutingPolicy.Builder#enabled(boolean)}.
   *
   * @return default {@code true}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The size above which payloads are stored; see {@link RoutingPolicy.Builder#thresholdBytes(long)}.
   *
   * @return bytes; default {@value RoutingPolicy#DEFAULT_THRESHOLD_BYTES}
   */
  public long thresholdBytes() {
    return thresholdBytes;
  }

  /**
   * The tools' own thresholds; see {@link RoutingPolicy.Builder#toolThresholdBytes(String, long)}.
   *
   * @return an unmodifiable map from tool name to bytes; empty by default
   */
  public Map<String, Long> toolThresholdBytes() {
    return toolThresholds;
  }

  /**
   * The largest payload accepted; see {@link RoutingPolicy.Builder#maxPayloadBytes(long)}.
   *
   * @return bytes; default {@value RoutingPolicy#DEFAULT_MAX_PAYLOAD_BYTES}
   */
  public long maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /**
   * The largest payload delivered inline as a fallback; see
   * {@link RoutingPolicy.Builder#maxInlineBytes(long)}.
   *
   * @return bytes; default {@value RoutingPolicy#DEFAULT_MAX_INLINE_BYTES}
   */
  public long maxInlineBytes() {
    return maxInlineBytes;
  }

  /**
   * Whether a payload that must be stored goes inline while the store is unavailable; see
   * {@link RoutingPolicy.Builder#fallbackToInline(boolean)}.
   *
   * @return default {@code true}
   */
  public boolean fallbackToInline() {
    return fallbackToInline;
  }

  /**
   * The content types stored whatever their size; see
   * {@link RoutingPolicy.Builder#offloadContentType(String)}.
   *
   * @return an unmodifiable list of lowercase patterns; empty by default
   */
  public List<String> offloadedContentTypes() {
    return offloadedTypes;
  }

  /**
   * The most estimated tokens a payload may have inline; see
   * {@link RoutingPolicy.Builder#tokenBudget(long)}.
   *
   * @return the budget; empty (the default) for none
   */
  public OptionalLong tokenBudget() {
    return tokenBudget == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(tokenBudget);
  }

  @Override
  public RoutingDecision decide(PayloadFacts f) {
    boolean fits = transportLimit == null || transportLimit.fits(f.framedSizeBytes());
    if (!enabled) {
      return fits ? RoutingDecision.inline() : RoutingDecision.tooLarge(transportLimit.maxMessageBytes(),
          "the payload (" + f.sizeBytes() + " bytes) does not fit the transport limit of "
              + transportLimit.maxMessageBytes() + " bytes and offloading is disabled");
    }
    long threshold = f.toolName() == null ? thresholdBytes : toolThresholds.getOrDefault(f.toolName(), thresholdBytes);
    boolean store = f.sizeBytes() > threshold || !fits || f.estimatedTokens() > tokenBudget
        || isOffloadedType(f.contentType());
    if (!store) {
      return RoutingDecision.inline();
    }
    if (f.sizeBytes() > maxPayloadBytes) {
      return RoutingDecision.tooLarge(maxPayloadBytes, "the payload (" + f.sizeBytes()
          + " bytes) is larger than the maximum of " + maxPayloadBytes + " bytes");
    }
    if (f.storeAvailable()) {
      return RoutingDecision.offload();
    }
    if (!fallbackToInline) {
      return RoutingDecision.storeUnavailable(
          "inline fallback is off (fallbackToInline(false))");
    }
    if (f.sizeBytes() > maxInlineBytes) {
      return RoutingDecision.storeUnavailable("the payload (" + f.sizeBytes()
          + " bytes) is larger than the inline limit of " + maxInlineBytes + " bytes");
    }
    if (!fits) {
      return RoutingDecision.storeUnavailable("the payload's message ("
          + f.framedSizeBytes() + " bytes) would not fit the transport limit of "
          + transportLimit.maxMessageBytes() + " bytes");
    }
    return RoutingDecision.inline();
  }

  private boolean isOffloadedType(String contentType) {
    if (offloadedTypes.isEmpty()) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    for (String pattern : offloadedTypes) {
      if (pattern.endsWith("/*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : type.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<TransportLimit> transportLimit() {
    return Optional.ofNullable(transportLimit);
  }

  @Override
  public TokenEstimator tokenEstimator() {
    return tokenEstimator;
  }

  /**
   * The settings, for logs.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "StandardPolicy[enabled=" + enabled + ", thresholdBytes=" + thresholdBytes + ", toolThresholds="
        + toolThresholds + ", maxPayloadBytes=" + maxPayloadBytes + ", maxInlineBytes=" + maxInlineBytes
        + ", fallbackToInline=" + fallbackToInline + ", offloadedTypes=" + offloadedTypes + ", tokenBudget="
        + tokenBudget + ", transportLimit=" + transportLimit + "]";
  }
}

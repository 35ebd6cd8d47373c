package io.payloadoffload.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The built-in rules of {@link RoutingPolicy.Builder}, in one monotonic function. */
final class StandardPolicy implements RoutingPolicy {
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

  @Override
  public String toString() {
    return "StandardPolicy[enabled=" + enabled + ", thresholdBytes=" + thresholdBytes + ", toolThresholds="
        + toolThresholds + ", maxPayloadBytes=" + maxPayloadBytes + ", maxInlineBytes=" + maxInlineBytes
        + ", fallbackToInline=" + fallbackToInline + ", offloadedTypes=" + offloadedTypes + ", tokenBudget="
        + tokenBudget + ", transportLimit=" + transportLimit + "]";
  }
}

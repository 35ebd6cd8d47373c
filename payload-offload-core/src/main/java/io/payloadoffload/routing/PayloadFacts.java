package io.payloadoffload.routing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about one payload when it is routed. A value: immutable and thread-safe, with
 * {@code equals} over every component, so the same facts always give a pure policy the same decision.
 *
 * <p>For a payload given as bytes or JSON every size is exact. For a stream, the offloader knows only
 * the first {@code thresholdBytes + 1} bytes when it decides: if the stream is longer, the sizes here
 * are those of that prefix, a lower bound of the real ones (see
 * {@link io.payloadoffload.PayloadOffloader#offload(java.io.InputStream, io.payloadoffload.OffloadContext)}).
 *
 * @param sizeBytes the payload's size in bytes, at least 0
 * @param framedSizeBytes the size of the transport message that would carry it inline (see
 *     {@link TransportLimit#framedSizeBytes(byte[])}); equal to {@code sizeBytes} when the policy has no
 *     transport limit; at least {@code sizeBytes}
 * @param contentType the payload's content type, never null
 * @param toolName the tool that produced it, or null when unknown
 * @param sessionId the session it is for, or null when unknown
 * @param metadata string metadata given with it; copied, never null
 * @param estimatedTokens the estimated token count (see {@link TokenEstimator}), at least 0
 * @param storeAvailable {@code false} when the store is known to be unavailable: the circuit breaker is
 *     open, or the store call already failed
 */
public record PayloadFacts(long sizeBytes, long framedSizeBytes, String contentType, String toolName,
    String sessionId, Map<String, String> metadata, long estimatedTokens, boolean storeAvailable) {

  /**
   * Checks and copies the values.
   *
   * @param sizeBytes as the record component {@code sizeBytes} above
   * @param framedSizeBytes as the record component {@code framedSizeBytes} above
   * @param contentType as the record component {@code contentType} above
   * @param toolName as the record component {@code toolName} above
   * @param sessionId as the record component {@code sessionId} above
   * @param metadata as the record component {@code metadata} above
   * @param estimatedTokens as the record component {@code estimatedTokens} above
   * @param storeAvailable as the record component {@code storeAvailable} above
   * @throws IllegalArgumentException if a size or the token count is negative, or the framed size is
   *     smaller than the size
   * @throws NullPointerException if {@code contentType} or {@code metadata} is null
   */
  public PayloadFacts {
    Objects.requireNonNull(contentType, "contentType");
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0: " + sizeBytes);
    }
    if (framedSizeBytes < sizeBytes) {
      throw new IllegalArgumentException("framedSizeBytes must be >= sizeBytes (" + sizeBytes + "): "
          + framedSizeBytes);
    }
    if (estimatedTokens < 0) {
      throw new IllegalArgumentException("estimatedTokens must be >= 0: " + estimatedTokens);
    }
  }

  /**
   * Facts of a payload of this size and nothing else known: framed size equal to the size, content
   * type {@code application/octet-stream}, no tool, session or metadata, tokens by
   * {@link TokenEstimator#defaultEstimator()}, store available.
   *
   * @param sizeBytes the size
   * @return the facts
   * @throws IllegalArgumentException if {@code sizeBytes} is negative
   */
  public static PayloadFacts ofSize(long sizeBytes) {
    String type = "application/octet-stream";
    return new PayloadFacts(sizeBytes, sizeBytes, type, null, null, Map.of(),
        TokenEstimator.defaultEstimator().estimate(sizeBytes, type), true);
  }

  /**
   * The tool's name.
   *
   * @return the tool, if known
   */
  public Optional<String> tool() {
    return Optional.ofNullable(toolName);
  }

  /**
   * The same facts with the store's availability changed.
   *
   * @param available whether the store is available
   * @return the facts
   */
  public PayloadFacts withStoreAvailable(boolean available) {
    return available == storeAvailable ? this : new PayloadFacts(sizeBytes, framedSizeBytes, contentType,
        toolName, sessionId, metadata, estimatedTokens, available);
  }
}

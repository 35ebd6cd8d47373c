package io.payloadoffload.internal;

import io.payloadoffload.OffloadConfig;

/**
 * The routing rules as one pure function of configuration, size and store availability, so that
 * they can be property-tested apart from any I/O.
 */
public final class Routing {

  /** Where a payload goes. */
  public enum Outcome {
    /** Sent as is: offloading disabled, or size at most the threshold. */
    INLINE,
    /** Stored; an envelope goes in its place. */
    REFERENCE,
    /** Stored was wanted but the store is unavailable; sent as is. */
    FALLBACK_INLINE,
    /** Larger than the maximum payload: rejected before any I/O. */
    TOO_LARGE,
    /** The store is unavailable and the payload cannot go inline: rejected. */
    UNAVAILABLE
  }

  private Routing() {}

  /**
   * Decides a payload's route.
   *
   * @param config the rules' settings
   * @param sizeBytes the payload's size
   * @param storeAvailable {@code false} when the breaker is open or the store call failed
   * @return the outcome
   */
  public static Outcome decide(OffloadConfig config, long sizeBytes, boolean storeAvailable) {
    if (!config.enabled() || sizeBytes <= config.thresholdBytes()) {
      return Outcome.INLINE;
    }
    if (sizeBytes > config.maxPayloadBytes()) {
      return Outcome.TOO_LARGE;
    }
    if (storeAvailable) {
      return Outcome.REFERENCE;
    }
    return config.fallbackToInline() && sizeBytes <= config.maxInlineBytes()
        ? Outcome.FALLBACK_INLINE
        : Outcome.UNAVAILABLE;
  }
}

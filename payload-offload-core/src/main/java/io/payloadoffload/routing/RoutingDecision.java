package io.payloadoffload.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RoutingPolicy} decided for one payload. A value: immutable and thread-safe.
 *
 * @param route where the payload goes
 * @param rejection why it is rejected; null unless {@code route} is {@link Route#REJECT}
 * @param reason a short human-readable reason, for error messages and logs; never holds payload
 *     bytes; null unless {@code route} is {@link Route#REJECT}
 * @param limitBytes for a {@link Rejection#TOO_LARGE} rejection, the limit the payload passed (it goes
 *     into {@link io.payloadoffload.exception.PayloadTooLargeException#limitBytes()}); 0 for every other
 *     decision
 */
public record RoutingDecision(Route route, Rejection rejection, String reason, long limitBytes) {
  private static final RoutingDecision INLINE = new RoutingDecision(Route.INLINE, null, null, 0);
  private static final RoutingDecision OFFLOAD = new RoutingDecision(Route.OFFLOAD, null, null, 0);

  /**
   * Where a payload goes. The order is from least to most restrictive, which is the order in which a
   * monotonic policy's decisions follow a growing size.
   */
  public enum Route {
    /** Sent as it is. With the store unavailable for a payload that would have been stored, a fallback. */
    INLINE,
    /** Stored; a reference envelope is sent in its place. */
    OFFLOAD,
    /** Not sent at all; the caller gets an exception. */
    REJECT
  }

  /** Why a payload is rejected, which decides the exception the caller gets. */
  public enum Rejection {
    /** Too large to be sent or stored: {@link io.payloadoffload.exception.PayloadTooLargeException}. */
    TOO_LARGE,
    /**
     * It must be stored, and the store is unavailable:
     * {@link io.payloadoffload.exception.StoreUnavailableException}.
     */
    STORE_UNAVAILABLE
  }

  /**
   * Checks the values.
   *
   * @param route as the record component {@code route} above
   * @param rejection as the record component {@code rejection} above
   * @param reason as the record component {@code reason} above
   * @param limitBytes as the record component {@code limitBytes} above
   * @throws IllegalArgumentException if a rejection lacks its kind or reason, or another route has one,
   *     or {@code limitBytes} is negative, or set for anything but a {@link Rejection#TOO_LARGE}
   * @throws NullPointerException if {@code route} is null
   */
  public RoutingDecision {
    Objects.requireNonNull(route, "route");
    if ((route == Route.REJECT) != (rejection != null) || (route == Route.REJECT) != (reason != null)) {
      throw new IllegalArgumentException("a rejection, and only a rejection, has a kind and a reason: "
          + route + ", " + rejection + ", " + reason);
    }
    if (limitBytes < 0 || (limitBytes != 0 && rejection != Rejection.TOO_LARGE)) {
      throw new IllegalArgumentException("only a TOO_LARGE rejection has a limit, of at least 0: " + limitBytes);
    }
  }

  /**
   * Send inline.
   *
   * @return the decision
   */
  public static RoutingDecision inline() {
    return INLINE;
  }

  /**
   * Store and send a reference.
   *
   * @return the decision
   */
  public static RoutingDecision offload() {
    return OFFLOAD;
  }

  /**
   * Reject as too large to send or store.
   *
   * @param limitBytes the limit the payload passed
   * @param reason what is wrong, without payload bytes
   * @return the decision
   * @throws IllegalArgumentException if {@code limitBytes} is negative
   * @throws NullPointerException if {@code reason} is null
   */
  public static RoutingDecision tooLarge(long limitBytes, String reason) {
    return new RoutingDecision(Route.REJECT, Rejection.TOO_LARGE, Objects.requireNonNull(reason, "reason"),
        limitBytes);
  }

  /**
   * Reject because the payload must be stored and the store is unavailable.
   *
   * @param reason why it cannot go inline instead, without payload bytes
   * @return the decision
   * @throws NullPointerException if {@code reason} is null
   */
  public static RoutingDecision storeUnavailable(String reason) {
    return new RoutingDecision(Route.REJECT, Rejection.STORE_UNAVAILABLE,
        Objects.requireNonNull(reason, "reason"), 0);
  }

  /**
   * The rejection, if this is one.
   *
   * @return the kind of rejection
   */
  public Optional<Rejection> rejected() {
    return Optional.ofNullable(rejection);
  }
}

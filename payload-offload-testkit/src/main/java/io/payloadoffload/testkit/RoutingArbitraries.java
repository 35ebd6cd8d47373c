package io.payloadoffload.testkit;

import io.payloadoffload.routing.PayloadFacts;
import io.payloadoffload.routing.TransportLimit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for routing: sizes and token counts concentrated where a policy changes its mind,
 * and {@link PayloadFacts} that a real payload could have. Used by {@link RoutingPolicyContract}, and
 * usable on their own in a user's properties. Needs jqwik on the test class path (an optional
 * dependency of this module). Stateless and thread-safe.
 */
public final class RoutingArbitraries {
  /** Content types generated when none are given: text, JSON, binary and images. */
  public static final List<String> DEFAULT_CONTENT_TYPES = List.of("application/json", "text/plain; charset=utf-8",
      "application/octet-stream", "application/pdf", "image/png", "IMAGE/JPEG");
  /** Largest factor by which JSON text escaping grows a payload: a control byte becomes a six-byte escape. */
  public static final int MAX_JSON_ESCAPE_FACTOR = 6;

  private RoutingArbitraries() {}

  /**
   * Sizes from 0 to {@code maxBytes}, concentrated at each boundary and one byte either side of it,
   * with a spread across the whole range and extra weight on tiny sizes. Shrinks towards 0.
   *
   * @param maxBytes the largest size, at least 0
   * @param boundaries sizes where a policy's decision may change (thresholds, limits); those above
   *     {@code maxBytes} are ignored
   * @return the sizes
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   * @throws NullPointerException if {@code boundaries} is null
   */
  public static Arbitrary<Long> sizes(long maxBytes, Collection<Long> boundaries) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
    }
    return around(0, maxBytes, boundaries);
  }

  /**
   * Token counts from 0 to {@code maxTokens}, concentrated at each budget and one token either side of
   * it. Shrinks towards 0.
   *
   * @param maxTokens the largest count, at least 0
   * @param budgets token budgets of the policy
   * @return the counts
   * @throws IllegalArgumentException if {@code maxTokens} is negative
   * @throws NullPointerException if {@code budgets} is null
   */
  public static Arbitrary<Long> tokens(long maxTokens, Collection<Long> budgets) {
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be >= 0: " + maxTokens);
    }
    return around(0, maxTokens, budgets);
  }

  /**
   * One of the content types, each also in upper case and with a {@code ;charset} parameter, which a
   * policy must treat as the same type.
   *
   * @param types media types such as {@code image/png}; at least one
   * @return the content types
   * @throws IllegalArgumentException if {@code types} is empty
   */
  public static Arbitrary<String> contentTypes(Collection<String> types) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("types must not be empty");
    }
    List<String> all = new ArrayList<>();
    for (String t : types) {
      all.add(t);
      all.add(t.toUpperCase(java.util.Locale.ROOT));
      all.add(t + "; charset=utf-8");
    }
    return Arbitraries.of(all);
  }

  /**
   * One of the tool names, another name no policy knows, or null (no tool).
   *
   * @param tools the tools a policy knows
   * @return the tool names, null included
   * @throws NullPointerException if {@code tools} is null
   */
  public static Arbitrary<String> toolNames(Collection<String> tools) {
    List<String> all = new ArrayList<>(tools);
    all.add("some_other_tool");
    return Arbitraries.of(all).injectNull(0.25);
  }

  /**
   * Session ids, or null (no session).
   *
   * @return the session ids
   */
  public static Arbitrary<String> sessions() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).injectNull(0.3);
  }

  /**
   * Small metadata maps, empty ones included.
   *
   * @return the maps
   */
  public static Arbitrary<Map<String, String>> metadata() {
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
        Arbitraries.strings().ofMaxLength(10)).ofMaxSize(2);
  }

  /**
   * Framed sizes consistent with a payload size on a transport: the size when there is no limit; the
   * size plus the wrapper for {@link TransportLimit.Encoding#BINARY}; for
   * {@link TransportLimit.Encoding#JSON_TEXT} anything from that to the worst case of
   * {@value #MAX_JSON_ESCAPE_FACTOR} bytes per payload byte, concentrated at the limit and one byte
   * either side of it. Shrinks towards the unescaped size.
   *
   * @param sizes the payload sizes
   * @param limit the transport limit, if any
   * @return pairs of a size and a framed size
   * @throws NullPointerException if an argument is null
   */
  public static Arbitrary<Tuple.Tuple2<Long, Long>> framedSizes(Arbitrary<Long> sizes, Optional<TransportLimit> limit) {
    if (limit.isEmpty()) {
      return sizes.map(s -> Tuple.of(s, s));
    }
    TransportLimit t = limit.get();
    if (t.encoding() == TransportLimit.Encoding.BINARY) {
      return sizes.map(s -> Tuple.of(s, s + t.wrapperBytes()));
    }
    Arbitrary<Long> aimAtLimit = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(-1L)),
        Tuple.of(1, Arbitraries.of(t.maxMessageBytes() - 1, t.maxMessageBytes(), t.maxMessageBytes() + 1)),
        Tuple.of(2, Arbitraries.longs().between(0, Long.MAX_VALUE / 8)));
    return Combinators.combine(sizes, aimAtLimit).as((s, aim) -> {
      long least = s + t.wrapperBytes();
      long most = MAX_JSON_ESCAPE_FACTOR * s + t.wrapperBytes();
      // -1 is plain text; a value up to the limit + 1 aims at the limit; a larger one is a spread.
      long framed = aim < 0 ? least
          : aim <= t.maxMessageBytes() + 1 ? aim
          : least + aim % (most - least + 1);
      return Tuple.of(s, Math.max(least, Math.min(most, framed)));
    });
  }

  /**
   * Facts of payloads up to {@code maxBytes}: sizes as {@link #sizes(long, Collection)}, framed sizes
   * as {@link #framedSizes(Arbitrary, Optional)}, the given content types and tools, any session and
   * metadata, tokens as {@link #tokens(long, Collection)} up to one per byte, and the store up or down.
   *
   * @param maxBytes the largest size
   * @param sizeBoundaries sizes where the policy may change its mind
   * @param limit the transport limit, if any; its boundary is added to {@code sizeBoundaries}
   * @param contentTypes the content types, as {@link #contentTypes(Collection)}
   * @param tools the tools, as {@link #toolNames(Collection)}
   * @param tokenBudgets token counts where the policy may change its mind
   * @return the facts
   * @throws IllegalArgumentException as {@link #sizes(long, Collection)} and
   *     {@link #contentTypes(Collection)}
   * @throws NullPointerException if an argument is null
   */
  public static Arbitrary<PayloadFacts> facts(long maxBytes, Collection<Long> sizeBoundaries,
      Optional<TransportLimit> limit, Collection<String> contentTypes, Collection<String> tools,
      Collection<Long> tokenBudgets) {
    List<Long> boundaries = new ArrayList<>(sizeBoundaries);
    limit.ifPresent(t -> boundaries.add(t.maxMessageBytes() - t.wrapperBytes()));
    Arbitrary<Tuple.Tuple2<Long, Long>> sized = framedSizes(sizes(maxBytes, boundaries), limit);
    return Combinators.combine(sized, contentTypes(contentTypes), toolNames(tools), sessions(), metadata(),
        tokens(maxBytes, tokenBudgets), Arbitraries.of(true, false))
        .as((sf, type, tool, session, meta, tokens, up) ->
            new PayloadFacts(sf.get1(), sf.get2(), type, tool, session, meta, tokens, up));
  }

  private static Arbitrary<Long> around(long min, long max, Collection<Long> boundaries) {
    Objects.requireNonNull(boundaries, "boundaries");
    TreeSet<Long> near = new TreeSet<>();
    for (long b : boundaries) {
      for (long v : new long[] {b - 1, b, b + 1}) {
        if (v >= min && v <= max) {
          near.add(v);
        }
      }
    }
    Arbitrary<Long> spread = Arbitraries.longs().between(min, max);
    Arbitrary<Long> tiny = Arbitraries.longs().between(min, Math.min(max, min + 16));
    if (near.isEmpty()) {
      return Arbitraries.frequencyOf(Tuple.of(3, spread), Tuple.of(1, tiny));
    }
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(near)), Tuple.of(3, spread), Tuple.of(1, tiny));
  }
}

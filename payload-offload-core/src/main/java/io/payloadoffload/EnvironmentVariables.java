package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;

import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.text.Texts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads an {@link OffloadConfig} from the original deployment's environment variables, under exactly
 * their names; {@link OffloadConfig#fromEnvironment(Map)} documents them. Every bad variable and every
 * bad combination is collected, not just the first.
 */
final class EnvironmentVariables {
  private static final long MIB = 1_048_576L;
  /** The variable each setting checked in a combination is read from, to name it in the problem. */
  private static final Map<String, String> COMBINED = Map.of(
      "thresholdBytes", "MESSAGE_BUS_THRESHOLD_BYTES",
      "maxPayloadBytes", "MESSAGE_BUS_MAX_PAYLOAD_MB",
      "maxInlineBytes", "MESSAGE_BUS_MAX_INLINE_MB",
      "compression", "MESSAGE_BUS_COMPRESSION");

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> failed = new HashSet<>();

  private EnvironmentVariables(Map<String, String> env) {
    this.env = env;
  }

  static OffloadConfig read(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    EnvironmentVariables r = new EnvironmentVariables(env);
    OffloadConfig.Builder b = OffloadConfig.builder();
    r.bool("MESSAGE_BUS_ENABLED", b::enabled);
    r.whole("MESSAGE_BUS_THRESHOLD_BYTES", 1, Long.MAX_VALUE, b::thresholdBytes);
    r.whole("MESSAGE_BUS_MAX_PAYLOAD_MB", MIB, Long.MAX_VALUE, b::maxPayloadBytes);
    r.whole("MESSAGE_BUS_MAX_INLINE_MB", MIB, Long.MAX_VALUE, b::maxInlineBytes);
    r.decimal("MESSAGE_BUS_TTL_HOURS", 3_600_000L, v -> b.ttl(Duration.ofMillis(v)));
    r.apply("MESSAGE_BUS_COMPRESSION", s -> b.compression(Compression.fromWireName(s)
        .orElseThrow(() -> new IllegalArgumentException("expected gzip, zstd or none"))));
    r.bool("MESSAGE_BUS_CHECKSUM_ENABLED", b::checksumEnabled);
    r.bool("CIRCUIT_BREAKER_ENABLED", b::circuitBreakerEnabled);
    r.whole("CIRCUIT_BREAKER_THRESHOLD", 1, Integer.MAX_VALUE, v -> b.failureThreshold(v.intValue()));
    r.decimal("CIRCUIT_BREAKER_TIMEOUT_SECS", 1000L, v -> b.openDuration(Duration.ofMillis(v)));
    r.bool("FALLBACK_TO_WEBSOCKET", b::fallbackToInline);
    r.whole("MESSAGE_BUS_TRANSPORT_LIMIT_BYTES", 1, Long.MAX_VALUE, b::transportLimitBytes);
    r.whole("MESSAGE_BUS_TOKEN_BUDGET", 1, Long.MAX_VALUE, b::tokenBudget);
    List<String> problems = new ArrayList<>(r.problems);
    problems.addAll(b.combinationProblems(COMBINED, r.failed));
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return b.build();
  }

  private void apply(String name, Consumer<String> setter) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return;
    }
    try {
      setter.accept(raw.trim());
    } catch (RuntimeException e) {
      problems.add(name + "='" + Texts.abbreviate(raw) + "': " + e.getMessage());
      failed.add(name);
    }
  }

  private void bool(String name, Consumer<Boolean> setter) {
    apply(name, s -> {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "true": case "1": case "yes": case "on":
          setter.accept(true);
          break;
        case "false": case "0": case "no": case "off":
          setter.accept(false);
          break;
        default:
          throw new IllegalArgumentException("expected true or false");
      }
    });
  }

  /** Reads a whole number of units, at most {@code max} once multiplied by {@code unit}. */
  private void whole(String name, long unit, long max, Consumer<Long> setter) {
    apply(name, s -> {
      BigInteger v;
      try {
        v = new BigInteger(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (v.signum() < 0) {
        throw new IllegalArgumentException("must not be negative");
      }
      if (v.compareTo(BigInteger.valueOf(max / unit)) > 0) {
        throw new IllegalArgumentException("too large: at most " + max / unit);
      }
      setter.accept(v.longValueExact() * unit);
    });
  }

  private void decimal(String name, long millisPerUnit, Consumer<Long> setter) {
    apply(name, s -> {
      BigDecimal v;
      try {
        v = new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
      if (v.signum() <= 0) {
        throw new IllegalArgumentException("must be positive");
      }
      BigDecimal millis = v.multiply(BigDecimal.valueOf(millisPerUnit));
      if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000L)) > 0) {
        throw new IllegalArgumentException("too large");
      }
      setter.accept(Math.max(1L, millis.longValue()));
    });
  }
}

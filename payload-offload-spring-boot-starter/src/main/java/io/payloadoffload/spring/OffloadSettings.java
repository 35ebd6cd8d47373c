package io.payloadoffload.spring;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link OffloadConfig} of an application: its {@code payload-offload.*} properties over
 * the original environment variables (read with the core's own rules), over the defaults.
 */
final class OffloadSettings {
  private final PayloadOffloadProperties properties;
  private final Environment environment;
  private final List<String> problems = new ArrayList<>();

  private OffloadSettings(PayloadOffloadProperties properties, Environment environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /**
   * The configuration the properties and the environment describe.
   *
   * @throws ConfigurationException naming every bad property, or every bad variable, at once
   */
  static OffloadConfig config(PayloadOffloadProperties properties, Environment environment) {
    return new OffloadSettings(properties, environment).build();
  }

  /** The value of a variable, unless its property is set. */
  static Optional<String> legacy(LegacyVariable variable, PayloadOffloadProperties properties,
      Environment environment) {
    if (variable.overriddenBy(properties)) {
      return Optional.empty();
    }
    return Optional.ofNullable(environment.getProperty(variable.name()));
  }

  private OffloadConfig build() {
    Map<String, String> variables = new HashMap<>();
    for (LegacyVariable v : LegacyVariable.values()) {
      legacy(v, properties, environment).ifPresent(value -> variables.put(v.name(), value));
    }
    OffloadConfig.Builder b = OffloadConfig.fromEnvironment(variables).toBuilder();
    PayloadOffloadProperties p = properties;
    PayloadOffloadProperties.CircuitBreaker breaker = p.circuitBreaker();
    set("enabled", p.enabled(), b::enabled);
    set("threshold", p.threshold(), v -> b.thresholdBytes(v.toBytes()));
    set("max-payload-size", p.maxPayloadSize(), v -> b.maxPayloadBytes(v.toBytes()));
    set("max-inline-size", p.maxInlineSize(), v -> b.maxInlineBytes(v.toBytes()));
    set("ttl", p.ttl(), b::ttl);
    set("compression", p.compression(), b::compression);
    set("compression-level", p.compressionLevel(), b::compressionLevel);
    set("checksum-enabled", p.checksumEnabled(), b::checksumEnabled);
    set("checksum-algorithm", p.checksumAlgorithm(), b::checksumAlgorithm);
    set("fallback-to-inline", p.fallbackToInline(), b::fallbackToInline);
    set("transport-limit", p.transportLimit(), v -> b.transportLimitBytes(v.toBytes()));
    set("token-budget", p.tokenBudget(), b::tokenBudget);
    set("store-timeout", p.storeTimeout(), b::storeTimeout);
    set("max-retries", p.maxRetries(), b::maxRetries);
    set("circuit-breaker.enabled", breaker.enabled(), b::circuitBreakerEnabled);
    set("circuit-breaker.failure-threshold", breaker.failureThreshold(), b::failureThreshold);
    set("circuit-breaker.open-duration", breaker.openDuration(), b::openDuration);
    if (p.retryDelay() != null || p.retryMaxDelay() != null) {
      OffloadConfig current = OffloadConfig.defaults();
      Duration delay = p.retryDelay() != null ? p.retryDelay() : current.retryDelay();
      Duration maxDelay = p.retryMaxDelay() != null ? p.retryMaxDelay() : current.retryMaxDelay();
      set("retry-delay", delay, d -> b.retryBackoff(d, maxDelay));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return b.build();
  }

  private <T> void set(String property, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      problems.add(PayloadOffloadProperties.PREFIX + "." + property + "=" + value + ": "
          + e.getMessage());
    }
  }
}

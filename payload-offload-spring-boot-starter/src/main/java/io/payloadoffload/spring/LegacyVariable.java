package io.payloadoffload.spring;

import java.util.function.Function;

/**
 * The original deployment's environment variables and the property each one stands in for. A
 * variable is read through Spring's environment only when its property is unset, so the property
 * wins where both are given.
 */
enum LegacyVariable {
  MESSAGE_BUS_ENABLED("enabled", PayloadOffloadProperties::enabled),
  MESSAGE_BUS_THRESHOLD_BYTES("threshold", PayloadOffloadProperties::threshold),
  MESSAGE_BUS_MAX_PAYLOAD_MB("max-payload-size", PayloadOffloadProperties::maxPayloadSize),
  MESSAGE_BUS_MAX_INLINE_MB("max-inline-size", PayloadOffloadProperties::maxInlineSize),
  MESSAGE_BUS_TTL_HOURS("ttl", PayloadOffloadProperties::ttl),
  MESSAGE_BUS_COMPRESSION("compression", PayloadOffloadProperties::compression),
  MESSAGE_BUS_CHECKSUM_ENABLED("checksum-enabled", PayloadOffloadProperties::checksumEnabled),
  CIRCUIT_BREAKER_ENABLED("circuit-breaker.enabled", p -> p.circuitBreaker().enabled()),
  CIRCUIT_BREAKER_THRESHOLD("circuit-breaker.failure-threshold",
      p -> p.circuitBreaker().failureThreshold()),
  CIRCUIT_BREAKER_TIMEOUT_SECS("circuit-breaker.open-duration",
      p -> p.circuitBreaker().openDuration()),
  FALLBACK_TO_WEBSOCKET("fallback-to-inline", PayloadOffloadProperties::fallbackToInline),
  MESSAGE_BUS_TRANSPORT_LIMIT_BYTES("transport-limit", PayloadOffloadProperties::transportLimit),
  MESSAGE_BUS_TOKEN_BUDGET("token-budget", PayloadOffloadProperties::tokenBudget),
  DATABASE_URL("store.url", p -> p.store().url());

  private final String property;
  private final Function<PayloadOffloadProperties, Object> value;

  LegacyVariable(String property, Function<PayloadOffloadProperties, Object> value) {
    this.property = PayloadOffloadProperties.PREFIX + "." + property;
    this.value = value;
  }

  /** The full name of the property that takes precedence over this variable. */
  String property() {
    return property;
  }

  /** Whether the property is set, so that this variable is not read. */
  boolean overriddenBy(PayloadOffloadProperties properties) {
    return value.apply(properties) != null;
  }
}

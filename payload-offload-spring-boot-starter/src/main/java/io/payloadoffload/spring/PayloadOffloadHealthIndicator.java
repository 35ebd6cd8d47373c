package io.payloadoffload.spring;

import io.payloadoffload.CircuitState;
import io.payloadoffload.PayloadOffloader;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Reports the state of the circuit breaker that guards the payload store, as the health contributor
 * {@code payloadOffload}. A closed breaker is {@link Status#UP}. An open or half-open one is
 * {@link #DEGRADED}: the store is failing or not yet proven back, and payloads go inline as a fallback
 * (or are refused, with the fallback off). It is not {@code DOWN}, since the application still
 * serves; map {@code DEGRADED} to an HTTP status of your choice with
 * {@code management.endpoint.health.status.http-mapping.degraded}.
 *
 * <p>It asks the offloader only, never the database, so it is cheap to call often. Thread-safe.
 */
public final class PayloadOffloadHealthIndicator implements HealthIndicator {
  /** The status of an open or half-open breaker: {@code DEGRADED}. */
  public static final Status DEGRADED = new Status("DEGRADED",
      "The payload store is failing; payloads go inline or are refused");

  private final PayloadOffloader offloader;

  /**
   * A health indicator for an offloader's breaker.
   *
   * @param offloader the offloader whose breaker it reports
   * @throws NullPointerException if null
   */
  public PayloadOffloadHealthIndicator(PayloadOffloader offloader) {
    this.offloader = Objects.requireNonNull(offloader, "offloader");
  }

  /**
   * The breaker's state: {@code UP} when closed, {@link #DEGRADED} otherwise, with the details
   * {@code circuitState} and {@code fallbackToInline}.
   *
   * @return the health
   */
  @Override
  public Health health() {
    CircuitState state = offloader.circuitState();
    Health.Builder b = state == CircuitState.CLOSED ? Health.up() : Health.status(DEGRADED);
    return b.withDetail("circuitState", state)
        .withDetail("fallbackToInline", offloader.config().fallbackToInline())
        .build();
  }
}

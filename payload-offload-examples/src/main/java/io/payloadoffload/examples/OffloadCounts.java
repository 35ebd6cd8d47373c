package io.payloadoffload.examples;

import io.payloadoffload.CircuitState;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link OffloadListener} that counts what the offloader and resolver did. The example server
 * registers one on both, so tests and operators can see how many results went inline, by reference
 * or inline as a fallback. Thread-safe; every count starts at zero.
 */
public final class OffloadCounts implements OffloadListener {
  private final AtomicLong inline = new AtomicLong();
  private final AtomicLong offloaded = new AtomicLong();
  private final AtomicLong fallback = new AtomicLong();
  private final AtomicLong resolved = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong circuitChanges = new AtomicLong();

  /** Creates a listener with every count at zero. */
  public OffloadCounts() {}

  @Override
  public void onInline(OffloadContext context, long sizeBytes) {
    inline.incrementAndGet();
  }

  @Override
  public void onOffloaded(OffloadContext context, PayloadEnvelope envelope, Duration storeLatency) {
    offloaded.incrementAndGet();
  }

  @Override
  public void onFallback(OffloadContext context, long sizeBytes, Throwable cause) {
    fallback.incrementAndGet();
  }

  @Override
  public void onResolved(PayloadEnvelope envelope, Duration latency) {
    resolved.incrementAndGet();
  }

  @Override
  public void onFailure(Operation operation, PayloadOffloadException error) {
    failures.incrementAndGet();
  }

  @Override
  public void onCircuitStateChange(CircuitState from, CircuitState to) {
    circuitChanges.incrementAndGet();
  }

  /**
   * Payloads delivered inline because they were small or offloading is off.
   *
   * @return the count
   */
  public long inline() {
    return inline.get();
  }

  /**
   * Payloads stored and delivered as an envelope.
   *
   * @return the count
   */
  public long offloaded() {
    return offloaded.get();
  }

  /**
   * Payloads delivered inline because the store was unavailable.
   *
   * @return the count
   */
  public long fallback() {
    return fallback.get();
  }

  /**
   * Payloads read back and verified by the resolver.
   *
   * @return the count
   */
  public long resolved() {
    return resolved.get();
  }

  /**
   * Offloads and resolves that ended in an exception.
   *
   * @return the count
   */
  public long failures() {
    return failures.get();
  }

  /**
   * Circuit breaker state changes.
   *
   * @return the count
   */
  public long circuitChanges() {
    return circuitChanges.get();
  }

  @Override
  public String toString() {
    return "OffloadCounts{inline=" + inline + ", offloaded=" + offloaded + ", fallback=" + fallback
        + ", resolved=" + resolved + ", failures=" + failures + ", circuitChanges=" + circuitChanges + "}";
  }
}

package io.payloadoffload.internal.pipeline;

import io.payloadoffload.CircuitState;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls several listeners in order. A listener that throws is logged at WARN and skipped, so a
 * broken metrics hook never breaks delivery.
 */
public final class Listeners implements OffloadListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  /** Used when there is no listener, so the hot path calls empty methods the JIT removes. */
  private static final OffloadListener NONE = new OffloadListener() {};

  private final List<OffloadListener> listeners;

  private Listeners(List<OffloadListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Combines listeners.
   *
   * @param listeners called in this order
   * @return one listener calling them all, or a no-op when there are none
   */
  public static OffloadListener of(List<OffloadListener> listeners) {
    return listeners.isEmpty() ? NONE : new Listeners(listeners);
  }

  private void each(Consumer<OffloadListener> call) {
    for (OffloadListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("OffloadListener {} threw; ignoring it", l.getClass().getName(), e);
      }
    }
  }

  @Override
  public void onInline(OffloadContext context, long sizeBytes) {
    each(l -> l.onInline(context, sizeBytes));
  }

  @Override
  public void onOffloaded(OffloadContext context, PayloadEnvelope envelope, Duration storeLatency) {
    each(l -> l.onOffloaded(context, envelope, storeLatency));
  }

  @Override
  public void onFallback(OffloadContext context, long sizeBytes, Throwable cause) {
    each(l -> l.onFallback(context, sizeBytes, cause));
  }

  @Override
  public void onResolved(PayloadEnvelope envelope, Duration latency) {
    each(l -> l.onResolved(envelope, latency));
  }

  @Override
  public void onFailure(Operation operation, PayloadOffloadException error) {
    each(l -> l.onFailure(operation, error));
  }

  @Override
  public void onCircuitStateChange(CircuitState from, CircuitState to) {
    each(l -> l.onCircuitStateChange(from, to));
  }
}

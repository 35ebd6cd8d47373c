package io.payloadoffload.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that passes every call to another store. Extend it and override only the calls you want
 * to change: to add metrics or tracing around a store, to encrypt stored bytes, or in tests to make a
 * store fail or damage its bytes on demand. Thread-safe exactly when the delegate is and the
 * overrides are.
 *
 * <p>{@link #openForReading} is not forwarded: it calls this class's {@link #open}, so an override of
 * {@code open} is never bypassed, and the delegate's one-round-trip read is not used. A wrapper that
 * keeps the stored bytes as they are may override it to call the delegate's.
 */
public abstract class ForwardingPayloadStore implements PayloadStore {
  private final PayloadStore delegate;

  /**
   * Wraps a store.
   *
   * @param delegate the store every call goes to
   * @throws NullPointerException if {@code delegate} is null
   */
  protected ForwardingPayloadStore(PayloadStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped store.
   *
   * @return the delegate
   */
  protected PayloadStore delegate() {
    return delegate;
  }

  @Override
  public void put(PayloadBody body) {
    delegate.put(body);
  }

  @Override
  public Optional<StoredPayload> open(String id) {
    return delegate.open(id);
  }

  @Override
  public boolean delete(String id) {
    return delegate.delete(id);
  }

  @Override
  public long deleteExpired(Instant now, int batchSize) {
    return delegate.deleteExpired(now, batchSize);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

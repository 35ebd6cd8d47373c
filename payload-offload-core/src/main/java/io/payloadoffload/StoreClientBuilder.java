package io.payloadoffload;

import io.payloadoffload.spi.PayloadStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The settings that {@link PayloadOffloader.Builder} and {@link PayloadResolver.Builder} share: the
 * store, listeners, the executor of the {@code *Async} methods and the clock. Each is checked when
 * it is set. Sealed: only those two builders extend it. Not thread-safe, like the builders.
 *
 * @param <B> the builder's own type, returned by every setter
 */
public abstract sealed class StoreClientBuilder<B extends StoreClientBuilder<B>>
    permits PayloadOffloader.Builder, PayloadResolver.Builder {
  final SharedSettings settings;

  StoreClientBuilder(String owner) {
    this.settings = new SharedSettings(owner);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the store. Required.
   *
   * @param store where payloads are written and read; not closed by what is built
   * @return this builder
   * @throws NullPointerException if null
   */
  public B store(PayloadStore store) {
    settings.store(store);
    return self();
  }

  /**
   * Adds a listener; listeners are called in the order added. Default: none.
   *
   * @param listener the listener
   * @return this builder
   * @throws NullPointerException if null
   */
  public B listener(OffloadListener listener) {
    settings.listener(listener);
    return self();
  }

  /**
   * Sets the executor of the {@code *Async} methods. Default: a pool of 8 daemon threads
   * ({@link PayloadOffloader#DEFAULT_ASYNC_THREADS}, {@link PayloadResolver#DEFAULT_ASYNC_THREADS})
   * owned and shut down by what is built.
   *
   * @param executor the executor; not shut down by what is built
   * @return this builder
   * @throws NullPointerException if null
   */
  public B executor(Executor executor) {
    settings.executor(executor);
    return self();
  }

  /**
   * Sets the clock: the offloader's creation and expiry times, the resolver's expiry check.
   * Default: {@link Clock#systemUTC()}.
   *
   * @param clock the clock
   * @return this builder
   * @throws NullPointerException if null
   */
  public B clock(Clock clock) {
    settings.clock(clock);
    return self();
  }
}

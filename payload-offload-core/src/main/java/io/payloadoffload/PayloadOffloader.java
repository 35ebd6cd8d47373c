package io.payloadoffload;

import io.payloadoffload.spi.PayloadStore;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The sender's side of the claim check: measures each payload, sends small ones inline and stores
 * large ones, returning a {@link Delivery} that says what to send. Thread-safe; build one per store
 * and share it.
 */
public final class PayloadOffloader implements AutoCloseable {

  /**
   * A new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Routes one payload.
   *
   * @param payload the bytes; not copied, so do not change them until the call returns
   * @param context who the payload is for
   * @return what to send
   */
  public Delivery offload(byte[] payload, OffloadContext context) {
    throw new UnsupportedOperationException();
  }

  /**
   * Serializes a value to JSON once and routes the bytes.
   *
   * @param valueOrJsonNode any Jackson-serializable value or tree
   * @param context who the payload is for
   * @return what to send
   */
  public Delivery offloadJson(Object valueOrJsonNode, OffloadContext context) {
    throw new UnsupportedOperationException();
  }

  /**
   * Routes a stream.
   *
   * @param in the payload
   * @param context who the payload is for
   * @return what to send
   */
  public Delivery offload(InputStream in, OffloadContext context) {
    throw new UnsupportedOperationException();
  }

  /**
   * Routes one payload on the executor.
   *
   * @param payload the bytes
   * @param context who the payload is for
   * @return what to send
   */
  public CompletableFuture<Delivery> offloadAsync(byte[] payload, OffloadContext context) {
    throw new UnsupportedOperationException();
  }

  /**
   * The breaker state.
   *
   * @return the state
   */
  public CircuitState circuitState() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  /** Builds a {@link PayloadOffloader}. */
  public static final class Builder {
    private Builder() {}

    /**
     * Sets the store.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(PayloadStore store) {
      return this;
    }

    /**
     * Sets the config.
     *
     * @param config the config
     * @return this builder
     */
    public Builder config(OffloadConfig config) {
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(OffloadListener listener) {
      return this;
    }

    /**
     * Sets the executor.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      return this;
    }

    /**
     * Builds it.
     *
     * @return the offloader
     */
    public PayloadOffloader build() {
      return new PayloadOffloader();
    }
  }
}

package io.payloadoffload;

import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadStore;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The receiver's side of the claim check: turns an envelope back into the exact original bytes.
 */
public final class PayloadResolver implements AutoCloseable {

  /**
   * A new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves.
   *
   * @param envelope the envelope
   * @param requesterSessionId the requester's session
   * @return the bytes
   */
  public byte[] resolve(PayloadEnvelope envelope, String requesterSessionId) {
    throw new UnsupportedOperationException();
  }

  /**
   * Resolves.
   *
   * @param envelopeJson the envelope
   * @param requesterSessionId the requester's session
   * @return the bytes
   */
  public byte[] resolve(String envelopeJson, String requesterSessionId) {
    throw new UnsupportedOperationException();
  }

  /**
   * Opens.
   *
   * @param envelope the envelope
   * @param requesterSessionId the requester's session
   * @return the stream
   */
  public PayloadStream openStream(PayloadEnvelope envelope, String requesterSessionId) {
    throw new UnsupportedOperationException();
  }

  /**
   * Opens by id.
   *
   * @param transactionId the id
   * @param requesterSessionId the requester's session
   * @return the stream
   */
  public PayloadStream openStreamById(String transactionId, String requesterSessionId) {
    throw new UnsupportedOperationException();
  }

  /**
   * Resolves async.
   *
   * @param envelope the envelope
   * @param requesterSessionId the requester's session
   * @return the bytes
   */
  public CompletableFuture<byte[]> resolveAsync(PayloadEnvelope envelope, String requesterSessionId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  /** Builds a {@link PayloadResolver}. */
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
     * Delete after read.
     *
     * @param delete whether
     * @return this builder
     */
    public Builder deleteAfterRead(boolean delete) {
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
     * Builds.
     *
     * @return the resolver
     */
    public PayloadResolver build() {
      return new PayloadResolver();
    }
  }
}

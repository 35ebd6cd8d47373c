package io.payloadoffload;

import io.payloadoffload.exception.PayloadStoreException;

import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Store decorators for tests: failing on demand, and tampering with stored bytes. */
final class TestStores {
  private TestStores() {}

  /** Delegates to a real store, but fails every call while {@link #down} is set. */
  static final class Switchable extends ForwardingPayloadStore {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger puts = new AtomicInteger();
    final boolean retryable;

    Switchable(PayloadStore delegate, boolean retryable) {
      super(delegate);
      this.retryable = retryable;
    }

    private void check(String id) {
      if (down.get()) {
        throw new PayloadStoreException("store is down (test)", id, retryable, null);
      }
    }

    @Override
    public void put(PayloadBody body) {
      puts.incrementAndGet();
      check(body.header().id());
      super.put(body);
    }

    @Override
    public Optional<StoredPayload> open(String id) {
      check(id);
      return super.open(id);
    }

    @Override
    public boolean delete(String id) {
      check(id);
      return super.delete(id);
    }

    @Override
    public long deleteExpired(Instant now, int batchSize) {
      check(null);
      return super.deleteExpired(now, batchSize);
    }
  }

  /** Returns records changed by a function, as an edited or damaged database row would. */
  static PayloadStore rewriting(PayloadStore delegate, UnaryOperator<PayloadRecord.Builder> change) {
    return new ForwardingPayloadStore(delegate) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return super.open(id).map(p -> StoredPayload.of(change.apply(p.record().toBuilder()).build(), p::openStream));
      }
    };
  }

  /** Returns stored bytes changed by a function, as a damaged disk or a tampering party would. */
  static PayloadStore tampering(PayloadStore delegate, UnaryOperator<byte[]> tamper) {
    return new ForwardingPayloadStore(delegate) {
      @Override
      public Optional<StoredPayload> open(String id) {
        return super.open(id).map(p -> StoredPayload.of(p.record(), () -> {
          try (InputStream in = p.openStream()) {
            return new ByteArrayInputStream(tamper.apply(in.readAllBytes()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
    };
  }
}

package io.payloadoffload;

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
  static final class Switchable implements PayloadStore {
    final PayloadStore delegate;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger puts = new AtomicInteger();
    final boolean retryable;

    Switchable(PayloadStore delegate, boolean retryable) {
      this.delegate = delegate;
      this.retryable = retryable;
    }

    private void check(String id) {
      if (down.get()) {
        throw new PayloadStoreException("store is down (test)", id, retryable, null);
      }
    }

    @Override
    public void put(PayloadRecord record, InputStream storedBytes) {
      puts.incrementAndGet();
      check(record.id());
      delegate.put(record, storedBytes);
    }

    @Override
    public Optional<StoredPayload> open(String id) {
      check(id);
      return delegate.open(id);
    }

    @Override
    public boolean delete(String id) {
      check(id);
      return delegate.delete(id);
    }

    @Override
    public long deleteExpired(Instant now, int batchSize) {
      check(null);
      return delegate.deleteExpired(now, batchSize);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** Returns stored bytes changed by a function, as a damaged disk or a tampering party would. */
  static PayloadStore tampering(PayloadStore delegate, UnaryOperator<byte[]> tamper) {
    return new PayloadStore() {
      @Override
      public void put(PayloadRecord record, InputStream storedBytes) {
        delegate.put(record, storedBytes);
      }

      @Override
      public Optional<StoredPayload> open(String id) {
        return delegate.open(id).map(p -> StoredPayload.of(p.record(), () -> {
          try (InputStream in = p.openStream()) {
            return new ByteArrayInputStream(tamper.apply(in.readAllBytes()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
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
    };
  }
}

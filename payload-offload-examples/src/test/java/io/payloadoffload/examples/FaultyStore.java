package io.payloadoffload.examples;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An in-memory store that fails the way a test tells it to: opens or puts that throw, records that
 * come back altered, stored bytes that break after a number of bytes. It counts the stored bytes
 * read, so a test can tell that nobody read them. Thread-safe.
 */
final class FaultyStore extends ForwardingPayloadStore {
  private final AtomicLong bytesRead = new AtomicLong();
  private volatile Supplier<RuntimeException> openFailure;
  private volatile Supplier<RuntimeException> putFailure;
  private volatile UnaryOperator<PayloadRecord.Builder> recordChange = UnaryOperator.identity();
  private volatile long breakAfterBytes = -1;
  private volatile Supplier<Exception> readFailure;

  FaultyStore() {
    super(new InMemoryPayloadStore());
  }

  /** Every open throws what the supplier gives. */
  void failOpens(Supplier<RuntimeException> failure) {
    openFailure = failure;
  }

  /** Every put throws what the supplier gives. */
  void failPuts(Supplier<RuntimeException> failure) {
    putFailure = failure;
  }

  /** Every open returns the stored record changed by {@code change}. */
  void alterRecords(UnaryOperator<PayloadRecord.Builder> change) {
    recordChange = change;
  }

  /**
   * Every stream of stored bytes throws what the supplier gives, an {@link IOException} or an
   * unchecked exception, once it has returned {@code bytes} bytes.
   */
  void breakStreamsAfter(long bytes, Supplier<Exception> failure) {
    readFailure = failure;
    breakAfterBytes = bytes;
  }

  /** Ends every fault. */
  void heal() {
    openFailure = null;
    putFailure = null;
    recordChange = UnaryOperator.identity();
    breakAfterBytes = -1;
    readFailure = null;
  }

  /** How many stored bytes all streams returned so far. */
  long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public void put(PayloadBody body) {
    Supplier<RuntimeException> failure = putFailure;
    if (failure != null) {
      throw failure.get();
    }
    super.put(body);
  }

  @Override
  public Optional<StoredPayload> open(String id) {
    Supplier<RuntimeException> failure = openFailure;
    if (failure != null) {
      throw failure.get();
    }
    UnaryOperator<PayloadRecord.Builder> change = recordChange;
    long limit = breakAfterBytes;
    Supplier<Exception> broken = readFailure;
    return super.open(id).map(p -> StoredPayload.of(change.apply(p.record().toBuilder()).build(),
        () -> new Counting(p.openStream(), limit, broken)));
  }

  private final class Counting extends FilterInputStream {
    private final long limit;
    private final Supplier<Exception> failure;
    private long position;

    Counting(InputStream in, long limit, Supplier<Exception> failure) {
      super(in);
      this.limit = limit;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (limit >= 0 && position >= limit) {
        Exception e = failure.get();
        if (e instanceof IOException) {
          throw (IOException) e;
        }
        throw (RuntimeException) e;
      }
      int n = super.read(b, off, limit >= 0 ? (int) Math.min(len, limit - position) : len);
      if (n > 0) {
        position += n;
        bytesRead.addAndGet(n);
      }
      return n;
    }
  }
}

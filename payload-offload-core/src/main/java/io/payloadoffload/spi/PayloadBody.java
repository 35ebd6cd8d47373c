package io.payloadoffload.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * The stored bytes of one put, as a stream, with the two phases of the put: the {@link #header()} is
 * known before the first byte, and the complete {@link #record()} (sizes and checksum) once the body
 * has been read to its end. A store reads the body to its end, then asks for the record, and makes the
 * payload visible only with it: PostgreSQL commits the header row with the record's values in the same
 * transaction as the chunks; an object store completes its upload and then writes the record.
 *
 * <p>A body's read may throw {@link io.payloadoffload.exception.PayloadSourceException} when the caller's own
 * stream broke, or {@link io.payloadoffload.exception.PayloadTooLargeException} when it held more than allowed:
 * neither is the store's failure. A store must keep nothing of such a put and let the exception
 * propagate unchanged, so that the core does not count it against the store. An {@link IOException}
 * from a read is the store's own failure to read what it was given.
 *
 * <p>Not thread-safe: one store thread reads it. The store does not close it.
 */
public abstract class PayloadBody extends InputStream {

  /** For subclasses: bodies made by the core, and decorators in tests. */
  protected PayloadBody() {}

  /**
   * What is known before the body: id, session, tool, content type, compression, times, metadata.
   *
   * @return the header
   */
  public abstract PayloadHeader header();

  /**
   * The stored size, when it is known before the body is read (a payload given as an array). A store
   * may then choose a one-shot write, such as a single statement or a single object upload.
   *
   * @return the size, or empty for a streamed body
   */
  public abstract OptionalLong knownStoredSizeBytes();

  /**
   * The complete record, once the body has been read to its end (a read has returned -1).
   *
   * @return the record, with this body's header
   * @throws IllegalStateException if the body has not been read to its end
   */
  public abstract PayloadRecord record();

  /**
   * A body of bytes whose record is known already.
   *
   * @param record the complete record; its stored size must be the array's length
   * @param storedBytes the stored bytes; not copied
   * @return the body
   * @throws IllegalArgumentException if the record's stored size is not the array's length
   * @throws NullPointerException if an argument is null
   */
  public static PayloadBody of(PayloadRecord record, byte[] storedBytes) {
    Objects.requireNonNull(record, "record");
    if (record.storedSizeBytes() != storedBytes.length) {
      throw new IllegalArgumentException("the record of payload " + record.id() + " says "
          + record.storedSizeBytes() + " stored bytes, the array holds " + storedBytes.length);
    }
    return new Known(record, new ByteArrayInputStream(storedBytes), OptionalLong.of(storedBytes.length));
  }

  /**
   * A body streamed from an input whose record is known already. The store checks that the stream
   * holds exactly the record's stored size.
   *
   * @param record the complete record
   * @param storedBytes the stored bytes; not closed
   * @return the body
   * @throws NullPointerException if an argument is null
   */
  public static PayloadBody of(PayloadRecord record, InputStream storedBytes) {
    return new Known(Objects.requireNonNull(record, "record"), Objects.requireNonNull(storedBytes,
        "storedBytes"), OptionalLong.empty());
  }

  /**
   * A body whose record is made at its end, from the number of stored bytes read.
   *
   * @param header the header
   * @param storedBytes the stored bytes; not closed
   * @param atEnd makes the record from the count of stored bytes, once the stream has ended
   * @return the body
   * @throws NullPointerException if an argument is null
   */
  public static PayloadBody streamed(PayloadHeader header, InputStream storedBytes,
      LongFunction<PayloadRecord> atEnd) {
    return new Streamed(Objects.requireNonNull(header, "header"), Objects.requireNonNull(storedBytes,
        "storedBytes"), Objects.requireNonNull(atEnd, "atEnd"));
  }

  /** Counts what it hands out and remembers the end of its source. */
  private abstract static class Counting extends PayloadBody {
    private final InputStream in;
    long count;
    boolean ended;

    Counting(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        ended = true;
      } else {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        ended = true;
      } else {
        count += n;
      }
      return n;
    }

    void requireEnded(String id) {
      if (!ended) {
        throw new IllegalStateException("the record of payload " + id
            + " was asked for before its body was read to the end");
      }
    }
  }

  private static final class Known extends Counting {
    private final PayloadRecord record;
    private final OptionalLong size;

    Known(PayloadRecord record, InputStream in, OptionalLong size) {
      super(in);
      this.record = record;
      this.size = size;
    }

    @Override
    public PayloadHeader header() {
      return record.header();
    }

    @Override
    public OptionalLong knownStoredSizeBytes() {
      return size;
    }

    @Override
    public PayloadRecord record() {
      requireEnded(record.id());
      return record;
    }
  }

  private static final class Streamed extends Counting {
    private final PayloadHeader header;
    private final LongFunction<PayloadRecord> atEnd;

    Streamed(PayloadHeader header, InputStream in, LongFunction<PayloadRecord> atEnd) {
      super(in);
      this.header = header;
      this.atEnd = atEnd;
    }

    @Override
    public PayloadHeader header() {
      return header;
    }

    @Override
    public OptionalLong knownStoredSizeBytes() {
      return OptionalLong.empty();
    }

    @Override
    public PayloadRecord record() {
      requireEnded(header.id());
      return atEnd.apply(count);
    }
  }
}

package io.payloadoffload.internal.pipeline;

import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.internal.io.ArrayReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A store's stream of stored bytes, held to the record that describes them and to the SPI's error
 * contract, so that bad store data surfaces only as the resolver's documented exceptions.
 *
 * <ul>
 *   <li>More bytes than the record's stored size, or an end before it, is a
 *       {@link PayloadIntegrityException}. Reads never ask the store for more than one byte past the
 *       stored size, so a store that sends too much costs no more than one byte of it.
 *   <li>An {@link UncheckedIOException} is unwrapped to its {@link IOException}, like any other read
 *       failure.
 *   <li>Any other unchecked exception that is not a {@link PayloadOffloadException} (a defect in the
 *       store) becomes a non-retryable {@link PayloadStoreException} that keeps it as its cause but
 *       does not repeat its message, which may hold driver text.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class StoredBytesInputStream extends ArrayReadStream {
  private final InputStream in;
  private final String id;
  private final long declaredBytes;
  private long count;

  /**
   * Wraps a store's stream.
   *
   * @param in the stream {@link io.payloadoffload.spi.StoredPayload#openStream()} returned
   * @param id the payload's id, for errors
   * @param declaredBytes the record's stored size
   * @throws PayloadStoreException if {@code in} is null
   */
  public StoredBytesInputStream(InputStream in, String id, long declaredBytes) {
    if (in == null) {
      throw new PayloadStoreException("The payload store returned no stream for payload " + id
          + ". This is a defect in the store; the payload cannot be read until it is fixed.", id, false, null);
    }
    this.in = in;
    this.id = id;
    this.declaredBytes = declaredBytes;
  }

  /**
   * Reports an unchecked exception thrown by a store as one of the documented types.
   *
   * @param id the payload's id
   * @param e what the store threw
   * @return {@code e} itself if it is a {@link PayloadOffloadException}, else a non-retryable
   *     {@link PayloadStoreException} caused by it
   */
  public static PayloadOffloadException storeDefect(String id, RuntimeException e) {
    if (e instanceof PayloadOffloadException) {
      return (PayloadOffloadException) e;
    }
    return new PayloadStoreException("The payload store failed reading payload " + id + " with an "
        + e.getClass().getName() + " instead of a PayloadStoreException. This is a defect in the store or "
        + "a damaged record; the payload cannot be read until it is fixed.", id, false, e);
  }

  @Override
  protected int readChecked(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, declaredBytes - count + 1));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      throw storeDefect(id, e);
    }
    if (n > 0) {
      count += n;
      if (count > declaredBytes) {
        throw new PayloadIntegrityException(id, declaredBytes + " stored bytes", "more than " + declaredBytes
            + " stored bytes");
      }
    } else if (n < 0 && count != declaredBytes) {
      throw new PayloadIntegrityException(id, declaredBytes + " stored bytes", count + " stored bytes");
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      throw storeDefect(id, e);
    }
  }
}

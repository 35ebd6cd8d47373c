package io.payloadoffload.spi;

import io.payloadoffload.exception.PayloadStoreException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A payload as a store returns it: its record, read eagerly, and its stored bytes, read lazily.
 * Instances are not required to be thread-safe; {@link #openStream()} may be called more than once.
 */
public interface StoredPayload {

  /**
   * The payload's metadata.
   *
   * @return the record, never {@code null}
   */
  PayloadRecord record();

  /**
   * Opens the stored (compressed) bytes. Stores read them lazily, so no connection or large buffer
   * is held while a slow caller consumes the stream. The caller closes the stream.
   *
   * @return a fresh stream over exactly {@link PayloadRecord#storedSizeBytes()} bytes
   * @throws PayloadStoreException if the bytes cannot be read; read errors later surface as
   *     {@link java.io.IOException} from the stream
   */
  InputStream openStream();

  /**
   * A stored payload backed by a stream factory.
   *
   * @param record the record
   * @param streams called once per {@link #openStream()}
   * @return the stored payload
   * @throws NullPointerException if an argument is null
   */
  static StoredPayload of(PayloadRecord record, Supplier<InputStream> streams) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(streams, "streams");
    return new StoredPayload() {
      @Override
      public PayloadRecord record() {
        return record;
      }

      @Override
      public InputStream openStream() {
        return streams.get();
      }
    };
  }
}

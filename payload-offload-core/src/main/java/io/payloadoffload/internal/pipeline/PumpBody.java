package io.payloadoffload.internal.pipeline;

import io.payloadoffload.PayloadSourceException;
import io.payloadoffload.PayloadTooLargeException;
import io.payloadoffload.internal.io.Streams;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * The body of a streamed put: the compressed bytes of a {@link CompressingInputStream}, whose record
 * is known once it has ended. A failure of the caller's stream surfaces as
 * {@link PayloadSourceException}, and a stream over the limit as {@link PayloadTooLargeException}, so
 * that the store can tell them from its own failures. Not thread-safe.
 */
public final class PumpBody extends PayloadBody {
  private final PayloadHeader header;
  private final CompressingInputStream pump;
  private final long limit;

  /**
   * Wraps a pump.
   *
   * @param header the payload's header
   * @param pump the compressed bytes
   * @param limit the most original bytes the pump accepts, for the error
   */
  public PumpBody(PayloadHeader header, CompressingInputStream pump, long limit) {
    this.header = header;
    this.pump = pump;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    return Streams.readByte(this);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return pump.read(b, off, len);
    } catch (IOException e) {
      throwIfCallersFault();
      throw e;
    } catch (RuntimeException e) {
      throwIfCallersFault();
      throw e;
    }
  }

  /** A failed read was the caller's when it was the caller's stream or size: say so. */
  private void throwIfCallersFault() {
    if (pump.isLimitExceeded()) {
      throw new PayloadTooLargeException(pump.originalBytes(), limit);
    }
    if (pump.sourceFailure() != null) {
      throw new PayloadSourceException("Reading the payload stream failed after " + pump.originalBytes()
          + " bytes, so payload " + header.id() + " was not stored and not delivered. Check the stream"
          + " the payload came from.", header.id(), pump.sourceFailure());
    }
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
    if (!pump.isFinished() || pump.isLimitExceeded()) {
      throw new IllegalStateException("the record of payload " + header.id()
          + " was asked for before its body was read to the end");
    }
    return PayloadRecord.of(header, pump.originalBytes(), pump.storedBytes(), pump.checksum());
  }
}

package io.payloadoffload.internal.pipeline;

import io.payloadoffload.exception.PayloadSourceException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.internal.io.ArrayReadStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed bytes of a {@link CompressingInputStream} as a streamed put's body reads them: a
 * failure of the caller's stream surfaces as {@link PayloadSourceException}, and a stream over the
 * limit as {@link PayloadTooLargeException}, so that a store can tell them from its own failures and
 * let them through. Not thread-safe.
 */
public final class CallerFaultStream extends ArrayReadStream {
  private final CompressingInputStream pump;
  private final String id;
  private final long limit;

  /**
   * Wraps a pump.
   *
   * @param pump the compressed bytes
   * @param id the payload's id, for errors
   * @param limit the most original bytes the pump accepts, for the error
   */
  public CallerFaultStream(CompressingInputStream pump, String id, long limit) {
    this.pump = pump;
    this.id = id;
    this.limit = limit;
  }

  @Override
  protected int readChecked(byte[] b, int off, int len) throws IOException {
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
          + " bytes, so payload " + id + " was not stored and not delivered. Check the stream the payload"
          + " came from.", id, pump.sourceFailure());
    }
  }
}

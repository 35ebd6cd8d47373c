package io.payloadoffload.internal.codec;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.io.ArrayReadFilter;
import io.payloadoffload.internal.io.Streams;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes on at most {@code max} bytes of a decoder's output and fails with {@link CodecException}
 * when the decoder has more. Reads go straight into the caller's buffer, never asking the decoder
 * for more than the bytes still allowed, so output past the cap is never allocated.
 *
 * <p>When the count reaches the cap, the same {@code read} call asks the decoder for one more byte
 * (into a one-byte buffer): a decoder with more output is a bomb, and one that fails is corrupt. So
 * a caller that reads exactly the declared size, without waiting for end of stream, still gets the
 * whole input checked, trailer and checksum included. Not thread-safe.
 */
final class BoundedInputStream extends ArrayReadFilter {
  private final long max;
  private final Compression compression;
  private long count;
  private boolean eof;

  BoundedInputStream(InputStream in, long max, Compression compression) {
    super(in);
    this.max = checkCap(max);
    this.compression = compression;
  }

  static long checkCap(long maxOutputBytes) {
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("maxOutputBytes must be >= 0: " + maxOutputBytes);
    }
    return maxOutputBytes;
  }

  @Override
  protected int readChecked(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (eof) {
      return -1;
    }
    long allowed = max - count;
    if (allowed == 0) {
      expectEnd();
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, allowed));
    if (n < 0) {
      eof = true;
      return -1;
    }
    count += n;
    if (count == max) {
      expectEnd();
    }
    return n;
  }

  private void expectEnd() throws IOException {
    if (Streams.readByte(in) >= 0) {
      String what = compression == Compression.NONE ? "Stored" : "Decompressed " + compression.wireName();
      throw new CodecException(what + " data is larger than the declared size of " + max + " bytes (a corrupt record or a decompression bomb); reading "
          + "stopped at the limit. Do not trust this stored copy; ask the sender to send the payload "
          + "again.", null, null);
    }
    eof = true;
  }

  @Override
  public int available() throws IOException {
    return eof ? 0 : (int) Math.min(in.available(), max - count);
  }
}

package io.payloadoffload.internal.codec;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.io.ArrayReadFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Zstandard through zstd-jni. Frames carry zstd's content checksum unless the codec was made for
 * payloads that have their own checksum ({@link Codecs#forPayloads}); with it, corrupt stored bytes
 * fail in the codec even when no payload checksum is kept. The NoFinalizer streams free their native
 * context on {@code close()}, not at garbage collection, so callers must close them (the resolver
 * and offloader do, in try-with-resources).
 *
 * <p>Decoding accepts concatenated and skippable frames (both valid zstd); any other bytes after the
 * last frame are an error, as is a stream that ends inside a frame or holds no frame at all.
 */
final class ZstdCodec implements Codec {
  private final int level;
  private final boolean frameChecksum;

  ZstdCodec(int level, boolean frameChecksum) {
    this.level = level;
    this.frameChecksum = frameChecksum;
  }

  @Override
  public Compression compression() {
    return Compression.ZSTD;
  }

  @Override
  public OutputStream compress(OutputStream sink) throws IOException {
    Objects.requireNonNull(sink, "sink");
    ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(sink, level);
    try {
      return out.setChecksum(frameChecksum);
    } catch (IOException | RuntimeException e) {
      out.closeWithoutClosingParentStream();
      throw e;
    }
  }

  /** One call instead of a stream: no window copy, no output buffer growth. Same frame format. */
  @Override
  public byte[] compress(byte[] input) {
    Objects.requireNonNull(input, "input");
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      return ctx.setLevel(level).setChecksum(frameChecksum).compress(input);
    }
  }

  /**
   * One call into an array of exactly the cap: a frame that would decode to more fails inside zstd
   * without writing past it, so a decompression bomb allocates nothing beyond the cap.
   */
  @Override
  public byte[] decompress(byte[] stored, int maxOutputBytes) {
    Objects.requireNonNull(stored, "stored");
    BoundedInputStream.checkCap(maxOutputBytes);
    if (stored.length == 0) {
      throw new CodecException("Stored zstd data is empty: it holds no zstd frame. The stored copy "
          + "is damaged; ask the sender to send the payload again.", null, null);
    }
    byte[] out = new byte[maxOutputBytes];
    int n;
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      n = ctx.decompressByteArray(out, 0, out.length, stored, 0, stored.length);
    } catch (ZstdException e) {
      throw new CodecException("Stored zstd data is corrupt, truncated or larger than its declared "
          + maxOutputBytes + " bytes (" + e.getMessage() + "). The stored copy is damaged; ask the"
          + " sender to send the payload again.", null, e);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public InputStream decompress(InputStream source, long maxOutputBytes) throws IOException {
    Objects.requireNonNull(source, "source");
    BoundedInputStream.checkCap(maxOutputBytes);
    return new BoundedInputStream(new Decoder(source), maxOutputBytes, Compression.ZSTD);
  }

  @Override
  public String toString() {
    return "zstd level " + level + (frameChecksum ? "" : " without frame checksum");
  }

  /**
   * Turns zstd's decoding errors into {@link CodecException}; the source's own {@link IOException}s
   * pass through unchanged. Also rejects a source without a single frame, which zstd-jni would
   * otherwise read as an empty payload.
   */
  private static final class Decoder extends ArrayReadFilter {
    private final CountingInputStream counted;

    Decoder(InputStream source) throws IOException {
      this(new CountingInputStream(source));
    }

    private Decoder(CountingInputStream counted) throws IOException {
      super(new ZstdInputStreamNoFinalizer(counted));
      this.counted = counted;
    }

    @Override
    protected int readChecked(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (ZstdIOException e) {
        throw new CodecException("Stored zstd data is corrupt or truncated (" + e.getMessage()
            + "). The stored copy is damaged; ask the sender to send the payload again.", null, e);
      }
      if (n < 0 && counted.count() == 0) {
        throw new CodecException("Stored zstd data is empty: it holds no zstd frame. The stored copy "
            + "is damaged; ask the sender to send the payload again.", null, null);
      }
      return n;
    }
  }
}

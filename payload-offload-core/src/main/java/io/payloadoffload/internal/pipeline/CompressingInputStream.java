package io.payloadoffload.internal.pipeline;

import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.integrity.Checksummer;
import io.payloadoffload.internal.io.ArrayReadStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads original bytes from a source and yields them compressed, checksumming and counting them on
 * the way, so a payload of any size flows into a store with a few buffers of memory. Not
 * thread-safe. Closing it releases the compressor but not the source, which the caller owns.
 */
public final class CompressingInputStream extends ArrayReadStream {
  private static final int CHUNK = 64 * 1024;

  /** Signals that the source held more than the allowed number of original bytes. */
  public static final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(long limit) {
      super("payload exceeds " + limit + " bytes");
    }
  }

  /** A byte sink whose filled part can be read in place. */
  private static final class Sink extends ByteArrayOutputStream {
    Sink() {
      super(CHUNK * 2);
    }

    byte[] buffer() {
      return buf;
    }
  }

  private final InputStream source;
  private final Checksummer checksummer;
  private final long limit;
  private final Sink sink = new Sink();
  private final OutputStream compressor;
  private final byte[] chunk = new byte[CHUNK];
  private int pos;
  private long originalBytes;
  private long storedBytes;
  private boolean finished;
  private boolean limitExceeded;
  private Exception sourceFailure;
  private String checksum;

  /**
   * Starts compressing a source.
   *
   * @param source the original bytes; not closed by this stream
   * @param codec the compression to apply
   * @param checksummer checksums the original bytes, or {@code null} for none
   * @param limit the most original bytes accepted; more fail the read
   * @throws IOException if the compressor cannot start
   */
  public CompressingInputStream(InputStream source, Codec codec, Checksummer checksummer, long limit)
      throws IOException {
    this.source = source;
    this.checksummer = checksummer;
    this.limit = limit;
    this.compressor = codec.compress(sink);
  }

  @Override
  protected int readChecked(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == sink.size()) {
      if (finished) {
        return -1;
      }
      sink.reset();
      pos = 0;
      fill();
    }
    int n = Math.min(len, sink.size() - pos);
    System.arraycopy(sink.buffer(), pos, b, off, n);
    pos += n;
    storedBytes += n;
    return n;
  }

  private void fill() throws IOException {
    int r;
    try {
      r = source.read(chunk);
    } catch (IOException | RuntimeException e) {
      sourceFailure = e;
      throw e;
    }
    if (r < 0) {
      compressor.close();
      finished = true;
      if (checksummer != null) {
        checksum = checksummer.finish();
      }
      return;
    }
    originalBytes += r;
    if (originalBytes > limit) {
      limitExceeded = true;
      throw new LimitExceededException(limit);
    }
    if (checksummer != null) {
      checksummer.update(chunk, 0, r);
    }
    compressor.write(chunk, 0, r);
  }

  /**
   * Whether the source has been read to its end and the compressed stream finished.
   *
   * @return {@code true} once {@link #read} has returned -1
   */
  public boolean isFinished() {
    return finished;
  }

  /**
   * Whether reading failed because the source was larger than the limit.
   *
   * @return {@code true} after a {@link LimitExceededException}
   */
  public boolean isLimitExceeded() {
    return limitExceeded;
  }

  /**
   * What the source threw, if reading failed because of it: the caller's error, not the store's.
   *
   * @return the source's exception, or {@code null} while the source has not failed
   */
  public Exception sourceFailure() {
    return sourceFailure;
  }

  /**
   * Original bytes read so far.
   *
   * @return the count
   */
  public long originalBytes() {
    return originalBytes;
  }

  /**
   * Compressed bytes handed out so far.
   *
   * @return the count
   */
  public long storedBytes() {
    return storedBytes;
  }

  /**
   * The checksum of the original bytes, once finished.
   *
   * @return the formatted checksum, or {@code null} before the end or when checksums are off
   */
  public String checksum() {
    return checksum;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      compressor.close();
    }
  }
}

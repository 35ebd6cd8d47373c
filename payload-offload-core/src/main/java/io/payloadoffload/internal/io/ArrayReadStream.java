package io.payloadoffload.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream whose every byte passes through one array read, {@link #readChecked}: {@link #read()}
 * reads one byte through it, and {@link #read(byte[], int, int)} checks the bounds once before it.
 * So a wrapper that counts, caps, decodes or verifies bytes implements one method, and no single-byte
 * path can bypass it. {@code skip} reads through it too, and mark/reset are not supported
 * ({@link InputStream}'s defaults). Not thread-safe.
 */
public abstract class ArrayReadStream extends InputStream {
  /** For subclasses. */
  protected ArrayReadStream() {}

  @Override
  public final int read() throws IOException {
    return Streams.readByte(this);
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    return readChecked(b, off, len);
  }

  /**
   * Reads up to {@code len} bytes into {@code b}, as {@link InputStream#read(byte[], int, int)}.
   *
   * @param b the buffer, not null
   * @param off where to start writing, within {@code b}
   * @param len the most bytes to read; {@code off + len} is within {@code b}, and may be 0
   * @return the bytes read, or -1 at the end
   * @throws IOException if the read fails
   */
  protected abstract int readChecked(byte[] b, int off, int len) throws IOException;
}

package io.payloadoffload.internal.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link ArrayReadStream} over one source stream, which {@link #available()} and {@link #close()}
 * pass on to. Unlike {@link java.io.FilterInputStream}, {@code skip} and mark/reset do not reach the
 * source, so no byte bypasses {@link #readChecked}. Not thread-safe.
 */
public abstract class ArrayReadFilter extends ArrayReadStream {
  /** The source stream. */
  protected final InputStream in;

  /**
   * Wraps a source.
   *
   * @param in the source stream; closed by {@link #close()}
   */
  protected ArrayReadFilter(InputStream in) {
    this.in = in;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

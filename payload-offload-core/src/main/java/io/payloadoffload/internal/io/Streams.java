package io.payloadoffload.internal.io;

import java.io.IOException;
import java.io.InputStream;

/** Stream helpers shared by the internal stream wrappers. */
public final class Streams {
  private Streams() {}

  /**
   * Reads one byte through a stream's array read, so wrappers that count, cap or verify bytes need
   * only implement {@code read(byte[], int, int)}.
   *
   * @param in the stream whose array read to use
   * @return the byte as 0 to 255, or -1 at the end
   * @throws IOException if the read fails
   */
  public static int readByte(InputStream in) throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = in.read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  /**
   * Reads up to {@code max} bytes, then probes for one more: the result is longer than {@code max}
   * exactly when the stream holds more. The probe also lets a wrapper that checks the end (a declared
   * size, a trailer, a checksum) do so before this returns. Allocates as the bytes arrive, so a size
   * the stream cannot back costs nothing.
   *
   * @param in the stream; not closed
   * @param max the most bytes wanted, less than {@link Integer#MAX_VALUE}
   * @return the bytes read: fewer than {@code max} if the stream ended early, {@code max + 1} if it
   *     holds more
   * @throws IOException if a read fails
   */
  public static byte[] readAtMost(InputStream in, int max) throws IOException {
    return in.readNBytes(max + 1);
  }
}

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
}

package io.payloadoffload.routing;

/** The UTF-8 size of bytes written as the value of a JSON string, the way Jackson escapes them. */
final class JsonTextSize {
  private static final int REPLACEMENT_BYTES = 3;
  /**
   * A character outside the Basic Multilingual Plane: Jackson writes its surrogate pair as two
   * six-byte escapes unless COMBINE_UNICODE_SURROGATES_IN_UTF8 is on.
   */
  private static final int SUPPLEMENTARY_BYTES = 12;

  private JsonTextSize() {}

  /** An upper bound, exact for valid UTF-8: escapes counted in full, invalid bytes as U+FFFD each. */
  static long of(byte[] b, int off, int len) {
    long size = 0;
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        size += c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f'
            ? 2
            : c < 0x20 ? 6 : 1;
        i++;
        continue;
      }
      int n = sequenceLength(b, i, end);
      if (n == 0) {
        size += REPLACEMENT_BYTES;
        i++;
      } else {
        size += n == 4 ? SUPPLEMENTARY_BYTES : n;
        i += n;
      }
    }
    return size;
  }

  /** The length of the valid UTF-8 sequence starting at {@code i}, or 0 if it is not one. */
  private static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xff;
    int n;
    int min;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    int cp = c & (0x3f >> (n - 1));
    for (int k = 1; k < n; k++) {
      int cc = b[i + k] & 0xff;
      if ((cc & 0xc0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return 0;
    }
    return n;
  }
}

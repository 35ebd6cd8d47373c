package io.payloadoffload.http;

import java.util.Locale;

/**
 * One {@code Range: bytes=...} request over a payload's original bytes (RFC 9110, section 14). Only a
 * single range is served: a header with several ranges, another unit or bad syntax is ignored, which
 * the RFC allows, and the whole payload is sent.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {
  /** What a {@code Range} header asks of a payload of a given size. */
  enum Kind {
    /** No header, or one the servlet ignores: send the whole payload (200). */
    WHOLE,
    /** A valid range that starts past the end, or any range of an empty payload (416). */
    UNSATISFIABLE,
    /** A range to send (206). */
    PART
  }

  /** The outcome of {@link #parse(String, long)}: a kind, and the range when it is {@link Kind#PART}. */
  record Request(Kind kind, ByteRange range) {}

  private static final Request WHOLE = new Request(Kind.WHOLE, null);
  private static final Request UNSATISFIABLE = new Request(Kind.UNSATISFIABLE, null);

  static Request parse(String header, long size) {
    if (header == null) {
      return WHOLE;
    }
    String value = header.trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
      return WHOLE;
    }
    String spec = value.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf(',') >= 0) {
      return WHOLE;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (from.isEmpty()) {
      long suffix = digits(to);
      if (suffix < 0) {
        return WHOLE;
      }
      return suffix == 0 || size == 0 ? UNSATISFIABLE
          : new Request(Kind.PART, new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    long first = digits(from);
    long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
    if (first < 0 || last < 0 || last < first) {
      return WHOLE;
    }
    return first >= size ? UNSATISFIABLE : new Request(Kind.PART, new ByteRange(first, Math.min(last, size - 1)));
  }

  long length() {
    return last - first + 1;
  }

  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** A non-negative decimal, or -1 for anything else (empty, a sign, another character, overflow). */
  private static long digits(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(text);
  }
}

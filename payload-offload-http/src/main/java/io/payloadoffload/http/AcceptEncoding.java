package io.payloadoffload.http;

import io.payloadoffload.codec.Compression;
import java.util.Locale;

/**
 * Whether a client's {@code Accept-Encoding} (RFC 9110, section 12.5.3) names a content coding with a
 * non-zero weight. Only explicit names count: a bare {@code *} does not make the servlet send a
 * coding the client never named.
 */
final class AcceptEncoding {
  private AcceptEncoding() {}

  static boolean accepts(String header, Compression compression) {
    if (header == null || compression == Compression.NONE) {
      return false;
    }
    for (String member : header.split(",")) {
      String[] parts = member.split(";");
      if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(compression.wireName())) {
        continue;
      }
      return weight(parts) > 0;
    }
    return false;
  }

  private static double weight(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}

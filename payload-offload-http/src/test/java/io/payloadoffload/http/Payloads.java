package io.payloadoffload.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Test payloads: JSON rows that compress about as well as real tool results. */
final class Payloads {
  private Payloads() {}

  /** A JSON array of records, exactly {@code size} bytes, the same for the same size. */
  static byte[] json(int size) {
    StringBuilder text = new StringBuilder(size + 200).append('[');
    for (int i = 0; text.length() < size; i++) {
      text.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item-")
          .append(Integer.toHexString(i * 2654435761L > 0 ? (int) (i * 2654435761L) : i)).append("\",\"score\":")
          .append((i * 7919) % 1000).append(",\"tags\":[\"a\",\"b\"]}");
    }
    byte[] bytes = text.substring(0, Math.max(0, size - 1)).concat("]").getBytes(StandardCharsets.US_ASCII);
    return size == 0 ? new byte[0] : bytes;
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

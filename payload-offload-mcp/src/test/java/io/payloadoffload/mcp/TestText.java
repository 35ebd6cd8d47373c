package io.payloadoffload.mcp;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Text of an exact size: random lowercase words and newlines, the same for the same size. */
final class TestText {
  private TestText() {}

  static String of(int sizeBytes) {
    SplittableRandom random = new SplittableRandom(sizeBytes);
    StringBuilder text = new StringBuilder(sizeBytes);
    while (text.length() < sizeBytes) {
      int n = random.nextInt(11);
      text.append(n == 0 ? '\n' : n == 1 ? ' ' : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  static byte[] bytes(int sizeBytes) {
    return of(sizeBytes).getBytes(StandardCharsets.UTF_8);
  }
}

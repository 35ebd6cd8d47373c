package io.payloadoffload.spring.app;

import java.nio.charset.StandardCharsets;

/** The test application's tool: text of a given size that differs along its length. */
public final class GeneratedText {
  private GeneratedText() {}

  /**
   * The tool's result.
   *
   * @param size how many bytes
   * @return {@code size} bytes of ASCII text, the same for the same size
   */
  public static byte[] of(int size) {
    StringBuilder text = new StringBuilder(size + 16);
    for (int i = 0; text.length() < size; i++) {
      text.append(Integer.toString(i * 7919, 36)).append(' ');
    }
    return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
  }
}

package io.payloadoffload.examples;

import java.util.SplittableRandom;

/**
 * The {@code generate_text} tool's output: ASCII words and newlines, the same bytes for the same size,
 * so a client can check what it received without a copy. Thread-safe (stateless).
 */
final class TextGenerator {
  private static final byte[][] WORDS = words("payload offload claim check envelope session tool result"
      + " stream chunk checksum store socket frame message transport inline reference fallback breaker"
      + " retry timeout postgres jetty client server token digest verify resolve expire sweep route"
      + " compress zstd gzip bytes size limit window buffer queue thread async future latency");
  private static final int WORDS_PER_LINE = 12;

  private TextGenerator() {}

  /**
   * The text of a given size.
   *
   * @param sizeBytes the exact length; at least 0
   * @return ASCII bytes, words separated by spaces, a newline every twelve words
   */
  static byte[] generate(int sizeBytes) {
    byte[] out = new byte[sizeBytes];
    SplittableRandom random = new SplittableRandom(sizeBytes);
    int pos = 0;
    int word = 0;
    while (pos < sizeBytes) {
      byte[] w = WORDS[random.nextInt(WORDS.length)];
      int n = Math.min(w.length, sizeBytes - pos);
      System.arraycopy(w, 0, out, pos, n);
      pos += n;
      if (pos < sizeBytes) {
        out[pos++] = (byte) (++word % WORDS_PER_LINE == 0 ? '\n' : ' ');
      }
    }
    return out;
  }

  private static byte[][] words(String text) {
    String[] split = text.split(" ");
    byte[][] words = new byte[split.length][];
    for (int i = 0; i < split.length; i++) {
      words[i] = split[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    return words;
  }
}

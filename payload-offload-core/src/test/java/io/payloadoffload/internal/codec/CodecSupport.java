package io.payloadoffload.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Payload generators and one-call compress/decompress helpers shared by the codec tests. */
final class CodecSupport {
  static final int MIB = 1 << 20;

  /** How compressible a generated payload is. */
  enum Kind { RANDOM, TEXT, ZEROS }

  private static final String[] WORDS = {"tool", "result", "\"id\":", "{", "}", "[", "]", "payload",
      "analysis", "42", "true", "session", "\n", "offload", "claim-check", "\u00e9t\u00e9", "\ud83d\ude80"};

  private CodecSupport() {}

  static byte[] payload(Kind kind, int size, long seed) {
    byte[] b = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    switch (kind) {
      case RANDOM:
        random.nextBytes(b);
        break;
      case TEXT:
        int i = 0;
        while (i < size) {
          byte[] word = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8);
          int n = Math.min(word.length, size - i);
          System.arraycopy(word, 0, b, i, n);
          i += n;
        }
        break;
      case ZEROS:
        break;
      default:
        throw new AssertionError(kind);
    }
    return b;
  }

  static byte[] compress(Codec codec, byte[] original) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = codec.compress(sink)) {
      out.write(original);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.toByteArray();
  }

  static byte[] decompress(Codec codec, byte[] stored, long cap) throws IOException {
    return decompress(codec, stored, cap, 8192);
  }

  /** Reads everything, {@code chunk} bytes at a time (1 uses the single-byte {@code read()}). */
  static byte[] decompress(Codec codec, byte[] stored, long cap, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = codec.decompress(new ByteArrayInputStream(stored), cap)) {
      if (chunk == 1) {
        for (int b = in.read(); b >= 0; b = in.read()) {
          out.write(b);
        }
      } else {
        byte[] buf = new byte[chunk];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          out.write(buf, 0, n);
        }
      }
    }
    return out.toByteArray();
  }
}

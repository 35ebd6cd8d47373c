package io.payloadoffload.internal;

import io.payloadoffload.codec.Codec;
import io.payloadoffload.codec.Compression;
import java.util.Objects;

/**
 * Finds the {@link Codec} for a compression and level. Codecs are immutable and cached, so asking
 * for one on every payload allocates nothing.
 */
public final class Codecs {
  /** Lowest zstd level accepted: {@value}. */
  static final int ZSTD_MIN_LEVEL = 1;
  /** Highest zstd level accepted: {@value}. */
  static final int ZSTD_MAX_LEVEL = 22;
  /** Lowest gzip level accepted: {@value}. */
  static final int GZIP_MIN_LEVEL = 1;
  /** Highest gzip level accepted: {@value}. */
  static final int GZIP_MAX_LEVEL = 9;

  private static final Codec[] ZSTD = new Codec[ZSTD_MAX_LEVEL + 1];
  private static final Codec[] GZIP = new Codec[GZIP_MAX_LEVEL + 1];

  static {
    for (int level = ZSTD_MIN_LEVEL; level <= ZSTD_MAX_LEVEL; level++) {
      ZSTD[level] = new ZstdCodec(level);
    }
    for (int level = GZIP_MIN_LEVEL; level <= GZIP_MAX_LEVEL; level++) {
      GZIP[level] = new GzipCodec(level);
    }
  }

  private Codecs() {}

  /**
   * The codec for a compression.
   *
   * @param compression the algorithm
   * @param level 1 to 22 for zstd, 1 to 9 for gzip; ignored for none
   * @return the codec, immutable and thread-safe
   * @throws IllegalArgumentException if {@code level} does not suit the algorithm
   * @throws NullPointerException if {@code compression} is null
   */
  public static Codec of(Compression compression, int level) {
    Objects.requireNonNull(compression, "compression");
    switch (compression) {
      case ZSTD:
        return ZSTD[checkLevel(compression, level, ZSTD_MIN_LEVEL, ZSTD_MAX_LEVEL)];
      case GZIP:
        return GZIP[checkLevel(compression, level, GZIP_MIN_LEVEL, GZIP_MAX_LEVEL)];
      case NONE:
        return NoneCodec.INSTANCE;
      default:
        throw new IllegalArgumentException("unsupported compression " + compression);
    }
  }

  private static int checkLevel(Compression compression, int level, int min, int max) {
    if (level < min || level > max) {
      throw new IllegalArgumentException("level must be between " + min + " and " + max + " for "
          + compression.wireName() + ": " + level);
    }
    return level;
  }
}

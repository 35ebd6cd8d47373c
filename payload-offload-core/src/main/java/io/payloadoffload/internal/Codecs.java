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
  private static final Codec[] ZSTD_NO_FRAME_CHECKSUM = new Codec[ZSTD_MAX_LEVEL + 1];
  private static final Codec[] GZIP = new Codec[GZIP_MAX_LEVEL + 1];

  static {
    for (int level = ZSTD_MIN_LEVEL; level <= ZSTD_MAX_LEVEL; level++) {
      ZSTD[level] = new ZstdCodec(level, true);
      ZSTD_NO_FRAME_CHECKSUM[level] = new ZstdCodec(level, false);
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

  /**
   * The codec the offloader writes with. When the payload carries its own checksum, zstd frames
   * leave out zstd's content checksum: the payload checksum already covers the same bytes, and the
   * frame checksum would cost a second pass over them on both sides (about 0.1 ms per MiB). Any
   * codec reads frames with or without it.
   *
   * @param compression the algorithm
   * @param level the level, as for {@link #of}
   * @param payloadChecksummed whether the payload has its own checksum
   * @return the codec
   * @throws IllegalArgumentException if {@code level} does not suit the algorithm
   * @throws NullPointerException if {@code compression} is null
   */
  public static Codec forPayloads(Compression compression, int level, boolean payloadChecksummed) {
    Codec codec = of(compression, level);
    return compression == Compression.ZSTD && payloadChecksummed ? ZSTD_NO_FRAME_CHECKSUM[level] : codec;
  }

  private static int checkLevel(Compression compression, int level, int min, int max) {
    if (level < min || level > max) {
      throw new IllegalArgumentException("level must be between " + min + " and " + max + " for "
          + compression.wireName() + ": " + level);
    }
    return level;
  }
}

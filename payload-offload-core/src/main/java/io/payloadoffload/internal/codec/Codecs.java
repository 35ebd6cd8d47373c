package io.payloadoffload.internal.codec;

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
  /** zstd's largest block: 128 KiB of output. */
  private static final long ZSTD_BLOCK_BYTES = 128 * 1024;

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

  /**
   * The most stored bytes a payload of {@code originalBytes} can take when this library writes it:
   * exactly {@code originalBytes} for none; zstd's {@code ZSTD_COMPRESSBOUND}; for gzip, zlib's
   * conservative {@code deflateBound} (the one that holds whatever the level) plus the 18 bytes of
   * gzip header and trailer. A record that declares more is damaged. Saturates at
   * {@link Long#MAX_VALUE}.
   *
   * @param compression the algorithm
   * @param originalBytes the original size, at least 0
   * @return the bound
   * @throws NullPointerException if {@code compression} is null
   */
  public static long maxStoredBytes(Compression compression, long originalBytes) {
    long n = originalBytes;
    switch (Objects.requireNonNull(compression, "compression")) {
      case ZSTD:
        long small = n < ZSTD_BLOCK_BYTES ? (ZSTD_BLOCK_BYTES - n) >> 11 : 0;
        return saturatedSum(n, n >> 8, small);
      case GZIP:
        return saturatedSum(n, (n >> 3) + 1, (n >> 6) + 1, 5 + 18);
      default:
        return n;
    }
  }

  /**
   * The most original bytes that {@code storedBytes} of a compression can decode to, whoever wrote
   * them: exactly {@code storedBytes} for none; 32768 per stored byte for zstd (a 4-byte RLE block
   * yields at most one 128 KiB block); 1032 per stored byte for gzip (deflate's limit: a 258-byte
   * match in 2 bits). A record that declares more is damaged. Saturates at {@link Long#MAX_VALUE}.
   *
   * @param compression the algorithm
   * @param storedBytes the stored size, at least 0
   * @return the bound
   * @throws NullPointerException if {@code compression} is null
   */
  public static long maxOriginalBytes(Compression compression, long storedBytes) {
    switch (Objects.requireNonNull(compression, "compression")) {
      case ZSTD:
        return saturatedProduct(storedBytes, ZSTD_BLOCK_BYTES / 4);
      case GZIP:
        return saturatedProduct(storedBytes, 1032);
      default:
        return storedBytes;
    }
  }

  private static long saturatedSum(long... terms) {
    long sum = 0;
    for (long t : terms) {
      sum = sum > Long.MAX_VALUE - t ? Long.MAX_VALUE : sum + t;
    }
    return sum;
  }

  private static long saturatedProduct(long a, long b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  private static int checkLevel(Compression compression, int level, int min, int max) {
    if (level < min || level > max) {
      throw new IllegalArgumentException("level must be between " + min + " and " + max + " for "
          + compression.wireName() + ": " + level);
    }
    return level;
  }
}

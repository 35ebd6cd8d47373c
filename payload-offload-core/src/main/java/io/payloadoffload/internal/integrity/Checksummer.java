package io.payloadoffload.internal.integrity;

import io.payloadoffload.codec.ChecksumAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Computes a checksum of the original bytes, formatted as in the envelope:
 * {@code sha256:<64 lowercase hex>} or {@code crc32c:<8 lowercase hex>}. Feed it with
 * {@code update}, then call {@link #finish()} once. Not thread-safe; use one per payload.
 */
public final class Checksummer {
  private static final HexFormat HEX = HexFormat.of();

  private final ChecksumAlgorithm algorithm;
  private final MessageDigest sha256;
  private final CRC32C crc32c;
  private boolean finished;

  private Checksummer(ChecksumAlgorithm algorithm) {
    this.algorithm = algorithm;
    this.sha256 = algorithm == ChecksumAlgorithm.SHA256 ? newSha256() : null;
    this.crc32c = algorithm == ChecksumAlgorithm.CRC32C ? new CRC32C() : null;
  }

  /**
   * A new checksummer that has seen no bytes yet.
   *
   * @param algorithm the algorithm
   * @return the checksummer
   * @throws NullPointerException if {@code algorithm} is null
   */
  public static Checksummer of(ChecksumAlgorithm algorithm) {
    return new Checksummer(Objects.requireNonNull(algorithm, "algorithm"));
  }

  /**
   * The formatted checksum of a whole byte array.
   *
   * @param algorithm the algorithm
   * @param bytes the bytes
   * @return {@code <prefix>:<lowercase hex>}
   * @throws NullPointerException if an argument is null
   */
  public static String of(ChecksumAlgorithm algorithm, byte[] bytes) {
    Checksummer c = of(algorithm);
    c.update(bytes);
    return c.finish();
  }

  /**
   * Adds bytes.
   *
   * @param b the bytes
   * @param off where to start in {@code b}
   * @param len how many bytes
   * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
   * @throws IllegalStateException if {@link #finish()} was called
   * @throws NullPointerException if {@code b} is null
   */
  public void update(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IllegalStateException("checksum already finished; use a new Checksummer");
    }
    if (sha256 != null) {
      sha256.update(b, off, len);
    } else {
      crc32c.update(b, off, len);
    }
  }

  /**
   * Adds all bytes of an array.
   *
   * @param b the bytes
   * @throws IllegalStateException if {@link #finish()} was called
   * @throws NullPointerException if {@code b} is null
   */
  public void update(byte[] b) {
    update(b, 0, b.length);
  }

  /**
   * The checksum of every byte added. May be called once.
   *
   * @return {@code sha256:<64 lowercase hex>} or {@code crc32c:<8 lowercase hex>}
   * @throws IllegalStateException if called a second time
   */
  public String finish() {
    if (finished) {
      throw new IllegalStateException("checksum already finished; use a new Checksummer");
    }
    finished = true;
    String hex = sha256 != null
        ? HEX.formatHex(sha256.digest())
        : HEX.toHexDigits((int) crc32c.getValue());
    return algorithm.prefix() + ':' + hex;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
    }
  }
}

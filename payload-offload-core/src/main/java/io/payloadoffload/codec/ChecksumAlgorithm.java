package io.payloadoffload.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * How the original bytes are checksummed. The checksum is written as {@code <prefix>:<lowercase
 * hex>}, for example {@code sha256:9f86d0...} (64 hex digits) or {@code crc32c:e3069283} (8).
 */
public enum ChecksumAlgorithm {
  /** SHA-256 (the default): detects tampering as well as corruption. */
  SHA256("sha256", 64),
  /** CRC32C: much cheaper, detects accidental corruption only. */
  CRC32C("crc32c", 8);

  private final String prefix;
  private final int hexLength;

  ChecksumAlgorithm(String prefix, int hexLength) {
    this.prefix = prefix;
    this.hexLength = hexLength;
  }

  /**
   * The prefix before the colon.
   *
   * @return {@code sha256} or {@code crc32c}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * How many hex digits follow the colon.
   *
   * @return 64 for SHA-256, 8 for CRC32C
   */
  public int hexLength() {
    return hexLength;
  }

  /**
   * Looks up an algorithm by its prefix, ignoring case.
   *
   * @param name {@code sha256} or {@code crc32c}; may be {@code null}
   * @return the algorithm, or empty when unknown
   */
  public static Optional<ChecksumAlgorithm> fromPrefix(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (ChecksumAlgorithm a : values()) {
      if (a.prefix.equals(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds the algorithm of a formatted checksum and checks its form.
   *
   * @param checksum text such as {@code sha256:<64 hex>}
   * @return the algorithm, or empty when the text is not a well-formed checksum
   */
  public static Optional<ChecksumAlgorithm> ofChecksum(String checksum) {
    if (checksum == null) {
      return Optional.empty();
    }
    int colon = checksum.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    Optional<ChecksumAlgorithm> alg = fromPrefix(checksum.substring(0, colon));
    String hex = checksum.substring(colon + 1);
    if (alg.isEmpty() || !checksum.substring(0, colon).equals(alg.get().prefix)
        || hex.length() != alg.get().hexLength || !hex.chars().allMatch(ChecksumAlgorithm::isLowerHex)) {
      return Optional.empty();
    }
    return alg;
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}

package io.payloadoffload.internal.integrity;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.internal.io.ArrayReadFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Passes original bytes through while counting and checksumming them. At the end it compares the
 * count with the declared size and the checksum with the recorded one, and throws
 * {@link PayloadIntegrityException} from {@code read} instead of reporting end of stream when either
 * differs. Not thread-safe.
 */
public final class VerifyingInputStream extends ArrayReadFilter {
  private final String id;
  private final long expectedSize;
  private final Checksummer checksummer;
  private final String expectedChecksum;
  private final Runnable onVerified;
  private long count;
  private boolean verified;

  /**
   * Wraps a stream of original bytes.
   *
   * @param in the decompressed bytes
   * @param id the payload's id, for error messages
   * @param expectedSize the declared original size
   * @param expectedChecksum the recorded checksum, or {@code null} to check the size only
   * @param onVerified run once, when the end is reached and everything matched
   */
  public VerifyingInputStream(InputStream in, String id, long expectedSize, String expectedChecksum,
      Runnable onVerified) {
    super(in);
    this.id = id;
    this.expectedSize = expectedSize;
    this.expectedChecksum = expectedChecksum;
    this.checksummer = expectedChecksum == null ? null : Checksummer.of(algorithm(id, expectedChecksum));
    this.onVerified = onVerified;
  }

  @Override
  protected int readChecked(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (CodecException e) {
      throw e.payloadId().isPresent() ? e
          : new CodecException("Payload " + id + " cannot be decoded: " + e.getMessage(), id, e);
    }
    if (n > 0) {
      count += n;
      if (count > expectedSize) {
        throw new PayloadIntegrityException(id, expectedSize + " bytes", "more than " + expectedSize + " bytes");
      }
      if (checksummer != null) {
        checksummer.update(b, off, n);
      }
    } else if (n < 0) {
      verify();
    }
    return n;
  }

  private void verify() {
    if (verified) {
      return;
    }
    check(id, expectedSize, count, expectedChecksum, checksummer == null ? null : checksummer::finish);
    verified = true;
    onVerified.run();
  }

  /**
   * Compares a whole payload held in memory with its record.
   *
   * @param id the payload's id, for error messages
   * @param expectedSize the declared original size
   * @param expectedChecksum the recorded checksum, or {@code null} to check the size only
   * @param data the original bytes read back
   * @throws PayloadIntegrityException if the size or the checksum differs
   */
  public static void verify(String id, long expectedSize, String expectedChecksum, byte[] data) {
    check(id, expectedSize, data.length, expectedChecksum, expectedChecksum == null ? null
        : () -> Checksummer.of(algorithm(id, expectedChecksum), data));
  }

  static void check(String id, long expectedSize, long actualSize, String expectedChecksum,
      Supplier<String> actualChecksum) {
    if (actualSize != expectedSize) {
      throw new PayloadIntegrityException(id, expectedSize + " bytes", actualSize + " bytes");
    }
    if (actualChecksum != null) {
      String actual = actualChecksum.get();
      if (!actual.equals(expectedChecksum)) {
        throw new PayloadIntegrityException(id, expectedChecksum, actual);
      }
    }
  }

  static ChecksumAlgorithm algorithm(String id, String checksum) {
    return ChecksumAlgorithm.ofChecksum(checksum).orElseThrow(
        () -> new PayloadIntegrityException(id, "a well-formed checksum", checksum));
  }
}

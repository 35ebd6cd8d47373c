package io.payloadoffload.internal.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.codec.ChecksumAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChecksummerTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DIGITS = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void sha256MatchesTheFips180Vector() {
    assertThat(Checksummer.of(ChecksumAlgorithm.SHA256, ABC))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void sha256OfNothingIsTheEmptyDigest() {
    assertThat(Checksummer.of(ChecksumAlgorithm.SHA256, new byte[0]))
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void crc32cMatchesTheCheckValue() {
    assertThat(Checksummer.of(ChecksumAlgorithm.CRC32C, DIGITS)).isEqualTo("crc32c:e3069283");
  }

  @Test
  void crc32cKeepsLeadingZeros() {
    assertThat(Checksummer.of(ChecksumAlgorithm.CRC32C, new byte[0])).isEqualTo("crc32c:00000000");
  }

  @Property(tries = 100)
  void chunkedUpdatesEqualOneShot(@ForAll @Size(max = 5000) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 600) int chunk, @ForAll ChecksumAlgorithm algorithm) {
    Checksummer c = Checksummer.of(algorithm);
    for (int off = 0; off < bytes.length; off += chunk) {
      c.update(bytes, off, Math.min(chunk, bytes.length - off));
    }
    assertThat(c.finish()).isEqualTo(Checksummer.of(algorithm, bytes));
  }

  @Property(tries = 100)
  void theFormatIsWhatTheEnvelopeAccepts(@ForAll @Size(max = 300) byte[] bytes,
      @ForAll ChecksumAlgorithm algorithm) {
    String checksum = Checksummer.of(algorithm, bytes);
    assertThat(ChecksumAlgorithm.ofChecksum(checksum)).contains(algorithm);
    assertThat(checksum).startsWith(algorithm.prefix() + ":")
        .hasSize(algorithm.prefix().length() + 1 + algorithm.hexLength());
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void updateWithAnOffsetChecksumsOnlyThatSlice(ChecksumAlgorithm algorithm) {
    byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
    Checksummer c = Checksummer.of(algorithm);
    c.update(padded, 2, 9);
    assertThat(c.finish()).isEqualTo(Checksummer.of(algorithm, DIGITS));
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void aChangedByteChangesTheChecksum(ChecksumAlgorithm algorithm) {
    byte[] bytes = new byte[4096];
    new SplittableRandom(1).nextBytes(bytes);
    String before = Checksummer.of(algorithm, bytes);
    bytes[2048] ^= 1;
    assertThat(Checksummer.of(algorithm, bytes)).isNotEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void aFinishedChecksummerCannotBeReused(ChecksumAlgorithm algorithm) {
    Checksummer c = Checksummer.of(algorithm);
    c.update(ABC);
    c.finish();
    assertThatThrownBy(c::finish).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.update(ABC)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badArgumentsAreRejected() {
    Checksummer c = Checksummer.of(ChecksumAlgorithm.SHA256);
    assertThatThrownBy(() -> c.update(ABC, 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> c.update(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Checksummer.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("algorithm");
  }
}

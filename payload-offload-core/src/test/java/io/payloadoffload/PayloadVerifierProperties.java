package io.payloadoffload;

import io.payloadoffload.exception.PayloadIntegrityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Laws of {@link PayloadVerifier}: the bytes an envelope was made from pass, however they are read,
 * and come through unchanged; any other length fails; with a checksum, any one changed byte fails;
 * the array and the stream always agree.
 */
class PayloadVerifierProperties {

  @Property
  void theOriginalBytesPassUnchangedWhateverTheReadSizes(@ForAll @Size(max = 5000) byte[] bytes,
      @ForAll("algorithms") ChecksumAlgorithm algorithm,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 700) Integer> readSizes) throws IOException {
    PayloadEnvelope envelope = PayloadVerifierTest.envelopeOf(bytes, algorithm);
    PayloadVerifier.verify(envelope, bytes);
    assertThat(readInChunks(envelope, bytes, readSizes)).isEqualTo(bytes);
  }

  @Property
  void anyOtherLengthFailsWithOrWithoutAChecksum(@ForAll @Size(max = 2000) byte[] bytes,
      @ForAll("algorithms") ChecksumAlgorithm algorithm,
      @ForAll @IntRange(min = 0, max = 2100) int servedLength) {
    Assume.that(servedLength != bytes.length);
    PayloadEnvelope envelope = PayloadVerifierTest.envelopeOf(bytes, algorithm);
    byte[] served = Arrays.copyOf(bytes, servedLength);
    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, served)).isInstanceOf(PayloadIntegrityException.class);
    assertThatThrownBy(() -> PayloadVerifierTest.readThrough(envelope, served))
        .isInstanceOf(PayloadIntegrityException.class);
  }

  @Property
  void anyOneChangedByteFailsWhenTheEnvelopeHasAChecksum(@ForAll @Size(min = 1, max = 5000) byte[] bytes,
      @ForAll("checksums") ChecksumAlgorithm algorithm, @ForAll @IntRange(min = 0, max = 4999) int position,
      @ForAll @IntRange(min = 1, max = 255) int mask,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 700) Integer> readSizes) {
    PayloadEnvelope envelope = PayloadVerifierTest.envelopeOf(bytes, algorithm);
    byte[] damaged = bytes.clone();
    damaged[position % bytes.length] ^= (byte) mask;
    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, damaged)).isInstanceOf(PayloadIntegrityException.class);
    assertThatThrownBy(() -> readInChunks(envelope, damaged, readSizes)).isInstanceOf(PayloadIntegrityException.class);
  }

  /** Every algorithm, and {@code null} for an envelope without a checksum. */
  @Provide
  Arbitrary<ChecksumAlgorithm> algorithms() {
    return Arbitraries.of(ChecksumAlgorithm.class).injectNull(0.3);
  }

  @Provide
  Arbitrary<ChecksumAlgorithm> checksums() {
    return Arbitraries.of(ChecksumAlgorithm.class);
  }

  /** Reads to the end with read sizes taken in turn from {@code readSizes}. */
  private static byte[] readInChunks(PayloadEnvelope envelope, byte[] served, List<Integer> readSizes)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = PayloadVerifier.verifying(envelope, new ByteArrayInputStream(served))) {
      byte[] buffer = new byte[700];
      for (int i = 0; ; i++) {
        int n = in.read(buffer, 0, readSizes.get(i % readSizes.size()));
        if (n < 0) {
          return out.toByteArray();
        }
        out.write(buffer, 0, n);
      }
    }
  }
}

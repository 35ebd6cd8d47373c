package io.payloadoffload;

import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.exception.PayloadIntegrityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.internal.integrity.Checksummer;
import java.util.Optional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole arrays and streams are checked against an envelope's size and checksum. */
class PayloadVerifierTest {
  static final String ID = "txn_0123456789abcdef0123456789abcdef";
  private static final byte[] PAYLOAD = "hello, world\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

  /** An envelope for {@code bytes} as the offloader writes it; {@code algorithm} null means no checksum. */
  static PayloadEnvelope envelopeOf(byte[] bytes, ChecksumAlgorithm algorithm) {
    Instant now = Instant.parse("2026-11-26T20:00:00Z");
    return new PayloadEnvelope(ID, bytes.length, Optional.empty(), Optional.empty(), bytes.length,
        Compression.NONE, Optional.ofNullable(algorithm == null ? null : Checksummer.of(algorithm, bytes)),
        PayloadHeader.DEFAULT_CONTENT_TYPE, now, now.plusSeconds(3600));
  }

  static byte[] flipped(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  static byte[] readThrough(PayloadEnvelope envelope, byte[] served) throws IOException {
    try (InputStream in = PayloadVerifier.verifying(envelope, new ByteArrayInputStream(served))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void theRightBytesPassWholeAndStreamed(ChecksumAlgorithm algorithm) throws IOException {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, algorithm);
    assertThatCode(() -> PayloadVerifier.verify(envelope, PAYLOAD)).doesNotThrowAnyException();
    assertThat(readThrough(envelope, PAYLOAD)).isEqualTo(PAYLOAD);
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void oneFlippedByteFailsWithTheExpectedAndActualChecksums(ChecksumAlgorithm algorithm) {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, algorithm);
    byte[] damaged = flipped(PAYLOAD, PAYLOAD.length / 2);
    String actual = Checksummer.of(algorithm, damaged);

    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, damaged))
        .isInstanceOfSatisfying(PayloadIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(envelope.checksum().orElseThrow());
          assertThat(e.actual()).isEqualTo(actual);
          assertThat(e.payloadId()).contains(ID);
        });
    assertThatThrownBy(() -> readThrough(envelope, damaged))
        .isInstanceOfSatisfying(PayloadIntegrityException.class, e -> assertThat(e.actual()).isEqualTo(actual));
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void oneByteShortFailsOnSize(ChecksumAlgorithm algorithm) {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, algorithm);
    byte[] shortByOne = Arrays.copyOf(PAYLOAD, PAYLOAD.length - 1);
    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, shortByOne))
        .isInstanceOfSatisfying(PayloadIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(PAYLOAD.length + " bytes");
          assertThat(e.actual()).isEqualTo(shortByOne.length + " bytes");
        });
    assertThatThrownBy(() -> readThrough(envelope, shortByOne))
        .isInstanceOfSatisfying(PayloadIntegrityException.class,
            e -> assertThat(e.actual()).isEqualTo(shortByOne.length + " bytes"));
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void oneByteExtraFailsOnSize(ChecksumAlgorithm algorithm) {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, algorithm);
    byte[] extraByte = Arrays.copyOf(PAYLOAD, PAYLOAD.length + 1);
    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, extraByte))
        .isInstanceOfSatisfying(PayloadIntegrityException.class,
            e -> assertThat(e.actual()).isEqualTo(extraByte.length + " bytes"));
    assertThatThrownBy(() -> readThrough(envelope, extraByte))
        .isInstanceOfSatisfying(PayloadIntegrityException.class,
            e -> assertThat(e.actual()).isEqualTo("more than " + PAYLOAD.length + " bytes"));
  }

  @Test
  void aStreamFailsAsSoonAsMoreThanTheDeclaredSizeArrivesWithoutReadingTheRest() throws IOException {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, ChecksumAlgorithm.SHA256);
    EndlessInput endless = new EndlessInput();
    try (InputStream in = PayloadVerifier.verifying(envelope, endless)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(PayloadIntegrityException.class);
    }
    assertThat(endless.served).as("bytes pulled from an endless source").isLessThan(PAYLOAD.length + 65_536L);
  }

  @Test
  void anEnvelopeWithoutAChecksumIsCheckedForSizeOnly() throws IOException {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, null);
    byte[] damaged = flipped(PAYLOAD, 0);
    assertThatCode(() -> PayloadVerifier.verify(envelope, damaged)).doesNotThrowAnyException();
    assertThat(readThrough(envelope, damaged)).isEqualTo(damaged);
    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, Arrays.copyOf(PAYLOAD, PAYLOAD.length - 1)))
        .isInstanceOf(PayloadIntegrityException.class);
    assertThatThrownBy(() -> readThrough(envelope, Arrays.copyOf(PAYLOAD, PAYLOAD.length + 1)))
        .isInstanceOf(PayloadIntegrityException.class);
  }

  @Test
  void anEmptyPayloadVerifies() throws IOException {
    PayloadEnvelope envelope = envelopeOf(new byte[0], ChecksumAlgorithm.SHA256);
    assertThatCode(() -> PayloadVerifier.verify(envelope, new byte[0])).doesNotThrowAnyException();
    assertThat(readThrough(envelope, new byte[0])).isEmpty();
  }

  @Test
  void skippedBytesAreStillChecked() throws IOException {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, ChecksumAlgorithm.CRC32C);
    try (InputStream in = PayloadVerifier.verifying(envelope, new ByteArrayInputStream(flipped(PAYLOAD, 5)))) {
      assertThat(in.skip(100)).isEqualTo(100);
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void theSourcesOwnErrorPassesThrough() {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, ChecksumAlgorithm.SHA256);
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    assertThatThrownBy(() -> PayloadVerifier.verifying(envelope, broken).read())
        .isInstanceOf(IOException.class).hasMessage("connection reset");
  }

  @Test
  void closingTheVerifyingStreamClosesTheSource() throws IOException {
    boolean[] closed = {false};
    InputStream source = new ByteArrayInputStream(PAYLOAD) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    PayloadVerifier.verifying(envelopeOf(PAYLOAD, null), source).close();
    assertThat(closed[0]).isTrue();
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    PayloadEnvelope envelope = envelopeOf(PAYLOAD, null);
    InputStream in = new ByteArrayInputStream(PAYLOAD);
    assertThatThrownBy(() -> PayloadVerifier.verify(null, PAYLOAD)).hasMessage("envelope");
    assertThatThrownBy(() -> PayloadVerifier.verify(envelope, null)).hasMessage("bytes");
    assertThatThrownBy(() -> PayloadVerifier.verifying(null, in)).hasMessage("envelope");
    assertThatThrownBy(() -> PayloadVerifier.verifying(envelope, null)).hasMessage("in");
  }

  /** Serves 'a' forever, counting what it served. */
  private static final class EndlessInput extends InputStream {
    long served;

    @Override
    public int read() {
      served++;
      return 'a';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Arrays.fill(b, off, off + len, (byte) 'a');
      served += len;
      return len;
    }
  }
}

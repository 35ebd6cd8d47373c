package io.payloadoffload.internal.codec;

import static io.payloadoffload.internal.codec.CodecSupport.MIB;
import static io.payloadoffload.internal.codec.CodecSupport.compress;
import static io.payloadoffload.internal.codec.CodecSupport.decompress;
import static io.payloadoffload.internal.codec.CodecSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.CodecSupport.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {

  static Stream<Codec> everyLevelEdge() {
    return Stream.of(Codec.of(Compression.ZSTD, 1), Codec.of(Compression.ZSTD, 3),
        Codec.of(Compression.ZSTD, 22), Codec.of(Compression.GZIP, 1), Codec.of(Compression.GZIP, 6),
        Codec.of(Compression.GZIP, 9), Codec.of(Compression.NONE, 0));
  }

  static Stream<Codec> compressing() {
    return Stream.of(Codec.of(Compression.ZSTD, 3), Codec.of(Compression.GZIP, 6));
  }

  static Stream<Codec> everyCodec() {
    return Stream.concat(compressing(), Stream.of(Codec.of(Compression.NONE, 0)));
  }

  @Test
  void levelsOutsideTheAlgorithmsRangeAreRejectedNamingTheLevel() {
    for (int bad : new int[] {Integer.MIN_VALUE, -1, 0, 23}) {
      assertThatThrownBy(() -> Codec.of(Compression.ZSTD, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("level").hasMessageContaining("zstd").hasMessageContaining(String.valueOf(bad));
    }
    for (int bad : new int[] {0, 10, 22}) {
      assertThatThrownBy(() -> Codec.of(Compression.GZIP, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("level").hasMessageContaining("gzip").hasMessageContaining(String.valueOf(bad));
    }
    assertThatThrownBy(() -> Codec.of(null, 3))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("compression");
  }

  @Test
  void noneIgnoresTheLevel() {
    assertThat(Codec.of(Compression.NONE, -7).compression()).isEqualTo(Compression.NONE);
    assertThat(Codec.of(Compression.NONE, 99).compression()).isEqualTo(Compression.NONE);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void eachCodecReportsItsCompression(Compression compression) {
    assertThat(Codec.of(compression, 1).compression()).isEqualTo(compression);
  }

  @ParameterizedTest
  @MethodSource("everyLevelEdge")
  void roundTripsEmptyTinyAndLargePayloadsAtEveryLevelEdge(Codec codec) throws IOException {
    byte[] large = new byte[MIB + MIB / 2];
    byte[] text = payload(Kind.TEXT, large.length / 2, 1);
    byte[] noise = payload(Kind.RANDOM, large.length - text.length, 2);
    System.arraycopy(text, 0, large, 0, text.length);
    System.arraycopy(noise, 0, large, text.length, noise.length);
    for (byte[] original : new byte[][] {new byte[0], {42}, large}) {
      byte[] stored = compress(codec, original);
      assertThat(decompress(codec, stored, original.length)).isEqualTo(original);
    }
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void compressingACompressiblePayloadShrinksIt(Codec codec) {
    byte[] original = payload(Kind.TEXT, MIB, 3);
    assertThat(compress(codec, original).length).isLessThan(original.length / 3);
  }

  @Test
  void noneStoresTheBytesUnchanged() {
    byte[] original = payload(Kind.RANDOM, 1000, 4);
    assertThat(compress(Codec.of(Compression.NONE, 0), original)).isEqualTo(original);
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void aFlippedByteInTheCompressedBodyIsACodecException(Codec codec) {
    byte[] original = payload(Kind.TEXT, 64 * 1024, 5);
    byte[] stored = compress(codec, original);
    for (int pos : new int[] {10, stored.length / 2, stored.length - 5, stored.length - 1}) {
      byte[] corrupt = stored.clone();
      corrupt[pos] ^= 0x20;
      assertThatThrownBy(() -> decompress(codec, corrupt, original.length))
          .as("flip at %d of %d", pos, stored.length)
          .isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void everyTruncationIsACodecException(Codec codec) {
    byte[] original = payload(Kind.TEXT, 3000, 6);
    byte[] stored = compress(codec, original);
    for (int length = 0; length < stored.length; length++) {
      byte[] truncated = Arrays.copyOf(stored, length);
      assertThatThrownBy(() -> decompress(codec, truncated, original.length))
          .as("truncated to %d of %d bytes", length, stored.length)
          .isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void emptyStoredDataIsACodecExceptionEvenForAnEmptyPayload(Codec codec) {
    assertThatThrownBy(() -> decompress(codec, new byte[0], 0))
        .isInstanceOf(CodecException.class).hasMessageContaining("empty");
  }

  @ParameterizedTest
  @MethodSource("everyCodec")
  void bytesAfterTheCompressedDataAreACodecException(Codec codec) {
    byte[] original = "a small payload".getBytes(StandardCharsets.UTF_8);
    byte[] stored = compress(codec, original);
    byte[] withGarbage = Arrays.copyOf(stored, stored.length + 8);
    System.arraycopy("garbage!".getBytes(StandardCharsets.US_ASCII), 0, withGarbage, stored.length, 8);
    assertThatThrownBy(() -> decompress(codec, withGarbage, original.length))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void concatenatedGzipMembersAreOneStream() throws IOException {
    Codec gzip = Codec.of(Compression.GZIP, 6);
    byte[] first = compress(gzip, "hello, ".getBytes(StandardCharsets.UTF_8));
    byte[] second = compress(gzip, "world".getBytes(StandardCharsets.UTF_8));
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    assertThat(new String(decompress(gzip, both, 12), StandardCharsets.UTF_8)).isEqualTo("hello, world");
  }

  @Test
  void gzipThatIsNotGzipIsACodecException() {
    byte[] notGzip = "{\"plain\":\"json\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> decompress(Codec.of(Compression.GZIP, 6), notGzip, 100))
        .isInstanceOf(CodecException.class).hasMessageContaining("not gzip");
  }

  @Test
  void gzipHeaderFieldsAndHeaderCrcAreHonoured() throws IOException {
    byte[] body = compress(Codec.of(Compression.GZIP, 6), "named".getBytes(StandardCharsets.UTF_8));
    // FEXTRA + FNAME + FCOMMENT + FHCRC, as other gzip writers may produce them.
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3});
    header.write(new byte[] {2, 0, 'x', 'y'});
    header.write("file.json\0comment\0".getBytes(StandardCharsets.US_ASCII));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(header.toByteArray());
    header.write((int) crc.getValue() & 0xff);
    header.write((int) (crc.getValue() >> 8) & 0xff);
    header.write(body, 10, body.length - 10);
    byte[] stored = header.toByteArray();
    Codec gzip = Codec.of(Compression.GZIP, 6);
    assertThat(decompress(gzip, stored, 5)).isEqualTo("named".getBytes(StandardCharsets.UTF_8));

    int hcrc = stored.length - (body.length - 10) - 1;
    stored[hcrc] ^= 1;
    assertThatThrownBy(() -> decompress(gzip, stored, 5))
        .isInstanceOf(CodecException.class).hasMessageContaining("header CRC");
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void aDecompressionBombStopsAtTheCapWithoutReadingPastIt(Codec codec) throws IOException {
    long bombSize = 512L * MIB;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    byte[] zeros = new byte[64 * 1024];
    try (OutputStream out = codec.compress(sink)) {
      for (long written = 0; written < bombSize; written += zeros.length) {
        out.write(zeros);
      }
    }
    byte[] bomb = sink.toByteArray();
    assertThat(bomb.length).isLessThan(MIB);

    long cap = MIB;
    long read = 0;
    byte[] buf = new byte[8192];
    try (InputStream in = codec.decompress(new ByteArrayInputStream(bomb), cap)) {
      while (true) {
        int n = in.read(buf);
        assertThat(n).isNotNegative();
        read += n;
      }
    } catch (CodecException e) {
      assertThat(e).hasMessageContaining("larger than the declared size of " + cap);
    }
    assertThat(read).isLessThanOrEqualTo(cap);
  }

  @ParameterizedTest
  @MethodSource("everyCodec")
  void aPayloadOfExactlyTheCapDecompressesAndOneByteLessCapFails(Codec codec) throws IOException {
    byte[] original = payload(Kind.TEXT, 100_000, 7);
    byte[] stored = compress(codec, original);
    assertThat(decompress(codec, stored, original.length)).isEqualTo(original);
    assertThatThrownBy(() -> decompress(codec, stored, original.length - 1))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("larger than the declared size of " + (original.length - 1));
  }

  @ParameterizedTest
  @MethodSource("everyCodec")
  void readingExactlyTheDeclaredSizeStillChecksWhatFollows(Codec codec) throws IOException {
    byte[] original = payload(Kind.TEXT, 5000, 8);
    byte[] stored = compress(codec, original);
    byte[] longer = Arrays.copyOf(stored, stored.length + 1);
    longer[stored.length] = 'x';
    try (InputStream in = codec.decompress(new ByteArrayInputStream(longer), original.length)) {
      assertThatThrownBy(() -> in.readNBytes(original.length)).isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void aCorruptTrailerIsFoundByAReaderThatStopsAtTheDeclaredSize(Codec codec) throws IOException {
    byte[] original = payload(Kind.TEXT, 5000, 9);
    byte[] stored = compress(codec, original);
    stored[stored.length - 1] ^= 1;
    try (InputStream in = codec.decompress(new ByteArrayInputStream(stored), original.length)) {
      assertThatThrownBy(() -> in.readNBytes(original.length)).isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("everyCodec")
  void theSourcesOwnIoExceptionIsNotACodecException(Codec codec) throws IOException {
    byte[] stored = compress(codec, payload(Kind.RANDOM, 100_000, 10));
    IOException failure = new IOException("connection reset");
    InputStream failing = new InputStream() {
      private final InputStream half = new ByteArrayInputStream(stored, 0, stored.length / 2);

      @Override
      public int read() throws IOException {
        throw failure;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = half.read(b, off, len);
        if (n < 0) {
          throw failure;
        }
        return n;
      }
    };
    try (InputStream in = codec.decompress(failing, 100_000)) {
      assertThatThrownBy(in::readAllBytes).isSameAs(failure);
    }
  }

  @ParameterizedTest
  @MethodSource("everyCodec")
  void closingTheStreamsClosesSinkAndSource(Codec codec) throws IOException {
    AtomicBoolean sinkClosed = new AtomicBoolean();
    ByteArrayOutputStream sink = new ByteArrayOutputStream() {
      @Override
      public void close() {
        sinkClosed.set(true);
      }
    };
    OutputStream out = codec.compress(sink);
    out.write(new byte[] {1, 2, 3});
    out.close();
    assertThat(sinkClosed).isTrue();

    AtomicBoolean sourceClosed = new AtomicBoolean();
    InputStream source = new ByteArrayInputStream(sink.toByteArray()) {
      @Override
      public void close() {
        sourceClosed.set(true);
      }
    };
    InputStream in = codec.decompress(source, 3);
    assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    in.close();
    assertThat(sourceClosed).isTrue();
    assertThatCode(in::close).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @MethodSource("compressing")
  void readingAfterCloseFails(Codec codec) throws IOException {
    byte[] stored = compress(codec, new byte[] {1, 2, 3});
    InputStream in = codec.decompress(new ByteArrayInputStream(stored), 3);
    in.close();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @MethodSource("everyCodec")
  void aNegativeCapIsRejected(Codec codec) {
    assertThatThrownBy(() -> codec.decompress(new ByteArrayInputStream(new byte[0]), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutputBytes");
  }
}

package io.payloadoffload.internal.codec;

import static io.payloadoffload.internal.codec.CodecSupport.MIB;
import static io.payloadoffload.internal.codec.CodecSupport.compress;
import static io.payloadoffload.internal.codec.CodecSupport.decompress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.CodecSupport.Kind;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

class CodecProperties {

  /** Sizes from 0 to 3 MiB, weighted so that 0, 1, small, medium and over 1 MiB all occur. */
  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0)),
        Tuple.of(1, Arbitraries.just(1)),
        Tuple.of(4, Arbitraries.integers().between(2, 4096)),
        Tuple.of(3, Arbitraries.integers().between(4097, MIB)),
        Tuple.of(2, Arbitraries.integers().between(MIB + 1, 3 * MIB)));
    return Combinators.combine(Arbitraries.of(Kind.class), sizes, Arbitraries.longs())
        .as(CodecSupport::payload);
  }

  @Provide
  Arbitrary<Codec> codecs() {
    return Arbitraries.of(Codec.of(Compression.ZSTD, 1), Codec.of(Compression.ZSTD, 3),
        Codec.of(Compression.ZSTD, 9), Codec.of(Compression.GZIP, 1), Codec.of(Compression.GZIP, 6),
        Codec.of(Compression.GZIP, 9), Codec.of(Compression.NONE, 0));
  }

  @Provide
  Arbitrary<Codec> compressing() {
    return Arbitraries.of(Codec.of(Compression.ZSTD, 3), Codec.of(Compression.GZIP, 6));
  }

  @Provide
  Arbitrary<Integer> readSizes() {
    return Arbitraries.of(1, 2, 7, 4096, 8192, 65_536);
  }

  @Provide
  Arbitrary<byte[]> smallPayloads() {
    return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(1, 20_000),
        Arbitraries.longs()).as(CodecSupport::payload);
  }

  @Property(tries = 50)
  void decompressingWhatWasCompressedGivesTheOriginalBack(@ForAll("payloads") byte[] original,
      @ForAll("codecs") Codec codec, @ForAll("readSizes") int readSize) throws IOException {
    Statistics.label("size").collect(original.length == 0 ? "0" : original.length == 1 ? "1"
        : original.length <= 4096 ? "2..4096" : original.length <= MIB ? "..1 MiB" : "over 1 MiB");
    int chunk = original.length > 64 * 1024 && readSize < 64 ? 4096 : readSize;
    byte[] stored = compress(codec, original);
    assertThat(decompress(codec, stored, original.length, chunk)).isEqualTo(original);
  }

  @Property(tries = 50)
  void aLargerCapAlsoWorksAndASmallerOneFails(@ForAll("smallPayloads") byte[] original,
      @ForAll("codecs") Codec codec, @ForAll @IntRange(min = 1, max = 1000) int slack) throws IOException {
    byte[] stored = compress(codec, original);
    assertThat(decompress(codec, stored, original.length + (long) slack)).isEqualTo(original);
    long tooSmall = Math.max(0, original.length - slack);
    assertThatThrownBy(() -> decompress(codec, stored, tooSmall)).isInstanceOf(CodecException.class);
  }

  /**
   * A flipped byte either fails or, rarely, still decodes to the original: in zstd a one-byte raw
   * block and a one-byte RLE block differ by one bit and mean the same. Wrong bytes never come out.
   */
  @Property(tries = 50)
  void aFlippedByteAfterTheHeaderNeverYieldsWrongBytes(@ForAll("smallPayloads") byte[] original,
      @ForAll("compressing") Codec codec, @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll @IntRange(min = 1, max = 255) int mask) throws IOException {
    byte[] stored = compress(codec, original);
    // Bytes before these offsets are header fields that the formats leave unchecked: gzip's
    // MTIME/XFL/OS and zstd's window size (a larger window still decodes).
    int header = codec.compression() == Compression.GZIP ? 10 : 6;
    int pos = header + where % (stored.length - header);
    stored[pos] ^= (byte) mask;
    byte[] decoded;
    try {
      decoded = decompress(codec, stored, original.length);
    } catch (CodecException expected) {
      return;
    }
    assertThat(decoded).as("flip %02x at %d of %d", mask, pos, stored.length).isEqualTo(original);
  }

  @Property(tries = 50)
  void aTruncatedStreamIsACodecException(@ForAll("smallPayloads") byte[] original,
      @ForAll("compressing") Codec codec, @ForAll @IntRange(min = 0, max = 1_000_000) int where) {
    byte[] stored = compress(codec, original);
    byte[] truncated = Arrays.copyOf(stored, where % stored.length);
    assertThatThrownBy(() -> decompress(codec, truncated, original.length))
        .isInstanceOf(CodecException.class);
  }

  @Property(tries = 50)
  void bytesAfterTheEndAreACodecException(@ForAll("smallPayloads") byte[] original,
      @ForAll("codecs") Codec codec, @ForAll("garbage") byte[] garbage) {
    byte[] stored = compress(codec, original);
    byte[] longer = Arrays.copyOf(stored, stored.length + garbage.length);
    System.arraycopy(garbage, 0, longer, stored.length, garbage.length);
    assertThatThrownBy(() -> decompress(codec, longer, original.length))
        .isInstanceOf(CodecException.class);
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100);
  }
}

package io.payloadoffload.internal.codec;

import static io.payloadoffload.internal.codec.CodecSupport.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.CodecSupport.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.junit.jupiter.api.Test;

/**
 * The one-call array forms ({@link Codec#compress(byte[])}, {@link Codec#decompress(byte[], int)})
 * keep the stream forms' rules: same format both ways, a hard cap, corrupt input is a codec error.
 */
class ArrayCodecProperties {

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0)),
        Tuple.of(4, Arbitraries.integers().between(1, 4096)),
        Tuple.of(2, Arbitraries.integers().between(4097, 3 * MIB)));
    return Combinators.combine(Arbitraries.of(Kind.class), sizes, Arbitraries.longs())
        .as(CodecSupport::payload);
  }

  @Provide
  Arbitrary<Codec> codecs() {
    return Arbitraries.of(Codec.of(Compression.ZSTD, 1), Codec.of(Compression.ZSTD, 3),
        Codec.of(Compression.GZIP, 6), Codec.of(Compression.NONE, 1));
  }

  @Property(tries = 40)
  void arrayAndStreamFormsReadEachOther(@ForAll("payloads") byte[] original, @ForAll("codecs") Codec codec)
      throws IOException {
    byte[] byArray = codec.compress(original);
    byte[] byStream = CodecSupport.compress(codec, original);
    assertThat(CodecSupport.decompress(codec, byArray, original.length)).isEqualTo(original);
    assertThat(codec.decompress(byStream, original.length)).isEqualTo(original);
    assertThat(codec.decompress(byArray, original.length)).isEqualTo(original);
  }

  @Property(tries = 40)
  void aSmallerCapFailsAndALargerOneReturnsExactlyTheOriginal(@ForAll("payloads") byte[] original,
      @ForAll("codecs") Codec codec, @ForAll @IntRange(min = 1, max = 1000) int slack) throws IOException {
    byte[] stored = codec.compress(original);
    assertThat(codec.decompress(stored, original.length + slack)).isEqualTo(original);
    if (original.length > 0) {
      assertThatThrownBy(() -> codec.decompress(stored, Math.max(0, original.length - slack)))
          .isInstanceOf(CodecException.class);
    }
  }

  @Property(tries = 60)
  void damagedBytesAreACodecErrorOrTheOriginal(@ForAll("payloads") byte[] original,
      @ForAll("codecs") Codec codec, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll boolean truncate) throws IOException {
    byte[] stored = codec.compress(original);
    if (stored.length == 0 || codec.compression() == Compression.NONE) {
      return;
    }
    byte[] damaged = truncate ? Arrays.copyOf(stored, where % stored.length) : stored.clone();
    if (!truncate) {
      damaged[where % damaged.length] ^= 0x5a;
    }
    try {
      byte[] back = codec.decompress(damaged, original.length);
      Statistics.collect("same bytes");
      assertThat(back).isEqualTo(original);
    } catch (CodecException detected) {
      Statistics.collect("codec error");
    }
  }

  @Test
  void zstdBombDecodedInOneCallFailsAtTheCap() throws IOException {
    Codec zstd = Codec.of(Compression.ZSTD, 3);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    byte[] zeros = new byte[MIB];
    try (OutputStream out = zstd.compress(sink)) {
      for (int i = 0; i < 512; i++) {
        out.write(zeros);
      }
    }
    assertThatThrownBy(() -> zstd.decompress(sink.toByteArray(), MIB)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> zstd.decompress(new byte[0], 10)).isInstanceOf(CodecException.class);
  }
}

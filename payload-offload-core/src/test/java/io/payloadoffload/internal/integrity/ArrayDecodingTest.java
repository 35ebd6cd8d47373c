package io.payloadoffload.internal.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.integrity.Checksummer;
import io.payloadoffload.internal.integrity.ParallelChecksum;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArrayDecodingTest {

  private static byte[] text(int size, long seed) {
    Random random = new Random(seed);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26));
    }
    return b;
  }

  @Test
  void decodesAndVerifiesEveryCodecAroundTheParallelAndBlockSizes() throws IOException {
    int min = ParallelChecksum.MIN_PARALLEL_BYTES;
    int block = ArrayDecoding.BLOCK_BYTES;
    for (int size : new int[] {0, 1, min - 1, min, min + 1, block * 7, block * 7 + 1, 3 << 20}) {
      byte[] original = text(size, size);
      for (Compression compression : Compression.values()) {
        Codec codec = Codec.of(compression, compression == Compression.GZIP ? 6 : 3);
        byte[] stored = codec.compress(original);
        for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
          assertThat(ArrayDecoding.decodeVerified(codec, "txn_a", stored, size, Checksummer.of(alg, original)))
              .as("%s, %s, %d bytes", compression, alg, size).isEqualTo(original);
        }
        assertThat(ArrayDecoding.decodeVerified(codec, "txn_a", stored, size, null)).isEqualTo(original);
      }
    }
  }

  @Test
  void aWrongChecksumIsAnIntegrityFailure() throws IOException {
    byte[] original = text(1 << 20, 1);
    byte[] other = original.clone();
    other[other.length - 1] ^= 1;
    Codec codec = Codec.of(Compression.ZSTD, 3);
    for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
      String wrong = Checksummer.of(alg, other);
      assertThatThrownBy(() -> ArrayDecoding.decodeVerified(codec, "txn_b", codec.compress(original),
          original.length, wrong)).isInstanceOf(PayloadIntegrityException.class).hasMessageContaining(wrong);
    }
  }

  @Test
  void fewerBytesThanDeclaredIsAnIntegrityFailureAndMoreIsACodecFailure() throws IOException {
    byte[] original = text(1 << 20, 2);
    String sum = Checksummer.of(ChecksumAlgorithm.SHA256, original);
    for (Compression compression : Compression.values()) {
      Codec codec = Codec.of(compression, compression == Compression.GZIP ? 6 : 3);
      byte[] stored = codec.compress(original);
      assertThatThrownBy(() -> ArrayDecoding.decodeVerified(codec, "txn_c", stored, original.length + 10, sum))
          .as("%s", compression).isInstanceOf(PayloadIntegrityException.class)
          .hasMessageContaining(original.length + " bytes");
      assertThatThrownBy(() -> ArrayDecoding.decodeVerified(codec, "txn_c", stored, original.length - 10, sum))
          .as("%s", compression).isInstanceOf(CodecException.class);
    }
  }

  @Test
  void corruptOrTruncatedStoredBytesFailInTheCodecNeverWithWrongBytes() throws IOException {
    byte[] original = text(2 << 20, 3);
    String sum = Checksummer.of(ChecksumAlgorithm.SHA256, original);
    for (Compression compression : new Compression[] {Compression.ZSTD, Compression.GZIP}) {
      Codec codec = Codec.of(compression, compression == Compression.GZIP ? 6 : 3);
      byte[] stored = codec.compress(original);
      byte[] truncated = Arrays.copyOf(stored, stored.length / 2);
      assertThatThrownBy(() -> ArrayDecoding.decodeVerified(codec, "txn_d", truncated, original.length, sum))
          .as("%s truncated", compression)
          .isInstanceOfAny(CodecException.class, PayloadIntegrityException.class);
      byte[] corrupt = stored.clone();
      corrupt[corrupt.length / 2] ^= 0x5a;
      assertThatThrownBy(() -> ArrayDecoding.decodeVerified(codec, "txn_d", corrupt, original.length, sum))
          .as("%s corrupt", compression)
          .isInstanceOfAny(CodecException.class, PayloadIntegrityException.class);
    }
  }
}

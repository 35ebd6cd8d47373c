package io.payloadoffload.internal.integrity;

import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.concurrent.FastPaths;
import io.payloadoffload.internal.integrity.ParallelChecksum;
import io.payloadoffload.internal.integrity.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a whole stored payload into an array of exactly its declared size and verifies its size
 * and checksum. A payload of {@link ParallelChecksum#MIN_PARALLEL_BYTES} or more with a checksum is
 * decoded block by block while a {@link ParallelChecksum} follows the decoded blocks on another
 * core, so the checksum costs almost nothing after the last block; a smaller one is decoded in one
 * call and then checksummed.
 */
public final class ArrayDecoding {
  /** How much is decoded between two hand-overs to the checksum: {@value} bytes. */
  static final int BLOCK_BYTES = 64 * 1024;

  private ArrayDecoding() {}

  /**
   * Decodes and verifies.
   *
   * @param codec the codec the payload was stored with
   * @param id the payload's id, for errors
   * @param stored the stored bytes
   * @param size the declared original size; more output is an error and is never allocated
   * @param expectedChecksum the declared checksum, or null for none
   * @return the original bytes
   * @throws io.payloadoffload.exception.CodecException if the stored bytes cannot be decoded or decode to more
   *     than {@code size}
   * @throws io.payloadoffload.exception.PayloadIntegrityException if the size or checksum differs
   * @throws IOException if the codec fails otherwise
   */
  public static byte[] decodeVerified(Codec codec, String id, byte[] stored, int size,
      String expectedChecksum) throws IOException {
    if (!FastPaths.PARALLEL_CHECKSUM || expectedChecksum == null || size < ParallelChecksum.MIN_PARALLEL_BYTES) {
      byte[] plain = codec.decompress(stored, size);
      VerifyingInputStream.verify(id, size, expectedChecksum, plain);
      return plain;
    }
    ParallelChecksum checksum = ParallelChecksum.following(VerifyingInputStream.algorithm(id, expectedChecksum));
    byte[] plain = new byte[size];
    int decoded = 0;
    try (InputStream in = codec.decompress(new ByteArrayInputStream(stored), size)) {
      int n;
      while (decoded < size && (n = in.readNBytes(plain, decoded, Math.min(BLOCK_BYTES, size - decoded))) > 0) {
        checksum.publish(plain, decoded, decoded + n);
        decoded += n;
      }
      if (decoded == size) {
        in.read();
      }
    } catch (Throwable e) {
      checksum.abandon();
      throw e;
    }
    if (decoded != size) {
      checksum.abandon();
    }
    VerifyingInputStream.check(id, size, decoded, expectedChecksum, checksum::join);
    return plain;
  }
}

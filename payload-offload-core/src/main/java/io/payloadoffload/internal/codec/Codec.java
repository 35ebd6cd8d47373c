package io.payloadoffload.internal.codec;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A compression algorithm: its {@link #compression()} name plus a compressing and a bounded
 * decompressing stream. Implementations are stateless and thread-safe; the streams they return are
 * not.
 *
 * <p>Internal: the codecs are the ones {@link Compression} names, chosen with {@link #of}; a new one
 * needs a new wire name in the envelope, so this is not an extension point.
 */
public interface Codec {

  /**
   * Which compression this codec applies.
   *
   * @return the compression, whose wire name goes into the envelope
   */
  Compression compression();

  /**
   * Wraps a sink so that what is written to the result reaches the sink compressed. Closing the
   * result finishes the compressed stream and closes the sink.
   *
   * @param sink where compressed bytes go
   * @return the stream to write original bytes to
   * @throws IOException if the sink fails
   */
  OutputStream compress(OutputStream sink) throws IOException;

  /**
   * Wraps a source of compressed bytes so that reading the result yields the original bytes, and
   * never more than {@code maxOutputBytes} of them. Reading past the cap, or corrupt or truncated
   * input, throws {@link CodecException} from {@code read}; output past the cap is never allocated.
   * Closing the result closes the source.
   *
   * @param source the compressed bytes
   * @param maxOutputBytes the declared original size; more output than this is an error
   * @return the stream of original bytes
   * @throws IOException if the source fails
   */
  InputStream decompress(InputStream source, long maxOutputBytes) throws IOException;

  /**
   * Compresses a whole array. The default streams it through {@link #compress(OutputStream)};
   * codecs whose algorithm has a cheaper one-call form override it. Either way the result is
   * readable by {@link #decompress(InputStream, long)}.
   *
   * @param input the original bytes
   * @return the compressed bytes
   * @throws IOException if compressing fails
   */
  default byte[] compress(byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 4));
    try (OutputStream c = compress(out)) {
      c.write(input);
    }
    return out.toByteArray();
  }

  /**
   * Decompresses a whole array with the same rules as {@link #decompress(InputStream, long)}:
   * output past {@code maxOutputBytes} is never allocated and raises {@link CodecException}, and so
   * does corrupt or truncated input. The default reads the stream form; codecs with a cheaper
   * one-call form override it.
   *
   * @param stored the compressed bytes
   * @param maxOutputBytes the declared original size
   * @return the original bytes, at most {@code maxOutputBytes} of them
   * @throws IOException if decompressing fails other than by a {@link CodecException}
   */
  default byte[] decompress(byte[] stored, int maxOutputBytes) throws IOException {
    try (InputStream in = decompress(new ByteArrayInputStream(stored), maxOutputBytes)) {
      return in.readAllBytes();
    }
  }

  /**
   * The codec for a compression.
   *
   * @param compression the algorithm
   * @param level the compression level (1 to 22 for zstd, 1 to 9 for gzip; ignored for none)
   * @return the codec
   * @throws IllegalArgumentException if the level does not suit the algorithm
   * @throws NullPointerException if {@code compression} is null
   */
  static Codec of(Compression compression, int level) {
    return Codecs.of(compression, level);
  }
}

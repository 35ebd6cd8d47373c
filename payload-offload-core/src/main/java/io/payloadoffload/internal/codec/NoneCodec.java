package io.payloadoffload.internal.codec;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.codec.Compression;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** Stores bytes as they are. Reading more bytes than declared is still a {@code CodecException}. */
final class NoneCodec implements Codec {
  static final NoneCodec INSTANCE = new NoneCodec();

  private NoneCodec() {}

  @Override
  public Compression compression() {
    return Compression.NONE;
  }

  @Override
  public OutputStream compress(OutputStream sink) {
    return Objects.requireNonNull(sink, "sink");
  }

  @Override
  public InputStream decompress(InputStream source, long maxOutputBytes) {
    return new BoundedInputStream(Objects.requireNonNull(source, "source"), maxOutputBytes,
        Compression.NONE);
  }

  @Override
  public byte[] compress(byte[] input) {
    return Objects.requireNonNull(input, "input");
  }

  @Override
  public byte[] decompress(byte[] stored, int maxOutputBytes) {
    Objects.requireNonNull(stored, "stored");
    BoundedInputStream.checkCap(maxOutputBytes);
    if (stored.length > maxOutputBytes) {
      throw new CodecException("Stored data holds " + stored.length + " bytes, more than the declared "
          + maxOutputBytes + ". The stored copy is damaged; ask the sender to send the payload again.",
          null, null);
    }
    return stored;
  }

  @Override
  public String toString() {
    return "none";
  }
}

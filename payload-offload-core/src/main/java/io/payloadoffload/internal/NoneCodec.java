package io.payloadoffload.internal;

import io.payloadoffload.codec.Codec;
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
  public String toString() {
    return "none";
  }
}

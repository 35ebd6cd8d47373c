package io.payloadoffload.internal.codec;

import io.payloadoffload.codec.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * gzip (RFC 1952) through the JDK. Writing uses {@link GZIPOutputStream}; reading uses
 * {@link GzipInputStream}, which unlike the JDK's reader rejects bytes after the last member.
 */
final class GzipCodec implements Codec {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final int level;

  GzipCodec(int level) {
    this.level = level;
  }

  @Override
  public Compression compression() {
    return Compression.GZIP;
  }

  @Override
  public OutputStream compress(OutputStream sink) throws IOException {
    Objects.requireNonNull(sink, "sink");
    return new GZIPOutputStream(sink, BUFFER_SIZE) {
      {
        def.setLevel(level);
      }
    };
  }

  @Override
  public InputStream decompress(InputStream source, long maxOutputBytes) {
    Objects.requireNonNull(source, "source");
    BoundedInputStream.checkCap(maxOutputBytes);
    return new BoundedInputStream(new GzipInputStream(source), maxOutputBytes, Compression.GZIP);
  }

  @Override
  public String toString() {
    return "gzip level " + level;
  }
}

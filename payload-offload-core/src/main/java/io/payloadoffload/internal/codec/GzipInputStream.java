package io.payloadoffload.internal.codec;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.internal.io.ArrayReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads gzip (RFC 1952) strictly. The JDK's {@code GZIPInputStream} stops silently at bytes after a
 * member that do not form another gzip header, and whether it looks at them at all depends on
 * {@code available()}; this reader instead accepts only whole members, one after another, up to the
 * end of the source, and throws {@link CodecException} for anything else: a bad header, reserved
 * flags, a bad header CRC, deflate errors, a wrong CRC-32 or length in a trailer, a source that ends
 * inside a member or holds none, and trailing bytes. {@link IOException}s of the source itself pass
 * through unchanged. The inflater is released on {@link #close()}. Not thread-safe.
 */
final class GzipInputStream extends ArrayReadStream {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xe0;
  private static final int BUFFER_SIZE = 16 * 1024;

  private final InputStream source;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final byte[] buf = new byte[BUFFER_SIZE];
  private int pos;
  private int limit;
  private int members;
  private boolean inMember;
  private boolean eof;
  private boolean closed;

  GzipInputStream(InputStream source) {
    this.source = source;
  }

  @Override
  protected int readChecked(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("gzip stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!eof) {
      if (!inMember) {
        startMember();
        continue;
      }
      int n = inflate(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        return n;
      }
      if (inflater.finished()) {
        pos = limit - inflater.getRemaining();
        readTrailer();
      } else if (inflater.needsDictionary()) {
        throw corrupt("a deflate block asks for a preset dictionary, which gzip does not allow");
      } else if (inflater.needsInput()) {
        fill();
        inflater.setInput(buf, pos, limit - pos);
        pos = limit;
      } else {
        throw corrupt("the deflate data makes no progress");
      }
    }
    return -1;
  }

  private int inflate(byte[] b, int off, int len) throws CodecException {
    try {
      return inflater.inflate(b, off, len);
    } catch (DataFormatException e) {
      throw corrupt("invalid deflate data: " + e.getMessage());
    }
  }

  /** Reads the next member's header, or sets {@link #eof} if the source ended after a member. */
  private void startMember() throws IOException {
    if (pos == limit && !refill()) {
      if (members == 0) {
        throw corrupt("the data is empty; it holds no gzip member");
      }
      eof = true;
      return;
    }
    headerCrc.reset();
    if (headerByte() != 0x1f || headerByte() != 0x8b) {
      throw corrupt(members == 0 ? "not gzip data (bad magic number)"
          : "unexpected bytes after the end of the gzip data");
    }
    if (headerByte() != 8) {
      throw corrupt("unsupported compression method (only deflate is defined)");
    }
    int flags = headerByte();
    if ((flags & RESERVED) != 0) {
      throw corrupt("reserved header flags are set");
    }
    for (int i = 0; i < 6; i++) {
      headerByte(); // MTIME, XFL, OS: informational
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = headerByte() | headerByte() << 8;
      for (int i = 0; i < xlen; i++) {
        headerByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (headerByte() != 0) {
        // skip the zero-terminated file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (headerByte() != 0) {
        // skip the zero-terminated comment
      }
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) (headerCrc.getValue() & 0xffff);
      if ((nextByte() | nextByte() << 8) != expected) {
        throw corrupt("header CRC mismatch");
      }
    }
    inflater.reset();
    crc.reset();
    inMember = true;
  }

  private void readTrailer() throws IOException {
    long expectedCrc = nextInt();
    long expectedSize = nextInt();
    if (expectedCrc != crc.getValue()) {
      throw corrupt("CRC-32 mismatch: the decompressed bytes differ from the ones compressed");
    }
    if (expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
      throw corrupt("length mismatch in the trailer");
    }
    inMember = false;
    members++;
  }

  private int headerByte() throws IOException {
    int b = nextByte();
    headerCrc.update(b);
    return b;
  }

  private long nextInt() throws IOException {
    return (nextByte() | nextByte() << 8 | nextByte() << 16 | (long) nextByte() << 24) & 0xffffffffL;
  }

  private int nextByte() throws IOException {
    fill();
    return buf[pos++] & 0xff;
  }

  /** Makes at least one unread byte available, or throws: the source ended inside a member. */
  private void fill() throws IOException {
    if (pos == limit && !refill()) {
      throw corrupt("the data is truncated: it ends inside a gzip member");
    }
  }

  private boolean refill() throws IOException {
    int n;
    do {
      n = source.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private static CodecException corrupt(String detail) {
    return new CodecException("Stored gzip data is corrupt: " + detail
        + ". The stored copy is damaged; ask the sender to send the payload again.", null, null);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      source.close();
    } finally {
      inflater.end();
    }
  }
}

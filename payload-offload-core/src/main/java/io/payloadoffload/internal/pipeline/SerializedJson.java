package io.payloadoffload.internal.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.concurrent.BackgroundPass;
import io.payloadoffload.internal.integrity.Checksummer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * A value serialized to JSON once, with its compression and checksum already under way when it is
 * large enough to be stored. Once more than {@code compressAbove} bytes have been written, a
 * {@link BackgroundPass} compresses them on another core while the rest is still being serialized,
 * and the serializing thread checksums each block as it hands it over, while the block is still in
 * its cache. For a large document, serializing and compressing then cost about the time of the
 * slower of the two instead of their sum.
 *
 * <p>The bytes are written into blocks of {@value #BLOCK_BYTES} bytes that are never copied to
 * grow, small enough that the garbage collector never treats one as a humongous object. The first
 * block is kept by the thread for its next call (softly referenced). A payload that goes inline
 * is copied once into an array of its exact size, as {@code ObjectMapper.writeValueAsBytes} does,
 * without that method's temporary segments; a stored payload is never joined into one array unless
 * it has to be sent or stored as it is. Not thread-safe; close it on the thread that created it.
 */
public final class SerializedJson implements AutoCloseable {
  /** The size of a block; a thread keeps its first one between calls: {@value} bytes. */
  static final int BLOCK_BYTES = 256 * 1024;
  /** How much is serialized between two hand-overs to the compressor: {@value} bytes. */
  static final int PUBLISH_BYTES = 64 * 1024;

  private static final ThreadLocal<SoftReference<byte[]>> FIRST_BLOCK = new ThreadLocal<>();

  private final Sink sink;

  private SerializedJson(Sink sink) {
    this.sink = sink;
  }

  /**
   * Serializes a value.
   *
   * @param mapper the mapper
   * @param value the value
   * @param codec compresses the bytes once there are more than {@code compressAbove}; null to
   *     compress nothing
   * @param compressAbove start compressing once more than this many bytes were written
   * @param checksum the checksum to compute along with the compression, or null for none
   * @return the serialized value; close it
   * @throws IOException if serializing fails (a {@code JsonProcessingException} for a value Jackson
   *     cannot write); nothing is left running
   */
  public static SerializedJson serialize(ObjectMapper mapper, Object value, Codec codec, long compressAbove,
      ChecksumAlgorithm checksum) throws IOException {
    Sink sink = new Sink(codec, codec == null ? Long.MAX_VALUE : compressAbove,
        checksum == null ? null : Checksummer.of(checksum));
    SerializedJson json = new SerializedJson(sink);
    try {
      mapper.writeValue(sink, value);
    } catch (IOException | RuntimeException | Error e) {
      json.close();
      throw e;
    }
    return json;
  }

  /**
   * The serialized size.
   *
   * @return the number of bytes
   */
  public long size() {
    return sink.count;
  }

  /**
   * The serialized bytes, joined into a new array of exactly {@link #size()} bytes.
   *
   * @return the JSON
   * @throws OutOfMemoryError if the JSON is larger than a Java array holds
   */
  public byte[] bytes() {
    return sink.join();
  }

  /**
   * Finishes compressing and checksumming and returns the compressed bytes. Only for a value that
   * was serialized with a codec; may be called once.
   *
   * @return the compressed bytes, one complete frame of the codec's format
   * @throws IOException if the codec failed
   * @throws IllegalStateException if there was no codec, or if called twice
   */
  public byte[] compressed() throws IOException {
    return sink.finishCompressing();
  }

  /**
   * The checksum of the serialized bytes, once {@link #compressed()} has returned.
   *
   * @return the formatted checksum, or null if none was asked for
   * @throws IllegalStateException if {@link #compressed()} has not returned
   */
  public String checksum() {
    if (!sink.finished) {
      throw new IllegalStateException("the checksum is complete only after compressed()");
    }
    return sink.checksum;
  }

  /** Stops compressing if it still runs, frees the compressor and keeps the first block for reuse. */
  @Override
  public void close() {
    sink.release();
  }

  /** The serializer's output: blocks, handed to the compressor and checksum in steps. */
  private static final class Sink extends OutputStream {
    private final Codec codec;
    private final long compressAbove;
    private final Checksummer checksummer;
    private final List<byte[]> blocks = new ArrayList<>();
    private byte[] block;
    private int pos;
    private long count;
    /** The first block and offset not yet handed over, and how many bytes were. */
    private int publishedBlock;
    private int publishedPos;
    private long publishedCount;
    private BackgroundPass pass;
    private ByteArrayOutputStream compressedBytes;
    private OutputStream compressor;
    private String checksum;
    private boolean finished;
    private boolean released;

    Sink(Codec codec, long compressAbove, Checksummer checksummer) {
      this.codec = codec;
      this.compressAbove = compressAbove;
      this.checksummer = checksummer;
      SoftReference<byte[]> kept = FIRST_BLOCK.get();
      byte[] first = kept == null ? null : kept.get();
      if (first != null) {
        FIRST_BLOCK.remove();
      }
      block = first != null ? first : new byte[BLOCK_BYTES];
      blocks.add(block);
    }

    @Override
    public void write(int b) {
      if (pos == block.length) {
        nextBlock();
      }
      block[pos++] = (byte) b;
      count++;
      afterWrite();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (pos == block.length) {
          nextBlock();
        }
        int n = Math.min(len, block.length - pos);
        System.arraycopy(b, off, block, pos, n);
        pos += n;
        count += n;
        off += n;
        len -= n;
      }
      afterWrite();
    }

    private void nextBlock() {
      block = new byte[BLOCK_BYTES];
      blocks.add(block);
      pos = 0;
    }

    private void afterWrite() {
      if (count > compressAbove && count - publishedCount >= PUBLISH_BYTES) {
        publishAll(false);
      }
    }

    /** Hands every written byte not handed over yet to the compressor, and checksums it here. */
    private void publishAll(boolean last) {
      if (pass == null) {
        compressedBytes = new ByteArrayOutputStream((int) Math.min(BLOCK_BYTES, Math.max(1024, count / 4)));
        try {
          compressor = codec.compress(compressedBytes);
        } catch (IOException e) {
          throw new IllegalStateException("a codec writing to memory cannot fail to start", e);
        }
        OutputStream c = compressor;
        pass = new BackgroundPass((b, from, to) -> c.write(b, from, to - from));
      }
      int lastBlock = blocks.size() - 1;
      for (int i = publishedBlock; i <= lastBlock; i++) {
        byte[] b = blocks.get(i);
        int from = i == publishedBlock ? publishedPos : 0;
        int to = i == lastBlock ? pos : b.length;
        if (last && i == lastBlock) {
          pass.publishLast(b, from, to);
        } else {
          pass.publish(b, from, to);
        }
        if (checksummer != null) {
          checksummer.update(b, from, to - from);
        }
      }
      publishedBlock = lastBlock;
      publishedPos = pos;
      publishedCount = count;
    }

    byte[] join() {
      if (count > Integer.MAX_VALUE - 8) {
        throw new OutOfMemoryError("JSON of " + count + " bytes is larger than a Java array");
      }
      byte[] all = new byte[(int) count];
      int at = 0;
      for (int i = 0; i < blocks.size(); i++) {
        byte[] b = blocks.get(i);
        int n = i == blocks.size() - 1 ? pos : b.length;
        System.arraycopy(b, 0, all, at, n);
        at += n;
      }
      return all;
    }

    byte[] finishCompressing() throws IOException {
      if (codec == null || finished) {
        throw new IllegalStateException(codec == null ? "serialized without a codec" : "already finished");
      }
      publishAll(true);
      checksum = checksummer == null ? null : checksummer.finish();
      pass.finish();
      OutputStream c = compressor;
      compressor = null;
      c.close();
      finished = true;
      return compressedBytes.toByteArray();
    }

    void release() {
      if (released) {
        return;
      }
      released = true;
      if (pass != null) {
        pass.abandon();
      }
      if (compressor != null) {
        try {
          compressor.close();
        } catch (IOException | RuntimeException e) {
          // Nothing is asked of it any more; closing only frees its native memory.
        }
      }
      FIRST_BLOCK.set(new SoftReference<>(blocks.get(0)));
    }

    @Override
    public void close() {
      // The mapper closes its target after writing; the bytes stay readable until release().
    }
  }
}

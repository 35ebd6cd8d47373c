package io.payloadoffload.internal.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;

/**
 * A value serialized to JSON once, held in blocks of {@value #BLOCK_BYTES} bytes that are never
 * copied to grow, small enough that the garbage collector never treats one as a humongous object.
 * The bytes are joined into one array only when they are sent or stored, so a payload that is
 * rejected costs its blocks and nothing more; {@code ObjectMapper.writeValueAsBytes} would collect
 * segments and copy them into a result every time. The first block is kept by the thread for its
 * next call (softly referenced), so an inline payload allocates only its result. Not thread-safe;
 * close it on the thread that created it.
 */
public final class SerializedJson implements AutoCloseable {
  /** The size of a block; a thread keeps its first one between calls: {@value} bytes. */
  static final int BLOCK_BYTES = 256 * 1024;

  private static final ThreadLocal<SoftReference<byte[]>> FIRST_BLOCK = new ThreadLocal<>();

  private final List<byte[]> blocks = new ArrayList<>();
  private byte[] block;
  private int pos;
  private long count;
  private boolean released;

  private SerializedJson() {
    SoftReference<byte[]> kept = FIRST_BLOCK.get();
    byte[] first = kept == null ? null : kept.get();
    if (first != null) {
      FIRST_BLOCK.remove();
    }
    block = first != null ? first : new byte[BLOCK_BYTES];
    blocks.add(block);
  }

  /**
   * Serializes a value.
   *
   * @param mapper the mapper
   * @param value the value
   * @return the serialized value; close it
   * @throws IOException if serializing fails (a {@code JsonProcessingException} for a value Jackson
   *     cannot write)
   */
  public static SerializedJson serialize(ObjectMapper mapper, Object value) throws IOException {
    SerializedJson json = new SerializedJson();
    try {
      mapper.writeValue(json.new Sink(), value);
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
    return count;
  }

  /**
   * The serialized bytes, joined into a new array of exactly {@link #size()} bytes.
   *
   * @return the JSON
   * @throws OutOfMemoryError if the JSON is larger than a Java array holds
   */
  public byte[] bytes() {
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

  /** Keeps the first block for the thread's next call. Idempotent. */
  @Override
  public void close() {
    if (!released) {
      released = true;
      FIRST_BLOCK.set(new SoftReference<>(blocks.get(0)));
    }
  }

  /** The serializer's output. */
  private final class Sink extends OutputStream {
    @Override
    public void write(int b) {
      if (pos == block.length) {
        nextBlock();
      }
      block[pos++] = (byte) b;
      count++;
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
    }

    private void nextBlock() {
      block = new byte[BLOCK_BYTES];
      blocks.add(block);
      pos = 0;
    }

    @Override
    public void close() {
      // The mapper closes its target after writing; the bytes stay readable until the value is closed.
    }
  }
}

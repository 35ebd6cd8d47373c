package io.payloadoffload.s3.internal;

import io.payloadoffload.spi.PayloadRecord;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The record object of a payload whose stored bytes fit in one part: a header, then the stored bytes,
 * in one object written by one PutObject. The header is the four bytes {@code POS1}, the length
 * {@code n} of the record's JSON as a 4-byte big-endian integer, and those {@code n} bytes
 * ({@link RecordJson#encode(PayloadRecord)}). A record object of the multipart layout is the JSON
 * alone ({@link RecordJson#encode(RecordJson.Stored)}), which starts with <code>{</code>, so the first
 * byte tells the two apart.
 */
public final class SingleObject {
  /** The largest record JSON a header may announce: {@value} bytes. */
  public static final int MAX_RECORD_BYTES = 1 << 20;
  private static final byte[] MAGIC = {'P', 'O', 'S', '1'};
  private static final int FIXED_BYTES = MAGIC.length + Integer.BYTES;

  /** What the head of a record object holds. */
  public sealed interface Head permits Pointer, Inline {}

  /**
   * A record object of the multipart layout, read to its end.
   *
   * @param stored the record and the data object it names
   */
  public record Pointer(RecordJson.Stored stored) implements Head {}

  /**
   * A single object, read up to its stored bytes.
   *
   * @param record the record
   * @param headerBytes how many bytes precede the stored bytes
   */
  public record Inline(PayloadRecord record, int headerBytes) implements Head {}

  private SingleObject() {}

  /**
   * The header of a single object.
   *
   * @param record the payload's final record
   * @return the bytes that precede the stored bytes
   */
  public static byte[] header(PayloadRecord record) {
    byte[] json = RecordJson.encode(record);
    return ByteBuffer.allocate(FIXED_BYTES + json.length).put(MAGIC).putInt(json.length).put(json).array();
  }

  /**
   * Reads the head of a record object: all of a multipart layout's record object, and exactly the
   * header of a single object, whose stored bytes stay unread in {@code in}.
   *
   * @param id the payload the object was read for
   * @param in the object's bytes
   * @param contentLength the object's length as the server sent it, or -1
   * @return the head
   * @throws IOException if {@code in} failed
   * @throws IllegalArgumentException saying what is wrong when the object is neither layout, names
   *     another id, or its length disagrees with its record
   */
  public static Head read(String id, InputStream in, long contentLength) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    int first = data.read();
    if (first == '{') {
      byte[] rest = in.readNBytes(MAX_RECORD_BYTES);
      if (in.read() >= 0) {
        throw new IllegalArgumentException("the record object is larger than " + MAX_RECORD_BYTES + " bytes");
      }
      byte[] json = new byte[rest.length + 1];
      json[0] = '{';
      System.arraycopy(rest, 0, json, 1, rest.length);
      return new Pointer(RecordJson.decode(id, json));
    }
    if (first < 0) {
      throw new IllegalArgumentException("the record object is empty");
    }
    magic[0] = (byte) first;
    try {
      data.readFully(magic, 1, magic.length - 1);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("the record object starts with neither a JSON record nor a header");
      }
      int length = data.readInt();
      if (length < 2 || length > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException("the header announces a record of " + length + " bytes");
      }
      byte[] json = new byte[length];
      data.readFully(json);
      PayloadRecord record = RecordJson.decodeRecord(id, json);
      int headerBytes = FIXED_BYTES + length;
      if (contentLength >= 0 && contentLength != headerBytes + record.storedSizeBytes()) {
        throw new IllegalArgumentException("the object holds " + (contentLength - headerBytes)
            + " stored bytes, its record says " + record.storedSizeBytes());
      }
      return new Inline(record, headerBytes);
    } catch (EOFException e) {
      throw new IllegalArgumentException("the record object ends within its header");
    }
  }
}

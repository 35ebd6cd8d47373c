package io.payloadoffload.routing;

import java.util.Objects;

/**
 * The largest message a transport carries, and how a payload is framed in it, so that a policy can
 * tell whether a payload sent inline would fit. Jetty's WebSocket default is 64 KiB, Python
 * {@code websockets} allows 1 MiB, and many proxies allow less.
 *
 * <p>{@link #framedSizeBytes(byte[])} is an upper bound of the message's size in bytes: the wrapper
 * (for example a JSON-RPC response around the payload) plus the payload as the encoding carries it.
 * For {@link Encoding#JSON_TEXT} that is the payload as the value of a JSON string: every byte that
 * JSON escapes counts as its escape sequence, a character outside the Basic Multilingual Plane as the
 * two six-byte escapes of its surrogate pair (12 bytes, as Jackson writes it by default), and
 * every byte that is not part of valid UTF-8 as the three bytes of the replacement character it
 * decodes to. Immutable and thread-safe.
 *
 * @param maxMessageBytes the largest message the transport carries, in bytes
 * @param wrapperBytes the most bytes the message adds around the payload (envelope of the protocol,
 *     ids, field names)
 * @param encoding how the payload's bytes are carried
 */
public record TransportLimit(long maxMessageBytes, long wrapperBytes, Encoding encoding) {
  /** Room a message must leave for a reference envelope besides the wrapper: {@value} bytes. */
  public static final long MIN_ENVELOPE_ROOM_BYTES = 4096;
  /**
   * Wrapper bytes assumed by {@link #jsonRpc(long)}: {@value}, room for a JSON-RPC 2.0 response with
   * a tool result's content array and a {@code _meta} object around the text.
   */
  public static final long DEFAULT_JSON_RPC_WRAPPER_BYTES = 1024;

  /** How a payload's bytes are carried in a message. */
  public enum Encoding {
    /** As they are, in a binary frame. */
    BINARY,
    /** As UTF-8 text inside a JSON string, escaped as JSON requires. */
    JSON_TEXT
  }

  /**
   * Checks the values.
   *
   * @param maxMessageBytes as the record component {@code maxMessageBytes} above
   * @param wrapperBytes as the record component {@code wrapperBytes} above
   * @param encoding as the record component {@code encoding} above
   * @throws IllegalArgumentException if {@code wrapperBytes} is negative, or if the limit leaves less
   *     than {@value #MIN_ENVELOPE_ROOM_BYTES} bytes besides the wrapper (a reference would not fit)
   * @throws NullPointerException if {@code encoding} is null
   */
  public TransportLimit {
    Objects.requireNonNull(encoding, "encoding");
    if (wrapperBytes < 0) {
      throw new IllegalArgumentException("wrapperBytes must be >= 0: " + wrapperBytes);
    }
    if (maxMessageBytes - wrapperBytes < MIN_ENVELOPE_ROOM_BYTES) {
      throw new IllegalArgumentException("maxMessageBytes must leave at least " + MIN_ENVELOPE_ROOM_BYTES
          + " bytes besides the wrapper of " + wrapperBytes + " bytes, so that a reference fits: "
          + maxMessageBytes);
    }
  }

  /**
   * A JSON-RPC text transport (MCP over WebSocket or HTTP): the payload travels as JSON text inside a
   * response of {@value #DEFAULT_JSON_RPC_WRAPPER_BYTES} wrapper bytes.
   *
   * @param maxMessageBytes the transport's limit, for example 65,536 for Jetty's default
   * @return the limit
   * @throws IllegalArgumentException as {@link #TransportLimit(long, long, Encoding)}
   */
  public static TransportLimit jsonRpc(long maxMessageBytes) {
    return new TransportLimit(maxMessageBytes, DEFAULT_JSON_RPC_WRAPPER_BYTES, Encoding.JSON_TEXT);
  }

  /**
   * The size of the message that would carry these bytes inline, at most.
   *
   * @param payload the payload
   * @return wrapper bytes plus the encoded payload's bytes
   * @throws NullPointerException if {@code payload} is null
   */
  public long framedSizeBytes(byte[] payload) {
    return framedSizeBytes(payload, 0, payload.length);
  }

  /**
   * The size of the message that would carry part of an array inline, at most.
   *
   * @param payload the bytes
   * @param off where the payload starts
   * @param len its length
   * @return wrapper bytes plus the encoded payload's bytes
   * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code payload}
   */
  public long framedSizeBytes(byte[] payload, int off, int len) {
    Objects.checkFromIndexSize(off, len, payload.length);
    return wrapperBytes + (encoding == Encoding.BINARY ? len : JsonTextSize.of(payload, off, len));
  }

  /**
   * Whether a message of this size fits.
   *
   * @param framedSizeBytes a message's size
   * @return {@code framedSizeBytes <= maxMessageBytes}
   */
  public boolean fits(long framedSizeBytes) {
    return framedSizeBytes <= maxMessageBytes;
  }
}

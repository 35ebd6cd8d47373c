package io.payloadoffload.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The first {@code length} bytes of a buffer the store holds (a buffered part or small object), as
 * the body of a request. The synchronous client reads it as a stream; {@link AsyncClientBridge}
 * recognises it and hands the async client a view of the same array, so neither copies it.
 *
 * @param bytes the buffer; not modified while a request is using it
 * @param length how many of its bytes, from the start, are the body
 */
public record PartBytes(byte[] bytes, int length) implements ContentStreamProvider {
  private static final String OCTETS = "application/octet-stream";

  /**
   * The request body over the buffer, without copying it.
   *
   * @param bytes the buffer
   * @param length how many of its bytes, from the start, are the body
   * @return the body, of {@code length} bytes
   */
  public static RequestBody body(byte[] bytes, int length) {
    return RequestBody.fromContentProvider(new PartBytes(bytes, length), length, OCTETS);
  }

  @Override
  public InputStream newStream() {
    return new ByteArrayInputStream(bytes, 0, length);
  }

  /**
   * A view of the body over the same array.
   *
   * @return a buffer positioned at 0 with {@code length} bytes remaining
   */
  public ByteBuffer view() {
    return ByteBuffer.wrap(bytes, 0, length);
  }
}

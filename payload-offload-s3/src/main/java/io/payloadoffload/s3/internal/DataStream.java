package io.payloadoffload.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The stored bytes of one payload: the rest of the response that read the payload's single object,
 * when {@code held} hands one over, or else an object (or its end from {@code offset} on) fetched on
 * the first read, so that opening a payload reads none of them. A GET carries {@code If-Match} with
 * the ETag the payload was stored or opened with: an object replaced since fails as an integrity error
 * instead of returning other bytes. The stream counts what it returns and fails at the end unless it
 * is exactly the record's stored size. Every failure is an {@link IOException} without an SDK cause.
 * Closing it before its end aborts the response instead of downloading the rest. Not thread-safe.
 */
public final class DataStream extends InputStream {
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String eTag;
  private final long offset;
  private final long expectedBytes;
  private final boolean validateChecksum;
  private final String payloadId;
  private final Function<SdkException, String> describe;
  private final Supplier<ResponseInputStream<GetObjectResponse>> held;
  private ResponseInputStream<GetObjectResponse> in;
  private long count;
  private boolean ended;
  private boolean closed;

  /**
   * A stream over stored bytes, not yet fetched.
   *
   * @param s3 the client
   * @param bucket the bucket
   * @param key the key of the object that holds them
   * @param eTag the object's ETag
   * @param offset where the stored bytes start in the object (the header of a single object), or 0
   * @param expectedBytes the record's stored size
   * @param validateChecksum whether to ask for the object's S3 checksum and let the SDK verify it
   * @param payloadId the payload, for messages
   * @param describe turns an SDK failure into a message (no SDK type escapes)
   * @param held on the first read, an open response positioned at the stored bytes to read instead of
   *     fetching them, or {@code null}
   */
  public DataStream(S3Client s3, String bucket, String key, String eTag, long offset, long expectedBytes,
      boolean validateChecksum, String payloadId, Function<SdkException, String> describe,
      Supplier<ResponseInputStream<GetObjectResponse>> held) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.eTag = eTag;
    this.offset = offset;
    this.expectedBytes = expectedBytes;
    this.validateChecksum = validateChecksum;
    this.payloadId = payloadId;
    this.describe = describe;
    this.held = held;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the stream of payload " + payloadId + " is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (ended) {
      return -1;
    }
    int n;
    try {
      n = open().read(b, off, len);
    } catch (SdkException e) {
      throw new IOException("Could not read payload " + payloadId + ": " + describe.apply(e));
    }
    if (n < 0) {
      ended = true;
      if (count != expectedBytes) {
        throw new IOException("payload " + payloadId + " is corrupt: its object held " + count
            + " bytes, its record says " + expectedBytes);
      }
      return -1;
    }
    count += n;
    if (count > expectedBytes) {
      throw new IOException("payload " + payloadId + " is corrupt: its object holds more than the "
          + expectedBytes + " bytes its record says");
    }
    return n;
  }

  private InputStream open() throws IOException {
    if (in != null) {
      return in;
    }
    in = held.get();
    if (in != null) {
      return in;
    }
    // A ranged read gets no whole-object checksum; an empty payload has no range to ask for.
    boolean ranged = offset > 0 && expectedBytes > 0;
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key).ifMatch(eTag);
    if (ranged) {
      get.range("bytes=" + offset + "-");
    } else if (validateChecksum) {
      get.checksumMode(ChecksumMode.ENABLED);
    }
    try {
      in = s3.getObject(get.build());
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        throw new IOException("payload " + payloadId + " was deleted while it was being read");
      }
      if (S3Errors.isPreconditionFailed(e)) {
        throw new IOException("payload " + payloadId + " is corrupt: its object was replaced after it"
            + " was stored (its ETag is no longer " + eTag + ")");
      }
      throw new IOException("Could not read payload " + payloadId + ": " + describe.apply(e));
    }
    long length = in.response().contentLength() == null ? -1 : in.response().contentLength();
    long skip = ranged ? 0 : offset;
    if (length >= 0 && length != skip + expectedBytes) {
      in.abort();
      throw new IOException("payload " + payloadId + " is corrupt: its object holds " + (length - skip)
          + " stored bytes, its record says " + expectedBytes);
    }
    try {
      in.skipNBytes(skip);
    } catch (SdkException e) {
      throw new IOException("Could not read payload " + payloadId + ": " + describe.apply(e));
    }
    return in;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (in == null) {
      in = held.get();
    }
    if (in != null) {
      if (!ended) {
        // Unread bytes are dropped with the connection rather than downloaded to the end.
        in.abort();
      }
      in.close();
    }
  }
}

package io.payloadoffload.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads a stream with bounded memory. A stream that ends within the first part goes up in one
 * PutObject, after a header of the caller's; a longer one in a multipart upload whose parts are buffered and sent on a
 * shared pool, at most {@code concurrency} buffers of {@code partSize} bytes alive per upload (the one
 * being filled included). Any failure aborts the multipart upload. Thread-safe; one instance per store.
 */
public final class Uploader {
  private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
  private static final String OCTETS = "application/octet-stream";

  private final S3Client s3;
  private final String bucket;
  private final int partSize;
  private final int concurrency;
  private final boolean crc32c;
  private final ExecutorService parts;

  /** The uploaded object: its ETag and how many bytes the stream held. */
  public record Uploaded(String eTag, long bytes) {}

  /**
   * An uploader.
   *
   * @param s3 the client
   * @param bucket the bucket
   * @param partSize bytes per part, at least 5 MiB (the S3 minimum)
   * @param concurrency parts in flight per upload, at least 1
   * @param crc32c {@code true} to send CRC32C checksums (the SDK computes them), {@code false} to
   *     send Content-MD5 (computed here over the buffered part)
   * @param parts runs part uploads
   */
  public Uploader(S3Client s3, String bucket, int partSize, int concurrency, boolean crc32c,
      ExecutorService parts) {
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
    this.concurrency = concurrency;
    this.crc32c = crc32c;
    this.parts = parts;
  }

  /**
   * The start of a stream: its first part, or all of it when it ended within the first part.
   *
   * @param bytes the buffer
   * @param length how many bytes of it were read
   * @param ended whether the stream ended within them
   */
  public record First(byte[] bytes, int length, boolean ended) {}

  /**
   * Reads the first part of a stream: up to the part size, or up to its known size and one byte more
   * (to see its end).
   *
   * @param in the bytes; not closed
   * @param knownSize the stream's size when known in advance, or -1
   * @return what was read
   * @throws IOException if the stream's read failed
   */
  public First readFirst(InputStream in, long knownSize) throws IOException {
    int firstSize = knownSize >= 0 && knownSize < partSize ? (int) knownSize + 1 : partSize;
    byte[] first = new byte[firstSize];
    int n = in.readNBytes(first, 0, first.length);
    return new First(first, n, n < first.length);
  }

  /**
   * Uploads a stream that ended within its first part, after a header, as one object with one
   * PutObject; the upload checksum covers the header and the bytes.
   *
   * @param key the object's key
   * @param header the bytes that precede the stream's
   * @param first the whole stream, as {@link #readFirst} read it
   * @return the object's ETag
   * @throws SdkException if S3 failed
   */
  public String putObject(String key, byte[] header, First first) {
    long length = (long) header.length + first.length();
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key)
        .contentType(OCTETS).contentLength(length);
    if (crc32c) {
      put.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
    } else {
      MessageDigest md5 = md5();
      md5.update(header);
      md5.update(first.bytes(), 0, first.length());
      put.contentMD5(Base64.getEncoder().encodeToString(md5.digest()));
    }
    RequestBody body = RequestBody.fromContentProvider(() -> new SequenceInputStream(
        new ByteArrayInputStream(header), new ByteArrayInputStream(first.bytes(), 0, first.length())),
        length, OCTETS);
    return s3.putObject(put.build(), body).eTag();
  }

  /**
   * Uploads a stream that did not end within its first part to its end, in a multipart upload.
   *
   * @param in the rest of the stream; read to the end, not closed
   * @param key the object's key
   * @param first the first part, as {@link #readFirst} read it
   * @return the object's ETag and byte count
   * @throws IOException if the stream's read failed
   * @throws SdkException if S3 failed; the upload was aborted
   * @throws InterruptedException if the thread was interrupted waiting for a part
   */
  public Uploaded multipart(InputStream in, String key, First first) throws IOException, InterruptedException {
    CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket)
        .key(key).contentType(OCTETS);
    if (crc32c) {
      create.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
    }
    String uploadId = s3.createMultipartUpload(create.build()).uploadId();
    Semaphore buffers = new Semaphore(concurrency);
    List<Future<CompletedPart>> sent = new ArrayList<>();
    boolean completed = false;
    try {
      buffers.acquire();
      byte[] buffer = first.bytes();
      int length = first.length();
      long total = 0;
      int partNumber = 1;
      while (true) {
        total += length;
        sent.add(sendPart(key, uploadId, partNumber++, buffer, length, buffers));
        buffers.acquire();
        failFast(sent);
        buffer = new byte[partSize];
        length = in.readNBytes(buffer, 0, partSize);
        if (length < partSize) {
          break;
        }
      }
      if (length > 0) {
        total += length;
        sent.add(sendPart(key, uploadId, partNumber, buffer, length, buffers));
      } else {
        buffers.release();
      }
      List<CompletedPart> done = new ArrayList<>();
      for (Future<CompletedPart> part : sent) {
        done.add(await(part));
      }
      done.sort(Comparator.comparingInt(CompletedPart::partNumber));
      String eTag = s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket)
          .key(key).uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(done).build())
          .build()).eTag();
      completed = true;
      return new Uploaded(eTag, total);
    } finally {
      if (!completed) {
        sent.forEach(f -> f.cancel(true));
        abort(key, uploadId);
      }
    }
  }

  private Future<CompletedPart> sendPart(String key, String uploadId, int partNumber, byte[] buffer,
      int length, Semaphore buffers) {
    return parts.submit(() -> {
      try {
        UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(bucket).key(key)
            .uploadId(uploadId).partNumber(partNumber).contentLength((long) length);
        if (crc32c) {
          part.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        } else {
          part.contentMD5(md5(buffer, length));
        }
        UploadPartResponse response = s3.uploadPart(part.build(), PartBytes.body(buffer, length));
        return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
            .checksumCRC32C(response.checksumCRC32C()).build();
      } finally {
        buffers.release();
      }
    });
  }

  /** Stops reading the body as soon as a part has failed. */
  private static void failFast(List<Future<CompletedPart>> sent) throws InterruptedException {
    for (Future<CompletedPart> part : sent) {
      if (part.isDone()) {
        await(part);
      }
    }
  }

  private static CompletedPart await(Future<CompletedPart> part) throws InterruptedException {
    try {
      return part.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("a part upload failed", cause);
    } catch (CancellationException e) {
      throw new InterruptedException("a part upload was cancelled");
    }
  }

  private void abort(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key)
          .uploadId(uploadId).build());
    } catch (SdkException e) {
      LOG.warn("Could not abort multipart upload {} of {} in bucket {} ({}); the store's"
          + " abortStaleUploads or the bucket's lifecycle rule removes it later", uploadId, key, bucket,
          e.getClass().getSimpleName());
    }
  }

  private static String md5(byte[] bytes, int length) {
    MessageDigest md5 = md5();
    md5.update(bytes, 0, length);
    return Base64.getEncoder().encodeToString(md5.digest());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }
}

package io.payloadoffload.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The operations of {@link S3Client} the store calls, run on an {@link S3AsyncClient} of the caller's,
 * so the store has one code path for both. Each call joins its future on the calling thread and throws
 * what the synchronous client would: the {@link SdkException} inside a {@code CompletionException},
 * any other failure as an {@link SdkClientException} (retryable, like a connection error), and an
 * interrupt as an {@link AbortedException} after cancelling the request. Every other operation of
 * {@link S3Client} throws {@link UnsupportedOperationException} (the interface's default).
 *
 * <p>Bodies the store buffered ({@link PartBytes}) go to the async client as a view of the same
 * array; reads come back through {@link AsyncResponseTransformer#toBlockingInputStream()}, which
 * completes once the response's headers have arrived. {@link #close()} leaves the async client open:
 * it is the caller's. Thread-safe.
 */
public final class AsyncClientBridge implements S3Client {
  private final S3AsyncClient async;

  /**
   * A bridge to the caller's client.
   *
   * @param async the client; not closed by the bridge
   */
  public AsyncClientBridge(S3AsyncClient async) {
    this.async = async;
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    return join(async.putObject(request, asyncBody(body)));
  }

  @Override
  public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
    return join(async.uploadPart(request, asyncBody(body)));
  }

  @Override
  public ResponseBytes<GetObjectResponse> getObjectAsBytes(GetObjectRequest request) {
    return join(async.getObject(request, AsyncResponseTransformer.toBytes()));
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
    ResponseInputStream<GetObjectResponse> in = join(async.getObject(request,
        AsyncResponseTransformer.<GetObjectResponse>toBlockingInputStream()));
    return new ResponseInputStream<>(in.response(), AbortableInputStream.create(new SdkFailures(in), in::abort));
  }

  @Override
  public HeadObjectResponse headObject(HeadObjectRequest request) {
    return join(async.headObject(request));
  }

  @Override
  public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
    return join(async.deleteObject(request));
  }

  @Override
  public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
    return join(async.listObjectsV2(request));
  }

  @Override
  public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
    return join(async.createMultipartUpload(request));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
    return join(async.completeMultipartUpload(request));
  }

  @Override
  public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
    return join(async.abortMultipartUpload(request));
  }

  @Override
  public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest request) {
    return join(async.listMultipartUploads(request));
  }

  @Override
  public S3ServiceClientConfiguration serviceClientConfiguration() {
    return async.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return async.serviceName();
  }

  /** Leaves the async client open: the caller built it and closes it. */
  @Override
  public void close() {
    // Nothing of the bridge's own to release.
  }

  private static AsyncRequestBody asyncBody(RequestBody body) {
    if (body.contentStreamProvider() instanceof PartBytes part) {
      return AsyncRequestBody.fromRemainingByteBufferUnsafe(part.view());
    }
    // Small bodies the store does not buffer itself (an empty marker, a record's JSON).
    try (InputStream in = body.contentStreamProvider().newStream()) {
      return AsyncRequestBody.fromBytesUnsafe(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The future's value, or what the synchronous client would have thrown. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw AbortedException.create("Thread was interrupted waiting for an S3 request", e);
    } catch (ExecutionException | CancellationException e) {
      throw asSdkException(e);
    }
  }

  /** The SDK failure inside the wrappers of a future, or an {@link SdkClientException} for any other. */
  static SdkException asSdkException(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof SdkException sdk) {
      return sdk;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return SdkClientException.create(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
  }

  /** A response body whose failures, other than I/O errors, reach the reader as SDK errors. */
  private static final class SdkFailures extends FilterInputStream {
    SdkFailures(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (RuntimeException e) {
        throw asSdkException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (RuntimeException e) {
        throw asSdkException(e);
      }
    }
  }
}

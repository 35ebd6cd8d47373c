package io.payloadoffload.s3.internal;

import io.payloadoffload.exception.PayloadStoreException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates SDK errors into {@link PayloadStoreException}s. The SDK exception is never the cause:
 * its status code, error code and request id go into the message instead, so no SDK type reaches a
 * caller. Messages never hold payload bytes or credentials (the SDK's own messages hold neither).
 */
public final class S3Errors {
  private static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);
  private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "RequestTimeout",
      "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeTooSkewed");

  private S3Errors() {}

  /**
   * The store error for an SDK failure.
   *
   * @param what what the store was doing, e.g. "upload payload txn_… to bucket b"
   * @param bucket the bucket, named in advice
   * @param payloadId the payload, or {@code null}
   * @param e the SDK's error
   * @return the store error, retryable for throttling, 5xx, timeouts and connection errors
   */
  public static PayloadStoreException translate(String what, String bucket, String payloadId, SdkException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException s = (AwsServiceException) e;
      int status = s.statusCode();
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String detail = " (HTTP " + status + (code == null ? "" : ", " + code) + ", request id "
          + s.requestId() + ")";
      boolean retryable = RETRYABLE_STATUS.contains(status) || (code != null && RETRYABLE_CODES.contains(code));
      String advice;
      if ("NoSuchBucket".equals(code)) {
        advice = ": bucket " + bucket + " does not exist; create it or fix the bucket name";
      } else if (status == 403) {
        advice = ": access denied; check the credentials and that their policy allows s3:GetObject,"
            + " s3:PutObject, s3:DeleteObject, s3:ListBucket and s3:AbortMultipartUpload on bucket " + bucket;
      } else if (retryable) {
        advice = ": the server is throttling or failing; try again";
      } else {
        advice = "";
      }
      return new PayloadStoreException("Could not " + what + advice + detail, payloadId, retryable, null);
    }
    boolean retryable = e instanceof SdkClientException || e.retryable();
    return new PayloadStoreException("Could not " + what + ": " + e.getClass().getSimpleName() + ": "
        + e.getMessage(), payloadId, retryable, null);
  }

  /**
   * Whether the SDK error is a 404 (no such key).
   *
   * @param e the error
   * @return {@code true} for a 404 from the server that is not NoSuchBucket
   */
  public static boolean isNotFound(SdkException e) {
    if (!(e instanceof AwsServiceException) || ((AwsServiceException) e).statusCode() != 404) {
      return false;
    }
    AwsServiceException s = (AwsServiceException) e;
    return s.awsErrorDetails() == null || !"NoSuchBucket".equals(s.awsErrorDetails().errorCode());
  }

  /**
   * Whether the SDK error is a 412 (a precondition such as If-Match failed).
   *
   * @param e the error
   * @return {@code true} for a 412 from the server
   */
  public static boolean isPreconditionFailed(SdkException e) {
    return e instanceof AwsServiceException && ((AwsServiceException) e).statusCode() == 412;
  }
}

package io.payloadoffload.s3;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a server that honours {@code If-None-Match: *} on PutObject decides, in front of one that does
 * not (s3proxy 2.6.0), for the clients that share an instance: of the writes of a key with the header
 * while it exists, all but the first fail with 412 before they are sent; the key exists until a
 * DeleteObject of it has completed. Only keys written with the header are tracked.
 */
final class IfNoneMatchServer implements ExecutionInterceptor {
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutObjectRequest put && "*".equals(put.ifNoneMatch())
        && !existing.add(put.key())) {
      refused.incrementAndGet();
      throw S3Exception.builder().statusCode(412).requestId("emulated")
          .message("At least one of the pre-conditions you specified did not hold")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("PreconditionFailed").build()).build();
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof DeleteObjectRequest delete) {
      existing.remove(delete.key());
    }
  }

  /** How many writes were refused. */
  int refused() {
    return refused.get();
  }
}

package io.payloadoffload.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Notes the requests of a client it is registered on: the key of every GetObject and PutObject, and
 * how many bytes of GetObject responses the client's caller has read.
 */
final class RequestLog implements ExecutionInterceptor {
  final List<String> gets = new CopyOnWriteArrayList<>();
  final List<String> puts = new CopyOnWriteArrayList<>();
  final AtomicLong bytesRead = new AtomicLong();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (request instanceof GetObjectRequest get) {
      gets.add(get.key());
    } else if (request instanceof PutObjectRequest put) {
      puts.add(put.key());
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    if (!(context.request() instanceof GetObjectRequest) || context.responseBody().isEmpty()) {
      return context.responseBody();
    }
    return Optional.of(new FilterInputStream(context.responseBody().get()) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesRead.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          bytesRead.addAndGet(n);
        }
        return n;
      }
    });
  }
}

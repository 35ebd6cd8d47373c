package io.payloadoffload.s3.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The open response of the GET that read a single object's header, kept by
 * {@code openForReading} for the first stream of a payload the reader may read, so that a resolve
 * costs one request. It is handed over once; after that {@link #get()} returns {@code null} and a
 * stream fetches the bytes itself. A response nobody takes (a resolver that turned the reader away
 * for a reason the store cannot see, such as a size limit) is aborted once this holder becomes
 * unreachable. Thread-safe.
 */
public final class HeldResponse implements Supplier<ResponseInputStream<GetObjectResponse>> {
  private static final Cleaner CLEANER = Cleaner.create();
  private final AtomicReference<ResponseInputStream<GetObjectResponse>> response;

  /**
   * Holds a response.
   *
   * @param response the response, positioned at the stored bytes, or {@code null} for none
   */
  public HeldResponse(ResponseInputStream<GetObjectResponse> response) {
    this.response = new AtomicReference<>(response);
    AtomicReference<ResponseInputStream<GetObjectResponse>> untaken = this.response;
    CLEANER.register(this, () -> abort(untaken.getAndSet(null)));
  }

  /**
   * Takes the response, once.
   *
   * @return the response, or {@code null} if there was none or it was taken
   */
  @Override
  public ResponseInputStream<GetObjectResponse> get() {
    return response.getAndSet(null);
  }

  private static void abort(ResponseInputStream<GetObjectResponse> r) {
    if (r != null) {
      r.abort();
    }
  }
}

package io.payloadoffload.s3.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The open response of the GET that read a single object's header, kept for the first stream of the
 * payload so that a resolve costs one request. It is handed over once; after that, or once this
 * store may have deleted the payload since the open (the object may be gone, and a read must then
 * fail rather than return the bytes of a response begun before), {@link #get()} returns {@code null}
 * and the stream fetches the bytes itself. A response nobody takes is aborted once this holder becomes
 * unreachable, so a payload opened only for its record (a session check) does not keep a connection.
 * Thread-safe.
 */
public final class HeldResponse implements Supplier<ResponseInputStream<GetObjectResponse>> {
  private static final Cleaner CLEANER = Cleaner.create();
  private final AtomicReference<ResponseInputStream<GetObjectResponse>> response;
  private final LongSupplier deletions;
  private final long deletionsAtOpen;

  /**
   * Holds a response.
   *
   * @param response the response, positioned at the stored bytes
   * @param deletions counts this store's deletes of the payload (and of others that share its count)
   */
  public HeldResponse(ResponseInputStream<GetObjectResponse> response, LongSupplier deletions) {
    this.response = new AtomicReference<>(response);
    this.deletions = deletions;
    this.deletionsAtOpen = deletions.getAsLong();
    AtomicReference<ResponseInputStream<GetObjectResponse>> untaken = this.response;
    CLEANER.register(this, () -> abort(untaken.getAndSet(null)));
  }

  /**
   * Takes the response, once.
   *
   * @return the response, or {@code null} if it was taken or a delete happened since the open
   */
  @Override
  public ResponseInputStream<GetObjectResponse> get() {
    ResponseInputStream<GetObjectResponse> r = response.getAndSet(null);
    if (r != null && deletions.getAsLong() != deletionsAtOpen) {
      abort(r);
      return null;
    }
    return r;
  }

  private static void abort(ResponseInputStream<GetObjectResponse> r) {
    if (r != null) {
      r.abort();
    }
  }
}

package io.payloadoffload.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads wait at most a timeout for the next bytes.
 * The JDK's own {@code BodyHandlers.ofInputStream()} blocks a read for as long as the server sends
 * nothing, and closing it from another thread does not unblock it. One list of buffers is requested
 * at a time, so at most one is held. Not thread-safe; package-private.
 */
final class TimedBodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
  /** Marks the end of the body in the queue. */
  private static final Object END = new Object();

  private final long timeoutNanos;
  private final Duration timeout;
  private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
  private ByteBuffer current;
  private boolean ended;
  private boolean closed;

  TimedBodyStream(Duration timeout) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription.complete(s);
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    arrived.add(item);
  }

  @Override
  public void onError(Throwable throwable) {
    arrived.add(throwable);
  }

  @Override
  public void onComplete() {
    arrived.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("the response body is closed");
    }
    if (len == 0) {
      return 0;
    }
    ByteBuffer buffer = nextBuffer();
    if (buffer == null) {
      return -1;
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.remaining();
  }

  /** The buffer to read from, waiting at most the timeout for the server; null at the end. */
  private ByteBuffer nextBuffer() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (buffers.hasNext()) {
        current = buffers.next();
        continue;
      }
      if (ended) {
        return null;
      }
      Object next;
      try {
        next = arrived.poll(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IOException("interrupted while reading the response body", e);
      }
      if (next == null) {
        close();
        throw new HttpTimeoutException("the server sent nothing for " + timeout);
      }
      if (next == END) {
        ended = true;
        return null;
      }
      if (next instanceof Throwable) {
        ended = true;
        Throwable t = (Throwable) next;
        throw t instanceof IOException ? (IOException) t : new IOException(t);
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) next;
      buffers = list.iterator();
      subscription.join().request(1);
    }
    return current;
  }

  /** Ends the transfer: the rest of the body is not read. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      subscription.thenAccept(Flow.Subscription::cancel);
    }
  }
}

package io.payloadoffload.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the example: {@code GET /} serves the browser page and
 * {@code GET /payloads/{txn_id}} streams a stored payload to the session that owns it. {@code HEAD}
 * answers both with the same status and headers and no body; any other method gets 405 with an
 * {@code Allow} header.
 *
 * <p>Payloads are streamed on the worker executor, not on Jetty's threads. The last buffer of a
 * payload is held back until the resolver's stream has verified the checksum at its end, so a
 * damaged payload never reaches {@code Content-Length}: the response is aborted instead, and the
 * client sees a truncated body rather than wrong bytes.
 *
 * <p>Every request is answered, whatever fails. A failure before the response is committed becomes
 * 404, 410, 503 (the store reported a failure) or 500 (anything else, including a store that threw
 * an unexpected exception); the 503 and 500 bodies are generic, and the
 * details go to the log once, with the store's text filtered by {@link LogSafe}. A failure after the
 * headers went out aborts the response.
 */
final class PayloadHttpHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(PayloadHttpHandler.class);
  static final String PAYLOADS_PATH = "/payloads/";
  static final String CHECKSUM_HEADER = "X-Payload-Checksum";
  static final String ALLOWED_METHODS = "GET, HEAD";
  static final String RETRY_AFTER_SECONDS = "5";
  private static final int BUFFER_BYTES = 64 * 1024;

  private final PayloadResolver resolver;
  private final Executor workers;
  private final byte[] page;

  PayloadHttpHandler(PayloadResolver resolver, Executor workers) {
    this.resolver = resolver;
    this.workers = workers;
    this.page = readPage();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean pageRequest = path.equals("/") || path.equals("/index.html");
    if (!pageRequest && !path.startsWith(PAYLOADS_PATH)) {
      return sendError(response, callback, HttpStatus.NOT_FOUND_404, "not_found", "No such resource: " + path);
    }
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    if (!head && !HttpMethod.GET.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, ALLOWED_METHODS);
      return sendError(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method_not_allowed",
          "Use GET or HEAD.");
    }
    if (pageRequest) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, page.length);
      response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(page), callback);
      return true;
    }
    String id = path.substring(PAYLOADS_PATH.length());
    if (!PayloadHeader.isValidId(id)) {
      return sendError(response, callback, HttpStatus.BAD_REQUEST_400, "bad_request",
          "Malformed transaction id: expected txn_ followed by 32 lowercase hex digits.");
    }
    String session = bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (session == null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      return sendError(response, callback, HttpStatus.UNAUTHORIZED_401, "unauthorized",
          "Send Authorization: Bearer <session id>, the id from the WebSocket's first notification.");
    }
    try {
      workers.execute(() -> serve(id, session, head, response, callback));
    } catch (RejectedExecutionException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
      return sendError(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "unavailable",
          "The server is shutting down. Try again shortly.");
    }
    return true;
  }

  /** Answers one payload request on a worker; never throws, and completes the callback once. */
  private void serve(String id, String session, boolean head, Response response, Callback callback) {
    try (PayloadStream in = resolver.openStreamById(id, session)) {
      PayloadEnvelope envelope = in.envelope();
      response.setStatus(HttpStatus.OK_200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, envelope.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, envelope.payloadSizeBytes());
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      envelope.checksum().ifPresent(c -> response.getHeaders().put(CHECKSUM_HEADER, c));
      if (head) {
        write(response, true, new byte[0], 0);
      } else {
        writeHoldingBackLast(in, response);
      }
    } catch (Throwable e) {
      fail(id, session, e, response, callback);
      return;
    }
    callback.succeeded();
  }

  private static void fail(String id, String session, Throwable e, Response response, Callback callback) {
    String fingerprint = SessionTokens.fingerprint(session);
    if (response.isCommitted()) {
      // Failing the callback after the response is committed makes Jetty abort the connection, so
      // the client sees fewer bytes than Content-Length instead of a complete, wrong body. Jetty gets
      // the redacted copy because it may log what it is given.
      LOG.warn("Payload {} for session {}: response aborted after its headers were sent: {}", id, fingerprint,
          LogSafe.describe(e));
      callback.failed(LogSafe.redacted(e));
      return;
    }
    response.reset();
    if (e instanceof PayloadNotFoundException) {
      sendError(response, callback, HttpStatus.NOT_FOUND_404, "not_found", e.getMessage());
    } else if (e instanceof PayloadExpiredException) {
      sendError(response, callback, HttpStatus.GONE_410, "expired", e.getMessage());
    } else if (e instanceof StoreUnavailableException || e instanceof IOException
        || (e instanceof PayloadStoreException && !isStoreDefect(e))) {
      LOG.warn("Payload {} for session {}: the store is unavailable: {}", id, fingerprint, LogSafe.describe(e));
      response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
      sendError(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "store_unavailable",
          "The payload store is unavailable. Try again shortly.");
    } else {
      LOG.error("Payload {} for session {} could not be served", id, fingerprint, LogSafe.redacted(e));
      sendError(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal_error",
          "Payload " + id + " could not be served because of an error on the server. Its log has the details.");
    }
  }

  /**
   * Whether a store error stands for a bug in the store (it threw an unchecked exception that is not
   * a store error) rather than a store that reported a failure: the first is a 500, the second a 503.
   */
  private static boolean isStoreDefect(Throwable e) {
    Throwable cause = e.getCause();
    return cause instanceof RuntimeException && !(cause instanceof PayloadOffloadException);
  }

  private static void writeHoldingBackLast(InputStream in, Response response) throws IOException {
    byte[] current = new byte[BUFFER_BYTES];
    byte[] held = new byte[BUFFER_BYTES];
    int heldLength = -1;
    int n;
    while ((n = fill(in, current)) >= 0) {
      if (heldLength >= 0) {
        write(response, false, held, heldLength);
      }
      byte[] swap = held;
      held = current;
      current = swap;
      heldLength = n;
    }
    write(response, true, held, Math.max(heldLength, 0));
  }

  /** Reads until the buffer is full or the stream ends; -1 only when nothing was read. */
  private static int fill(InputStream in, byte[] buffer) throws IOException {
    int n = 0;
    while (n < buffer.length) {
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        return n == 0 ? -1 : n;
      }
      n += r;
    }
    return n;
  }

  private static void write(Response response, boolean last, byte[] bytes, int length) throws IOException {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(bytes, 0, length), written);
      written.block();
    }
  }

  private static boolean sendError(Response response, Callback callback, int status, String error, String message) {
    ObjectNode body = JsonRpc.MAPPER.createObjectNode().put("error", error).put("message", message);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, body.toString(), callback);
    return true;
  }

  private static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static byte[] readPage() {
    try (InputStream in = PayloadHttpHandler.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html is missing from the classpath next to "
            + PayloadHttpHandler.class.getName() + "; rebuild the module");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("index.html could not be read", e);
    }
  }
}

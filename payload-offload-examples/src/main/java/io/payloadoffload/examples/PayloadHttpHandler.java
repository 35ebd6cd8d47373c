package io.payloadoffload.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.PayloadExpiredException;
import io.payloadoffload.PayloadNotFoundException;
import io.payloadoffload.PayloadOffloadException;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadStoreException;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.StoreUnavailableException;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the example: {@code GET /} serves the browser page and
 * {@code GET /payloads/{txn_id}} streams a stored payload to the session that owns it.
 *
 * <p>Payloads are streamed on the worker executor, not on Jetty's threads. The last buffer of a
 * payload is held back until the resolver's stream has verified the checksum at its end, so a
 * damaged payload never reaches {@code Content-Length}: the response is aborted instead, and the
 * client sees a truncated body rather than wrong bytes.
 */
final class PayloadHttpHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(PayloadHttpHandler.class);
  static final String PAYLOADS_PATH = "/payloads/";
  static final String CHECKSUM_HEADER = "X-Payload-Checksum";
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
    boolean get = "GET".equals(request.getMethod());
    if (path.equals("/") || path.equals("/index.html")) {
      if (!get) {
        return sendError(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method_not_allowed", "Use GET.");
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(page), callback);
      return true;
    }
    if (!path.startsWith(PAYLOADS_PATH)) {
      return sendError(response, callback, HttpStatus.NOT_FOUND_404, "not_found", "No such resource: " + path);
    }
    if (!get) {
      return sendError(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method_not_allowed", "Use GET.");
    }
    String id = path.substring(PAYLOADS_PATH.length());
    if (!PayloadEnvelope.isValidId(id)) {
      return sendError(response, callback, HttpStatus.BAD_REQUEST_400, "bad_request",
          "Malformed transaction id: expected txn_ followed by 32 lowercase hex digits.");
    }
    String session = bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (session == null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      return sendError(response, callback, HttpStatus.UNAUTHORIZED_401, "unauthorized",
          "Send Authorization: Bearer <session id>, the id from the WebSocket's first notification.");
    }
    workers.execute(() -> stream(id, session, response, callback));
    return true;
  }

  private void stream(String id, String session, Response response, Callback callback) {
    PayloadStream in;
    try {
      in = resolver.openStreamById(id, session);
    } catch (PayloadNotFoundException e) {
      sendError(response, callback, HttpStatus.NOT_FOUND_404, "not_found", e.getMessage());
      return;
    } catch (PayloadExpiredException e) {
      sendError(response, callback, HttpStatus.GONE_410, "expired", e.getMessage());
      return;
    } catch (StoreUnavailableException | PayloadStoreException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
      sendError(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "store_unavailable", e.getMessage());
      return;
    } catch (PayloadOffloadException e) {
      LOG.warn("Payload {} could not be opened", id, e);
      sendError(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal_error", e.getMessage());
      return;
    }
    try (in) {
      PayloadEnvelope envelope = in.envelope();
      response.setStatus(HttpStatus.OK_200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, envelope.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, envelope.payloadSizeBytes());
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      envelope.checksum().ifPresent(c -> response.getHeaders().put(CHECKSUM_HEADER, c));
      writeHoldingBackLast(in, response);
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      // Failing the callback after the response is committed makes Jetty abort the connection, so
      // the client sees fewer bytes than Content-Length instead of a complete, wrong body.
      LOG.warn("Payload {}: response aborted: {}", id, e.toString());
      callback.failed(e);
    }
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

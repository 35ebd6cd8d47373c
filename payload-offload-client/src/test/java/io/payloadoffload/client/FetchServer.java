package io.payloadoffload.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.spi.PayloadStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real fetch endpoint on the JDK's HTTP server, answering as {@code docs/websocket.md} specifies:
 * {@code GET /payloads/{id}} with {@code Authorization: Bearer <session>} resolves through a
 * {@link PayloadResolver}; 400 for a malformed id, 401 for a missing or unknown token, 404, 410, 503
 * for a store that is down, 500 for anything else. Three more paths serve the same payloads the way
 * a broken proxy would: {@code /tampered/} with one byte changed, {@code /truncated/} with only the
 * first half (and a matching Content-Length), and {@code /stalled/} with the first half and then
 * nothing until the server closes.
 */
final class FetchServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final PayloadResolver resolver;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closing = new CountDownLatch(1);
  final AtomicInteger requests = new AtomicInteger();

  FetchServer(PayloadStore store) throws IOException {
    this.resolver = PayloadResolver.builder().store(store).build();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(workers);
    server.createContext("/payloads/", ex -> serve(ex, "/payloads/", Damage.NONE));
    server.createContext("/tampered/", ex -> serve(ex, "/tampered/", Damage.TAMPERED));
    server.createContext("/truncated/", ex -> serve(ex, "/truncated/", Damage.TRUNCATED));
    server.createContext("/stalled/", ex -> serve(ex, "/stalled/", Damage.STALLED));
    server.start();
  }

  private enum Damage { NONE, TAMPERED, TRUNCATED, STALLED }

  /** Lets a token in; any other gets 401. */
  void admit(String session) {
    sessions.add(session);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void serve(HttpExchange ex, String prefix, Damage damage) throws IOException {
    requests.incrementAndGet();
    try {
      String id = ex.getRequestURI().getRawPath().substring(prefix.length());
      if (!PayloadHeader.isValidId(id)) {
        send(ex, 400, "{\"error\":\"bad_request\",\"message\":\"Malformed transaction id\"}");
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String session = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
      if (session == null || !sessions.contains(session)) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        send(ex, 401, "{\"error\":\"unauthorized\",\"message\":\"Send Authorization: Bearer <session id>\"}");
        return;
      }
      byte[] bytes;
      try (PayloadStream in = resolver.openStreamById(id, session)) {
        bytes = in.readAllBytes();
      } catch (PayloadNotFoundException e) {
        send(ex, 404, "{\"error\":\"not_found\"}");
        return;
      } catch (PayloadExpiredException e) {
        send(ex, 410, "{\"error\":\"expired\"}");
        return;
      } catch (StoreUnavailableException e) {
        ex.getResponseHeaders().add("Retry-After", "5");
        send(ex, 503, "{\"error\":\"store_unavailable\",\"message\":\"Try again shortly.\"}");
        return;
      } catch (RuntimeException e) {
        send(ex, 500, "{\"error\":\"internal_error\"}");
        return;
      }
      respond(ex, bytes, damage);
    } finally {
      ex.close();
    }
  }

  private void respond(HttpExchange ex, byte[] bytes, Damage damage) throws IOException {
    switch (damage) {
      case TAMPERED:
        bytes[bytes.length / 2] ^= 0x01;
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        break;
      case TRUNCATED:
        ex.sendResponseHeaders(200, bytes.length / 2);
        ex.getResponseBody().write(bytes, 0, bytes.length / 2);
        break;
      case STALLED:
        ex.sendResponseHeaders(200, bytes.length);
        OutputStream out = ex.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        awaitClose();
        break;
      default:
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }
  }

  private void awaitClose() {
    try {
      closing.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    workers.shutdownNow();
    resolver.close();
  }
}

package io.payloadoffload.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: a JSON-RPC 2.0 peer shaped like an MCP server with two tools. Every
 * request is handled on the worker executor, never on Jetty's I/O threads, and every tool result is
 * routed through {@link PayloadOffloader#offloadAsync}. Replies go out one at a time, in the order
 * they are ready. Store failures and internal errors reach the client as generic JSON-RPC errors;
 * their details go to the log without payload bytes or tokens. Logs name the session by a
 * fingerprint (the first 8 hex digits of the SHA-256 of its id), never by its id, which is the
 * bearer token for its payloads.
 *
 * <p>Public only because Jetty binds to listener methods with method handles; {@link ExampleServer}
 * creates one per connection. Thread-safe.
 */
public final class ToolEndpoint implements Session.Listener.AutoDemanding {
  private static final Logger LOG = LoggerFactory.getLogger(ToolEndpoint.class);
  private static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

  private final PayloadOffloader offloader;
  private final Executor workers;
  private final long maxPayloadBytes;
  private final long messageLimitBytes;
  private final String sessionId = SessionTokens.newToken();
  private final String sessionFingerprint = SessionTokens.fingerprint(sessionId);
  private final Object sendLock = new Object();
  private CompletableFuture<Void> sendTail = CompletableFuture.completedFuture(null);
  private volatile Session session;

  ToolEndpoint(PayloadOffloader offloader, Executor workers, long maxPayloadBytes, long messageLimitBytes) {
    this.offloader = offloader;
    this.workers = workers;
    this.maxPayloadBytes = maxPayloadBytes;
    this.messageLimitBytes = messageLimitBytes;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("session_id", sessionId);
    send(JsonRpc.notification(JsonRpc.SESSION_NOTIFICATION, params).toString());
    LOG.debug("WebSocket session {} opened from {}", sessionFingerprint, session.getRemoteSocketAddress());
  }

  @Override
  public void onWebSocketText(String message) {
    workers.execute(() -> handle(message));
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("WebSocket session {} failed: {}", sessionFingerprint, LogSafe.describe(cause));
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    LOG.debug("WebSocket session {} closed: {} {}", sessionFingerprint, statusCode, reason);
    callback.succeed();
  }

  /** Answers one request; notifications (no {@code id}) get no reply, as JSON-RPC 2.0 requires. */
  private void handle(String message) {
    JsonNode request;
    try {
      request = JsonRpc.MAPPER.readTree(message);
    } catch (JsonProcessingException e) {
      reply(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the message is not valid JSON", null));
      return;
    }
    if (request == null || !request.isObject() || !"2.0".equals(request.path("jsonrpc").asText(null))
        || !request.path("method").isTextual()) {
      JsonNode id = request != null && request.isObject() ? request.get("id") : null;
      reply(JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
          "Invalid request: expected a JSON-RPC 2.0 object with \"jsonrpc\":\"2.0\" and a \"method\"", null));
      return;
    }
    if (!request.has("id")) {
      return;
    }
    JsonNode id = request.get("id");
    String method = request.get("method").asText();
    JsonNode params = request.path("params");
    switch (method) {
      case "initialize":
        reply(JsonRpc.result(id, initializeResult()));
        break;
      case "tools/list":
        reply(JsonRpc.result(id, toolsList()));
        break;
      case "tools/call":
        callTool(id, params);
        break;
      default:
        reply(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method, null));
    }
  }

  private void callTool(JsonNode id, JsonNode params) {
    String name = params.path("name").asText("");
    JsonNode arguments = params.path("arguments");
    byte[] output;
    try {
      output = runTool(name, arguments);
    } catch (IllegalArgumentException e) {
      reply(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, e.getMessage(), null));
      return;
    } catch (PayloadTooLargeException e) {
      reply(tooLarge(id, e.getMessage(), e.sizeBytes(), e.limitBytes()));
      return;
    }
    OffloadContext context = OffloadContext.of(sessionId, name).withContentType(TEXT_CONTENT_TYPE);
    offloader.offloadAsync(output, context).whenComplete((delivery, error) -> {
      if (error != null) {
        reply(offloadError(id, error instanceof CompletionException ? error.getCause() : error));
      } else {
        replyWithResult(id, delivery);
      }
    });
  }

  private byte[] runTool(String name, JsonNode arguments) {
    switch (name) {
      case "generate_text": {
        JsonNode size = arguments.path("size_bytes");
        if (!size.isIntegralNumber() || size.asLong() < 0) {
          throw new IllegalArgumentException(
              "Invalid params: generate_text needs \"size_bytes\", a whole number >= 0");
        }
        long sizeBytes = size.asLong();
        long limit = Math.min(maxPayloadBytes, Integer.MAX_VALUE - 8L);
        if (sizeBytes > limit) {
          throw new PayloadTooLargeException(sizeBytes, limit);
        }
        return TextGenerator.generate((int) sizeBytes);
      }
      case "echo": {
        JsonNode text = arguments.path("text");
        if (!text.isTextual()) {
          throw new IllegalArgumentException("Invalid params: echo needs \"text\", a string");
        }
        return text.asText().getBytes(StandardCharsets.UTF_8);
      }
      default:
        throw new IllegalArgumentException("Invalid params: unknown tool '" + name
            + "'; tools/list names generate_text and echo");
    }
  }

  private void replyWithResult(JsonNode id, Delivery delivery) {
    ObjectNode result = JsonRpc.MAPPER.createObjectNode();
    result.putArray("content").addObject().put("type", "text").put("text", delivery.transportText());
    result.putObject("_meta").put(JsonRpc.DELIVERY_META, delivery.mode().name().toLowerCase(Locale.ROOT));
    String message = JsonRpc.result(id, result).toString();
    long size = JsonRpc.utf8Length(message);
    if (size > messageLimitBytes) {
      reply(tooLarge(id, "Result too large: the reply of " + size + " bytes (a "
          + delivery.payloadSizeBytes() + "-byte " + delivery.mode() + " result) does not fit the"
          + " WebSocket message limit of " + messageLimitBytes + " bytes. Turn offloading on"
          + " (MESSAGE_BUS_ENABLED) or raise MESSAGE_BUS_MAX_INLINE_MB.", size, messageLimitBytes));
      return;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("Session {} call {}: {} result of {} bytes{}", sessionFingerprint, id, delivery.mode(),
          delivery.payloadSizeBytes(), delivery.isInline() ? "" : " as " + delivery.envelope().transactionId());
    }
    send(message);
  }

  /** The JSON-RPC error for a failed offload; a policy's rejection at the socket's limit says so. */
  private ObjectNode offloadError(JsonNode id, Throwable error) {
    if (error instanceof PayloadTooLargeException) {
      PayloadTooLargeException e = (PayloadTooLargeException) error;
      String message = e.limitBytes() == messageLimitBytes
          ? "Result too large: a " + e.sizeBytes() + "-byte result does not fit the WebSocket message"
              + " limit of " + messageLimitBytes + " bytes, and offloading is off. Turn offloading on"
              + " (MESSAGE_BUS_ENABLED) or raise MESSAGE_BUS_TRANSPORT_LIMIT_BYTES."
          : e.getMessage();
      return tooLarge(id, message, e.sizeBytes(), e.limitBytes());
    }
    if (error instanceof StoreUnavailableException) {
      LOG.warn("Session {} call {}: the store is unavailable: {}", sessionFingerprint, id, LogSafe.describe(error));
      return JsonRpc.error(id, JsonRpc.STORE_UNAVAILABLE, "Store unavailable: the result could not be stored"
          + " and cannot be sent inline. Try again shortly.", null);
    }
    LOG.error("Session {} call {} failed", sessionFingerprint, id, LogSafe.redacted(error));
    return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error: the call failed on the server. Its log"
        + " has the details.", null);
  }

  private static ObjectNode tooLarge(JsonNode id, String message, long sizeBytes, long limitBytes) {
    ObjectNode data = JsonRpc.MAPPER.createObjectNode().put("size_bytes", sizeBytes).put("limit_bytes", limitBytes);
    return JsonRpc.error(id, JsonRpc.RESULT_TOO_LARGE, message, data);
  }

  private static ObjectNode initializeResult() {
    ObjectNode result = JsonRpc.MAPPER.createObjectNode();
    result.put("protocolVersion", "2025-06-18");
    result.putObject("capabilities").putObject("tools");
    result.putObject("serverInfo").put("name", "payload-offload-example").put("version", "1");
    return result;
  }

  private ObjectNode toolsList() {
    ObjectNode result = JsonRpc.MAPPER.createObjectNode();
    ArrayNode tools = result.putArray("tools");
    ObjectNode generate = tools.addObject();
    generate.put("name", "generate_text");
    generate.put("description", "Returns size_bytes of ASCII text; the same text for the same size.");
    ObjectNode gs = generate.putObject("inputSchema").put("type", "object");
    gs.putObject("properties").putObject("size_bytes").put("type", "integer").put("minimum", 0)
        .put("maximum", maxPayloadBytes);
    gs.putArray("required").add("size_bytes");
    ObjectNode echo = tools.addObject();
    echo.put("name", "echo");
    echo.put("description", "Returns its text argument unchanged.");
    ObjectNode es = echo.putObject("inputSchema").put("type", "object");
    es.putObject("properties").putObject("text").put("type", "string");
    es.putArray("required").add("text");
    return result;
  }

  private void reply(ObjectNode message) {
    send(message.toString());
  }

  /** Sends one message after the previous one has gone, so large replies never interleave. */
  private void send(String text) {
    synchronized (sendLock) {
      sendTail = sendTail.handle((ignored, previousError) -> null).thenCompose(ignored -> sendNow(text));
    }
  }

  private CompletableFuture<Void> sendNow(String text) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    Session s = session;
    if (s == null || !s.isOpen()) {
      sent.complete(null);
      return sent;
    }
    s.sendText(text, Callback.from(() -> sent.complete(null), error -> {
      LOG.debug("Session {}: a reply could not be sent: {}", sessionFingerprint, LogSafe.describe(error));
      sent.complete(null);
    }));
    return sent;
  }
}

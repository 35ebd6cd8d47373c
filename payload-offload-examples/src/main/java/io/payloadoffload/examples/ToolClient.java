package io.payloadoffload.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.Delivery;
import io.payloadoffload.client.PayloadClient;
import io.payloadoffload.client.PayloadFetchException;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls tools on the example server over a WebSocket ({@code java.net.http}) and returns their full
 * output, fetching and verifying offloaded results over HTTP.
 *
 * <p>A reply whose text is an envelope is resolved by {@link PayloadClient} with
 * {@code GET /payloads/{txn_id}} and the session id as bearer token; the bytes must match the envelope's size and checksum, or the call fails
 * with {@link PayloadIntegrityException}. The client caps what it accumulates: a WebSocket reply
 * larger than {@link Builder#maxMessageBytes(long)}, or an envelope declaring more than
 * {@link Builder#maxPayloadBytes(long)}, fails with {@link PayloadTooLargeException}, and the
 * connection stays usable.
 *
 * <p>Thread-safe: calls may be made from many threads at once.
 */
public final class ToolClient implements AutoCloseable {
  /** Default cap on one WebSocket reply: the server's limit for the default inline limit. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES =
      ExampleServer.messageLimitBytes(OffloadConfig.DEFAULT_MAX_INLINE_BYTES);
  /** Default cap on a fetched payload: {@value} bytes, the server's default payload limit. */
  public static final long DEFAULT_MAX_PAYLOAD_BYTES = OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES;
  /** Default limit on connecting, on one call's reply and on one fetch: 2 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final Pattern REPLY_ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");
  private static final int HEAD_CHARS = 256;

  private final long maxMessageBytes;
  private final Duration timeout;
  private final PayloadClient payloads;
  private final HttpClient http;
  private final WebSocket socket;
  private final String sessionId;
  private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final Object sendLock = new Object();
  private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);

  private ToolClient(Builder b, URI webSocketUri) {
    this.maxMessageBytes = b.maxMessageBytes;
    this.timeout = b.timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.payloads = PayloadClient.builder(URI.create(
            ("wss".equalsIgnoreCase(webSocketUri.getScheme()) ? "https" : "http") + "://"
                + webSocketUri.getRawAuthority() + ExampleServer.PAYLOADS_PATH))
        .httpClient(http).timeout(timeout).maxPayloadBytes(b.maxPayloadBytes).build();
    Receiver receiver = new Receiver();
    try {
      this.socket = http.newWebSocketBuilder().connectTimeout(timeout)
          .buildAsync(webSocketUri, receiver).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      this.sessionId = receiver.session.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new PayloadOffloadException("Could not open a session at " + webSocketUri + ": "
          + (e instanceof ExecutionException ? e.getCause() : e) + ". Is the server running?", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PayloadOffloadException("Interrupted while connecting to " + webSocketUri, null, e);
    }
  }

  /**
   * A builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects with every default.
   *
   * @param webSocketUri the server's WebSocket address, such as {@code ws://127.0.0.1:8080/ws}
   * @return a connected client holding its session id
   * @throws PayloadOffloadException if the connection or the session notification fails
   */
  public static ToolClient connect(URI webSocketUri) {
    return builder().connect(webSocketUri);
  }

  /**
   * The session id the server sent in its first notification; it is the bearer token for fetches.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Calls a tool and returns its full output, resolving an envelope if one comes back.
   *
   * @param tool the tool's name, such as {@code generate_text}
   * @param arguments the tool's arguments
   * @return the output and how it travelled
   * @throws ToolCallException if the server answers with a JSON-RPC error
   * @throws PayloadTooLargeException if the reply or the payload is larger than this client accepts
   * @throws PayloadNotFoundException if the payload is gone or belongs to another session
   * @throws PayloadExpiredException if the payload's time to live has passed
   * @throws StoreUnavailableException if the server's store is down when fetching
   * @throws PayloadIntegrityException if the fetched bytes do not match the envelope's size or checksum
   * @throws PayloadOffloadException if the connection fails or the reply does not come in time
   */
  public ToolResult call(String tool, Map<String, ?> arguments) {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
    long started = System.nanoTime();
    ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", tool);
    params.set("arguments", JsonRpc.MAPPER.valueToTree(arguments));
    Reply reply = exchange("tools/call", params);
    JsonNode result = resultOf(reply.message);
    String text = result.path("content").path(0).path("text").asText();
    Optional<PayloadEnvelope> reference = PayloadClient.envelopeIn(text);
    if (reference.isPresent()) {
      PayloadEnvelope envelope = reference.get();
      byte[] payload = fetch(envelope);
      return new ToolResult(new String(payload, StandardCharsets.UTF_8), Delivery.Mode.REFERENCE, envelope,
          reply.bytes, payload.length, Duration.ofNanos(System.nanoTime() - started));
    }
    String delivery = result.path("_meta").path(JsonRpc.DELIVERY_META).asText("inline");
    Delivery.Mode mode = delivery.equals("fallback_inline") ? Delivery.Mode.FALLBACK_INLINE : Delivery.Mode.INLINE;
    return new ToolResult(text, mode, null, reply.bytes, 0, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Sends any JSON-RPC request and returns its {@code result}, for methods such as
   * {@code tools/list}.
   *
   * @param method the method
   * @param params the parameters, or {@code null} for none
   * @return the result member
   * @throws ToolCallException if the server answers with a JSON-RPC error
   * @throws PayloadTooLargeException if the reply is larger than this client accepts
   * @throws PayloadOffloadException if the connection fails or the reply does not come in time
   */
  public JsonNode request(String method, JsonNode params) {
    Objects.requireNonNull(method, "method");
    return resultOf(exchange(method, params).message);
  }

  /**
   * Fetches an offloaded payload with {@link PayloadClient}, the session id as bearer token, and
   * checks it against its envelope.
   *
   * @param envelope the envelope received in place of the payload
   * @return exactly the original bytes
   * @throws PayloadTooLargeException if the envelope declares more than this client accepts
   * @throws PayloadNotFoundException if the server answers 404
   * @throws PayloadExpiredException if the server answers 410
   * @throws StoreUnavailableException if the server answers 503
   * @throws PayloadIntegrityException if the bytes differ from the envelope's size or checksum
   * @throws PayloadFetchException for another status or a failed transfer
   */
  public byte[] fetch(PayloadEnvelope envelope) {
    return payloads.fetch(envelope, sessionId);
  }

  /** Closes the WebSocket normally. Idempotent. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
    socket.abort();
  }

  private Reply exchange(String method, JsonNode params) {
    long id = nextId.incrementAndGet();
    ObjectNode request = JsonRpc.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) {
      request.set("params", params);
    }
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (sendLock) {
      sendTail = sendTail.handle((ignored, error) -> null)
          .thenCompose(ignored -> socket.sendText(request.toString(), true))
          .whenComplete((ignored, error) -> {
            if (error != null) {
              fail(id, new PayloadOffloadException("Could not send " + method + ": " + error, null, error));
            }
          });
    }
    try {
      return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PayloadOffloadException) {
        throw (PayloadOffloadException) e.getCause();
      }
      throw new PayloadOffloadException(method + " failed: " + e.getCause(), null, e.getCause());
    } catch (TimeoutException e) {
      throw new PayloadOffloadException("No reply to " + method + " within " + timeout
          + "; the server may be overloaded. Raise the client's timeout or try again.", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PayloadOffloadException("Interrupted while waiting for " + method, null, e);
    } finally {
      pending.remove(id);
    }
  }

  private static JsonNode resultOf(JsonNode message) {
    JsonNode error = message.get("error");
    if (error != null && error.isObject()) {
      throw new ToolCallException(error.path("code").asInt(), error.path("message").asText(), error.get("data"));
    }
    return message.path("result");
  }

  private void fail(long id, PayloadOffloadException error) {
    CompletableFuture<Reply> reply = pending.get(id);
    if (reply != null) {
      reply.completeExceptionally(error);
    }
  }

  private void failAll(PayloadOffloadException error) {
    pending.values().forEach(r -> r.completeExceptionally(error));
  }

  private static final class Reply {
    final JsonNode message;
    final long bytes;

    Reply(JsonNode message, long bytes) {
      this.message = message;
      this.bytes = bytes;
    }
  }

  /** Assembles messages from fragments, up to the cap, and hands each to its waiting call. */
  private final class Receiver implements WebSocket.Listener {
    final CompletableFuture<String> session = new CompletableFuture<>();
    private StringBuilder text = new StringBuilder();
    private final StringBuilder head = new StringBuilder(HEAD_CHARS);
    private long bytes;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (head.length() < HEAD_CHARS) {
        head.append(data, 0, Math.min(data.length(), HEAD_CHARS - head.length()));
      }
      bytes += JsonRpc.utf8Length(data);
      if (bytes <= maxMessageBytes) {
        text.append(data);
      } else {
        text = new StringBuilder();
      }
      if (last) {
        if (bytes <= maxMessageBytes) {
          dispatch(text.toString(), bytes);
        } else {
          rejectTooLarge(head.toString(), bytes);
        }
        text = new StringBuilder();
        head.setLength(0);
        bytes = 0;
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      PayloadOffloadException closed = new PayloadOffloadException("The server closed the connection ("
          + statusCode + " " + reason + ")", null, null);
      session.completeExceptionally(closed);
      failAll(closed);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      PayloadOffloadException failed = new PayloadOffloadException("The WebSocket failed: " + error, null, error);
      session.completeExceptionally(failed);
      failAll(failed);
    }

    private void dispatch(String message, long size) {
      JsonNode node;
      try {
        node = JsonRpc.MAPPER.readTree(message);
      } catch (JsonProcessingException e) {
        failAll(new PayloadOffloadException("The server sent a message that is not JSON", null, e));
        return;
      }
      if (JsonRpc.SESSION_NOTIFICATION.equals(node.path("method").asText())) {
        session.complete(node.path("params").path("session_id").asText());
        return;
      }
      CompletableFuture<Reply> reply = pending.get(node.path("id").asLong(-1));
      if (reply != null) {
        reply.complete(new Reply(node, size));
      }
    }

    /** The reply is dropped unread; its id, near the start, says which call to fail. */
    private void rejectTooLarge(String start, long size) {
      PayloadTooLargeException tooLarge = new PayloadTooLargeException("A reply of " + size + " bytes exceeds"
          + " this client's limit of " + maxMessageBytes + " bytes and was dropped unread. Raise the client's"
          + " maxMessageBytes, or have the server offload replies this large.", null, size, maxMessageBytes);
      Matcher m = REPLY_ID.matcher(start);
      if (m.find()) {
        fail(Long.parseLong(m.group(1)), tooLarge);
      } else {
        failAll(tooLarge);
      }
    }
  }

  /** Builds a {@link ToolClient}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * Sets the largest WebSocket reply accepted; a larger one fails its call with
     * {@link PayloadTooLargeException} and is discarded as it arrives.
     *
     * @param bytes at least 1; default {@link #DEFAULT_MAX_MESSAGE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxMessageBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxMessageBytes must be >= 1: " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /**
     * Sets the largest payload fetched for an envelope.
     *
     * @param bytes at least 1; default {@value #DEFAULT_MAX_PAYLOAD_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPayloadBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be >= 1: " + bytes);
      }
      this.maxPayloadBytes = bytes;
      return this;
    }

    /**
     * Sets the limit on connecting, on waiting for one reply and on one fetch.
     *
     * @param timeout positive; default 2 minutes
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Connects and waits for the session notification.
     *
     * @param webSocketUri the server's WebSocket address, such as {@code ws://127.0.0.1:8080/ws}
     * @return a connected client
     * @throws NullPointerException if the address is null
     * @throws PayloadOffloadException if the connection or the session notification fails
     */
    public ToolClient connect(URI webSocketUri) {
      Objects.requireNonNull(webSocketUri, "webSocketUri");
      return new ToolClient(this, webSocketUri);
    }
  }
}

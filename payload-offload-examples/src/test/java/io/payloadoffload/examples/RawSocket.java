package io.payloadoffload.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare JDK WebSocket that queues every whole text message, to test the protocol itself. */
final class RawSocket implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final WebSocket socket;
  private final String sessionId;

  private RawSocket(URI uri) throws Exception {
    socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
      private StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          messages.add(text.toString());
          text = new StringBuilder();
        }
        webSocket.request(1);
        return null;
      }
    }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    JsonNode first = next();
    if (!JsonRpc.SESSION_NOTIFICATION.equals(first.path("method").asText())) {
      throw new IllegalStateException("first message is not the session notification: " + first);
    }
    sessionId = first.path("params").path("session_id").asText();
  }

  static RawSocket open(URI uri) throws Exception {
    return new RawSocket(uri);
  }

  String sessionId() {
    return sessionId;
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  JsonNode exchange(String text) throws Exception {
    send(text);
    return next();
  }

  JsonNode next() throws Exception {
    return JsonRpc.MAPPER.readTree(nextRaw());
  }

  private String nextRaw() throws InterruptedException {
    String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (message == null) {
      throw new IllegalStateException("no message within " + WAIT);
    }
    return message;
  }

  @Override
  public void close() {
    socket.abort();
  }
}

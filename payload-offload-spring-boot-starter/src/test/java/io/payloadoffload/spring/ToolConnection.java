package io.payloadoffload.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the test application's {@code /tools} endpoint over the JDK's WebSocket: it reads the
 * session id the server greets it with, then sends calls and takes whole text messages back.
 */
final class ToolConnection implements AutoCloseable {
  private static final long WAIT_SECONDS = 60;

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final WebSocket socket;
  private final String session;

  ToolConnection(int port) throws Exception {
    socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://localhost:" + port + "/tools"), new Listener())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    session = new ObjectMapper().readTree(next()).get("session").asText();
  }

  /** The session id the server gave this connection, also its bearer token. */
  String session() {
    return session;
  }

  /** Calls the tool for a result of {@code size} bytes and returns the message that answers. */
  String call(int size) throws Exception {
    socket.sendText(Integer.toString(size), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
    return next();
  }

  private String next() throws InterruptedException, IOException {
    String message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (message == null) {
      throw new IOException("no message from the server within " + WAIT_SECONDS + " s");
    }
    return message;
  }

  @Override
  public void close() throws Exception {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Joins the parts of each text message. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}

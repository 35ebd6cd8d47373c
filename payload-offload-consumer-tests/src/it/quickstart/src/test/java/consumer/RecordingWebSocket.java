package consumer;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link WebSocket} that hands every whole text message to a consumer instead of a network: the
 * README's {@code webSocket}, so that its code compiles against the JDK's real interface.
 */
public final class RecordingWebSocket implements WebSocket {
  private final Consumer<String> received;
  private final StringBuilder parts = new StringBuilder();

  /** A socket that passes each whole text message it is sent to {@code received}. */
  public RecordingWebSocket(Consumer<String> received) {
    this.received = received;
  }

  @Override
  public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
    parts.append(data);
    if (last) {
      received.accept(parts.toString());
      parts.setLength(0);
    }
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
    throw new UnsupportedOperationException("the Quickstart sends text");
  }

  @Override
  public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public void request(long n) {
  }

  @Override
  public String getSubprotocol() {
    return "";
  }

  @Override
  public boolean isOutputClosed() {
    return false;
  }

  @Override
  public boolean isInputClosed() {
    return false;
  }

  @Override
  public void abort() {
  }
}

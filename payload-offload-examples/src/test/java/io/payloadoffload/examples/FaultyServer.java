package io.payloadoffload.examples;

import io.payloadoffload.OffloadConfig;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class ({@code @RegisterExtension static}): an example server on a free port over a
 * {@link FaultyStore}, a client connected to it, and one payload of {@value #PAYLOAD_BYTES} bytes
 * that the client offloaded while the store was healthy. The store heals after each test; all of it
 * closes after the class.
 */
final class FaultyServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final int PAYLOAD_BYTES = 2_000_000;
  final FaultyStore store = new FaultyStore();
  private final OffloadConfig config;
  ExampleServer server;
  ToolClient client;
  /** {@code /payloads/{txn_id}} of the offloaded payload. */
  String path;

  FaultyServer(OffloadConfig config) {
    this.config = config;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = ExampleServer.start(config, store, "127.0.0.1", 0);
    client = ToolClient.connect(server.webSocketUri());
    path = ExampleServer.PAYLOADS_PATH + client.call("generate_text", Map.of("size_bytes", PAYLOAD_BYTES))
        .envelope().orElseThrow().transactionId();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    store.heal();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.close();
    store.close();
  }

  /** Sends {@code method} for the offloaded payload with the client's bearer; waits {@link Http#PROMPT}. */
  HttpResponse<byte[]> request(String method) throws Exception {
    return Http.send(server, method, path, client.sessionId(), Http.PROMPT);
  }
}

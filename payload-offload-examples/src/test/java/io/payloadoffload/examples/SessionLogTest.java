package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.http.PayloadServlet;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.testkit.CapturedOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A session's id is its bearer token: logs name the session by a fingerprint, at every level. */
class SessionLogTest {
  private static final int SIZE = 2_000_000;

  @Test
  void aSessionsTokenNeverAppearsInTheLogWhileItOffloadsAndFetches() throws Exception {
    OffloadConfig smallInline = OffloadConfig.builder().maxInlineBytes(1_500_000).maxRetries(0).build();
    DebugLogging debug = DebugLogging.of(ToolEndpoint.class, PayloadServlet.class, ExampleServer.class,
        PayloadOffloader.class, PayloadResolver.class);
    try (debug;
        CapturedOutput out = CapturedOutput.start();
        FaultyStore store = new FaultyStore();
        ExampleServer server = ExampleServer.start(smallInline, store, "127.0.0.1", 0)) {
      assertThat(LoggerFactory.getLogger(ToolEndpoint.class).isDebugEnabled()).isTrue();
      String session;
      String id;
      try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
        session = client.sessionId();
        assertThat(client.call("echo", Map.of("text", "inline")).mode()).isEqualTo(Delivery.Mode.INLINE);
        ToolResult fetched = client.call("generate_text", Map.of("size_bytes", SIZE));
        assertThat(fetched.mode()).isEqualTo(Delivery.Mode.REFERENCE);
        PayloadEnvelope envelope = fetched.envelope().orElseThrow();
        id = envelope.transactionId();
        store.breakStreamsAfter(20_000, () -> new PayloadStoreException("connection reset", null, true, null));
        assertThatThrownBy(() -> client.fetch(envelope)).isInstanceOf(PayloadOffloadException.class);
        store.heal();
        store.failPuts(() -> new PayloadStoreException("store down", null, true, null));
        assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", SIZE)))
            .isInstanceOfSatisfying(ToolCallException.class,
                e -> assertThat(e.code()).isEqualTo(JsonRpc.STORE_UNAVAILABLE));
      }
      String fingerprint = SessionTokens.fingerprint(session);
      String closed = "WebSocket session " + fingerprint + " closed";
      for (int i = 0; i < 100 && !out.text().contains(closed); i++) {
        Thread.sleep(100);
      }

      out.assertNoLeak(List.of(TextGenerator.generate(SIZE)), List.of(session), List.of());
      assertThat(out.text()).as("the log names the session by its fingerprint").contains(closed)
          .contains("WebSocket session " + fingerprint + " opened")
          .contains("Session " + fingerprint + " call")
          .contains("Payload " + id + " for session " + fingerprint);
    }
  }
}

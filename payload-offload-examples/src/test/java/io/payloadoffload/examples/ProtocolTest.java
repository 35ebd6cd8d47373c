package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON-RPC side: tools, errors that leave the connection usable, and the size limits. */
class ProtocolTest {
  private static TestServer running;
  private static PostgresPayloadStore store;
  private static ExampleServer server;

  @BeforeAll
  static void start() {
    running = TestServer.start("protocol");
    store = running.store;
    server = running.server;
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @Test
  void eachConnectionGetsItsOwnUnguessableSessionIdFirst() throws Exception {
    try (RawSocket a = RawSocket.open(server.webSocketUri()); RawSocket b = RawSocket.open(server.webSocketUri())) {
      assertThat(a.sessionId()).matches("sess_[0-9a-f]{32}");
      assertThat(b.sessionId()).matches("sess_[0-9a-f]{32}").isNotEqualTo(a.sessionId());
    }
  }

  @Test
  void toolsListNamesBothTools() throws Exception {
    try (RawSocket socket = RawSocket.open(server.webSocketUri())) {
      JsonNode reply = socket.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");

      assertThat(reply.path("result").path("tools").findValuesAsText("name"))
          .containsExactly("generate_text", "echo");
    }
  }

  @Test
  void echoReturnsItsTextAsAToolResult() throws Exception {
    try (RawSocket socket = RawSocket.open(server.webSocketUri())) {
      JsonNode reply = socket.exchange(Http.call(3, "echo", "{\"text\":\"héllo \\\"quoted\\\" 🌍\"}"));

      assertThat(reply.path("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(reply.path("id").asInt()).isEqualTo(3);
      assertThat(reply.path("result").path("content").path(0).path("type").asText()).isEqualTo("text");
      assertThat(reply.path("result").path("content").path(0).path("text").asText()).isEqualTo("héllo \"quoted\" 🌍");
      assertThat(reply.path("result").path("_meta").path(JsonRpc.DELIVERY_META).asText()).isEqualTo("inline");
    }
  }

  @Test
  void badJsonUnknownMethodsAndBadArgumentsGetJsonRpcErrorsAndTheConnectionStaysUsable() throws Exception {
    try (RawSocket socket = RawSocket.open(server.webSocketUri())) {
      assertError(socket.exchange("{not json"), null, JsonRpc.PARSE_ERROR);
      assertError(socket.exchange("[1,2]"), null, JsonRpc.INVALID_REQUEST);
      assertError(socket.exchange("{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"tools/list\"}"), 2, JsonRpc.INVALID_REQUEST);
      assertError(socket.exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}"), 3,
          JsonRpc.METHOD_NOT_FOUND);
      assertError(socket.exchange(Http.call(4, "generate_text", "{\"size_bytes\":\"big\"}")), 4, JsonRpc.INVALID_PARAMS);
      assertError(socket.exchange(Http.call(5, "generate_text", "{\"size_bytes\":-1}")), 5, JsonRpc.INVALID_PARAMS);
      assertError(socket.exchange(Http.call(6, "generate_text", "{}")), 6, JsonRpc.INVALID_PARAMS);
      assertError(socket.exchange(Http.call(7, "echo", "{\"text\":42}")), 7, JsonRpc.INVALID_PARAMS);
      assertError(socket.exchange(Http.call(8, "rm_rf", "{}")), 8, JsonRpc.INVALID_PARAMS);

      JsonNode ok = socket.exchange(Http.call(9, "echo", "{\"text\":\"still here\"}"));
      assertThat(ok.path("result").path("content").path(0).path("text").asText()).isEqualTo("still here");
    }
  }

  @Test
  void aNotificationGetsNoReply() throws Exception {
    try (RawSocket socket = RawSocket.open(server.webSocketUri())) {
      socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}");

      JsonNode reply = socket.exchange("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\"}");

      assertThat(reply.path("id").asInt()).isEqualTo(11);
    }
  }

  @Test
  void aResultAboveTheConfiguredMaximumGetsAnErrorThatSaysSo() throws Exception {
    try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
      assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", 200_000_000)))
          .isInstanceOfSatisfying(ToolCallException.class, e -> {
            assertThat(e.code()).isEqualTo(JsonRpc.RESULT_TOO_LARGE);
            assertThat(e.data().orElseThrow().path("limit_bytes").asLong())
                .isEqualTo(OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES);
          })
          .hasMessageContaining("200000000").hasMessageContaining("exceeds the limit");
      assertThat(client.call("echo", Map.of("text", "after")).text()).isEqualTo("after");
    }
  }

  @Test
  void anInlineResultLargerThanTheWebSocketLimitGetsAnErrorNotABrokenSocket() {
    OffloadConfig inlineOnly = OffloadConfig.builder().enabled(false).maxInlineBytes(100_000).build();
    long limit = ExampleServer.messageLimitBytes(100_000);
    try (ExampleServer small = ExampleServer.start(inlineOnly, store, "127.0.0.1", 0);
        ToolClient client = ToolClient.connect(small.webSocketUri())) {
      assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", 200_000)))
          .isInstanceOfSatisfying(ToolCallException.class, e -> {
            assertThat(e.code()).isEqualTo(JsonRpc.RESULT_TOO_LARGE);
            assertThat(e.data().orElseThrow().path("limit_bytes").asLong()).isEqualTo(limit);
          })
          .hasMessageContaining("WebSocket message limit of " + limit);

      ToolResult fits = client.call("generate_text", Map.of("size_bytes", 100_000));
      assertThat(fits.mode()).isEqualTo(Delivery.Mode.INLINE);
      assertThat(fits.messageBytes()).isLessThanOrEqualTo(limit);
    }
  }

  @Test
  void theClientRejectsAReplyLargerThanItsMaximumAndStaysUsable() {
    try (ToolClient client = ToolClient.builder().maxMessageBytes(50_000).connect(server.webSocketUri())) {
      assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", 200_000)))
          .isInstanceOfSatisfying(PayloadTooLargeException.class,
              e -> assertThat(e.limitBytes()).isEqualTo(50_000));

      assertThat(client.call("generate_text", Map.of("size_bytes", 10_000)).text())
          .hasSize(10_000);
    }
  }

  @Test
  void theClientRejectsAnEnvelopeDeclaringMoreThanItsMaximumPayload() {
    try (ToolClient client = ToolClient.builder().maxPayloadBytes(1_500_000).connect(server.webSocketUri())) {
      assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", 2_000_000)))
          .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
            assertThat(e.sizeBytes()).isEqualTo(2_000_000);
            assertThat(e.limitBytes()).isEqualTo(1_500_000);
          });
    }
  }

  @Test
  void jettyAcceptsARequestUpToTheMessageLimit() {
    String text = "x".repeat(1_000_000);
    try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
      ToolResult echoed = client.call("echo", Map.of("text", text));

      assertThat(echoed.text()).isEqualTo(text);
    }
  }

  @Test
  void offloadingRunsOnWorkerThreadsNotOnJettysThreads() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    OffloadListener recorder = new OffloadListener() {
      @Override
      public void onInline(OffloadContext context, long sizeBytes) {
        threads.add(Thread.currentThread().getName());
      }

      @Override
      public void onOffloaded(OffloadContext context, PayloadEnvelope envelope, Duration storeLatency) {
        threads.add(Thread.currentThread().getName());
      }
    };
    try (ExampleServer recorded = ExampleServer.start(OffloadConfig.defaults(), store, "127.0.0.1", 0, recorder);
        ToolClient client = ToolClient.connect(recorded.webSocketUri())) {
      client.call("generate_text", Map.of("size_bytes", 1_000));
      client.call("generate_text", Map.of("size_bytes", 2_000_000));
    }

    assertThat(threads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("example-worker-"));
  }

  @Test
  void jettyRefusesAnIncomingMessageAboveTheConfiguredLimit() {
    OffloadConfig small = OffloadConfig.builder().maxInlineBytes(100_000).build();
    long limit = ExampleServer.messageLimitBytes(100_000);
    try (ExampleServer server = ExampleServer.start(small, store, "127.0.0.1", 0);
        ToolClient client = ToolClient.connect(server.webSocketUri())) {
      assertThat(client.call("echo", Map.of("text", "y".repeat((int) limit - 1_000))).text())
          .hasSize((int) limit - 1_000);

      assertThatThrownBy(() -> client.call("echo", Map.of("text", "y".repeat((int) limit + 1))))
          .isInstanceOf(PayloadOffloadException.class).hasMessageContaining("1009");
    }
  }

  private static void assertError(JsonNode reply, Integer id, int code) {
    assertThat(reply.path("jsonrpc").asText()).isEqualTo("2.0");
    if (id == null) {
      assertThat(reply.get("id").isNull()).as("id of %s", reply).isTrue();
    } else {
      assertThat(reply.path("id").asInt()).isEqualTo(id);
    }
    assertThat(reply.path("error").path("code").asInt()).as("%s", reply).isEqualTo(code);
    assertThat(reply.path("error").path("message").asText()).isNotBlank();
    assertThat(reply.has("result")).isFalse();
  }
}

package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server builds its routing policy with its real WebSocket limit: on a 64 KiB transport (Jetty's
 * default), a result that would not fit is stored even below the size threshold, and while the store
 * is down it is refused with a JSON-RPC error rather than sent as a message the peer would close the
 * connection over (1009).
 */
class TransportLimitTest {
  private static final long LIMIT = 65_536;

  private static ExampleServer start(FaultyStore store) {
    OffloadConfig config = OffloadConfig.builder().transportLimitBytes(LIMIT).failureThreshold(1)
        .maxRetries(0).openDuration(Duration.ofMinutes(10)).build();
    return ExampleServer.start(config, store, "127.0.0.1", 0);
  }

  @Test
  void aResultThatWouldNotFitTheSocketIsStoredEvenBelowTheThreshold() throws Exception {
    FaultyStore store = new FaultyStore();
    try (ExampleServer server = start(store);
        ToolClient client = ToolClient.connect(server.webSocketUri())) {
      ToolResult small = client.call("generate_text", Map.of("size_bytes", 30_000));
      ToolResult large = client.call("generate_text", Map.of("size_bytes", 200_000));

      assertThat(small.mode()).isEqualTo(Delivery.Mode.INLINE);
      assertThat(small.messageBytes()).isLessThanOrEqualTo(LIMIT);
      assertThat(large.mode()).isEqualTo(Delivery.Mode.REFERENCE);
      assertThat(large.messageBytes()).isLessThanOrEqualTo(LIMIT);
      assertThat(large.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(TextGenerator.generate(200_000));
    }
  }

  @Test
  void withTheStoreDownOnlyResultsThatFitFallBackAndTheRestGetAnErrorOnAnOpenSocket() throws Exception {
    FaultyStore store = new FaultyStore();
    store.failPuts(() -> new PayloadStoreException("down (test)", null, true, null));
    try (ExampleServer server = start(store);
        ToolClient client = ToolClient.connect(server.webSocketUri())) {
      assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", 200_000)))
          .isInstanceOfSatisfying(ToolCallException.class,
              e -> assertThat(e.code()).isEqualTo(JsonRpc.STORE_UNAVAILABLE));
      ToolResult small = client.call("generate_text", Map.of("size_bytes", 30_000));
      assertThat(small.mode()).isEqualTo(Delivery.Mode.INLINE);
      assertThat(client.call("echo", Map.of("text", "socket still open")).text()).isEqualTo("socket still open");
    }
  }

  @Test
  void aFallbackThatFitsTheSocketIsDeliveredInline() throws Exception {
    FaultyStore store = new FaultyStore();
    store.failPuts(() -> new PayloadStoreException("down (test)", null, true, null));
    OffloadConfig config = OffloadConfig.builder().thresholdBytes(10_000).transportLimitBytes(LIMIT)
        .failureThreshold(1).maxRetries(0).openDuration(Duration.ofMinutes(10)).build();
    try (ExampleServer server = ExampleServer.start(config, store, "127.0.0.1", 0);
        ToolClient client = ToolClient.connect(server.webSocketUri())) {
      ToolResult fallback = client.call("generate_text", Map.of("size_bytes", 40_000));
      assertThat(fallback.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(fallback.messageBytes()).isLessThanOrEqualTo(LIMIT);
      assertThat(fallback.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(TextGenerator.generate(40_000));
    }
  }
}

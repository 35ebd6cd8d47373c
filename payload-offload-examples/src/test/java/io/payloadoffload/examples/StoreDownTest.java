package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Item 3 of the test plan: the store points at a database that is down. */
class StoreDownTest {
  private static PostgresPayloadStore store;
  private static ExampleServer server;

  @BeforeAll
  static void start() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PGSimpleDataSource down = new PGSimpleDataSource();
    down.setServerNames(new String[] {"127.0.0.1"});
    down.setPortNumbers(new int[] {closedPort});
    down.setDatabaseName("postgres");
    down.setUser("postgres");
    down.setConnectTimeout(1);
    down.setLoginTimeout(1);
    store = PostgresPayloadStore.builder().dataSource(down).createSchema(false).build();
    OffloadConfig config = OffloadConfig.builder()
        .failureThreshold(5)
        .openDuration(Duration.ofMinutes(10))
        .maxRetries(1)
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .storeTimeout(Duration.ofSeconds(5))
        .build();
    server = ExampleServer.start(config, store, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  @Test
  void fiveCallsOpenTheBreakerThenResultsFallBackInlineAndTooLargeOnesGetAClearError() throws Exception {
    byte[] fiveMegabytes = TextGenerator.generate(5_000_000);
    try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
      for (int call = 1; call <= 5; call++) {
        assertThat(server.offloader().circuitState()).as("before call %d", call).isEqualTo(CircuitState.CLOSED);
        ToolResult result = client.call("generate_text", Map.of("size_bytes", 5_000_000));
        assertThat(result.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
        assertThat(result.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(fiveMegabytes);
      }
      assertThat(server.offloader().circuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(server.counts().fallback()).isEqualTo(5);

      ToolResult whileOpen = client.call("generate_text", Map.of("size_bytes", 5_000_000));

      assertThat(whileOpen.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(whileOpen.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(fiveMegabytes);
      assertThat(server.counts().fallback()).isEqualTo(6);
      assertThat(server.counts().offloaded()).isZero();

      assertThatThrownBy(() -> client.call("generate_text", Map.of("size_bytes", 40_000_000)))
          .isInstanceOfSatisfying(ToolCallException.class,
              e -> assertThat(e.code()).isEqualTo(JsonRpc.STORE_UNAVAILABLE))
          .hasMessageContaining("Store unavailable");
      assertThat(client.call("echo", Map.of("text", "socket still open")).text()).isEqualTo("socket still open");
    }
  }

  @Test
  void aFetchWhileTheStoreIsDownGets503() throws Exception {
    try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
      String id = PayloadHeader.ID_PREFIX + "00112233445566778899aabbccddeeff";

      assertThat(Http.get(server, "/payloads/" + id, client.sessionId()).statusCode()).isEqualTo(503);
    }
  }
}

package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.payloadoffload.http.PayloadServlet;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The original design's test plan, items 1, 2 and 5: a real server on a free port, a real embedded
 * PostgreSQL, real sockets.
 */
class EndToEndTest {
  private static final String SCHEMA = "e2e";
  private static TestServer running;
  private static PostgresPayloadStore store;
  private static ExampleServer server;
  private static ToolClient client;

  @BeforeAll
  static void start() {
    running = TestServer.start(SCHEMA);
    store = running.store;
    server = running.server;
    client = ToolClient.connect(server.webSocketUri());
  }

  @AfterAll
  static void stop() {
    client.close();
    running.close();
  }

  @Test
  void fiveHundredKilobytesAreDeliveredInlineAndWriteNoRow() {
    long rowsBefore = TestDatabase.rows(SCHEMA);

    ToolResult result = client.call("generate_text", Map.of("size_bytes", 500_000));

    assertThat(result.mode()).isEqualTo(Delivery.Mode.INLINE);
    assertThat(result.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(TextGenerator.generate(500_000));
    assertThat(result.fetchedBytes()).isZero();
    assertThat(TestDatabase.rows(SCHEMA)).isEqualTo(rowsBefore);
  }

  @Test
  void fiveMegabytesArriveAsAnEnvelopeAndTheFetchReturnsIdenticalBytes() throws Exception {
    try (RawSocket socket = RawSocket.open(server.webSocketUri())) {
      JsonNode reply = socket.exchange(Http.call(7, "generate_text", "{\"size_bytes\":5000000}"));

      assertThat(reply.path("id").asInt()).isEqualTo(7);
      JsonNode envelope = JsonRpc.MAPPER.readTree(reply.path("result").path("content").path(0).path("text").asText());
      String id = envelope.path("message_bus_transaction_id").asText();
      assertThat(PayloadHeader.isValidId(id)).isTrue();
      assertThat(envelope.path("payload_size_bytes").asLong()).isEqualTo(5_000_000);
      assertThat(envelope.path("retrieval_required").asBoolean()).isTrue();
      assertThat(envelope.path("session_id").asText()).isEqualTo(socket.sessionId());
      assertThat(envelope.path("tool_name").asText()).isEqualTo("generate_text");
      assertThat(reply.path("result").path("_meta").path(JsonRpc.DELIVERY_META).asText()).isEqualTo("reference");

      HttpResponse<byte[]> fetched = Http.get(server, "/payloads/" + id, socket.sessionId());

      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.body()).isEqualTo(TextGenerator.generate(5_000_000));
      assertThat(fetched.headers().firstValueAsLong("Content-Length")).hasValue(5_000_000);
      assertThat(fetched.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8"); // as the servlet container writes it
      assertThat(fetched.headers().firstValue(PayloadServlet.CHECKSUM_HEADER))
          .hasValue(envelope.path("checksum").asText());
      assertThat(TestDatabase.rows(SCHEMA, id)).isEqualTo(1);
    }
  }

  @Test
  void toolClientReturnsIdenticalTextFor500KilobytesAnd5And50Megabytes() {
    for (int size : List.of(500_000, 5_000_000, 50_000_000)) {
      ToolResult result = client.call("generate_text", Map.of("size_bytes", size));

      assertThat(result.text().getBytes(StandardCharsets.UTF_8)).as("text of %d bytes", size)
          .isEqualTo(TextGenerator.generate(size));
      assertThat(result.mode()).isEqualTo(size > OffloadConfig.DEFAULT_THRESHOLD_BYTES
          ? Delivery.Mode.REFERENCE : Delivery.Mode.INLINE);
      assertThat(result.fetchedBytes()).isEqualTo(size > OffloadConfig.DEFAULT_THRESHOLD_BYTES ? size : 0);
    }
  }

  @Test
  void anotherSessionsBearerGets404() throws Exception {
    ToolResult result = client.call("generate_text", Map.of("size_bytes", 2_000_000));
    String id = result.envelope().orElseThrow().transactionId();

    try (ToolClient other = ToolClient.connect(server.webSocketUri())) {
      assertThat(other.sessionId()).isNotEqualTo(client.sessionId());
      assertThat(Http.get(server, "/payloads/" + id, other.sessionId()).statusCode()).isEqualTo(404);
      assertThatThrownBy(() -> other.fetch(result.envelope().orElseThrow()))
          .isInstanceOf(PayloadNotFoundException.class).hasMessageContaining(id);
    }
    assertThat(Http.get(server, "/payloads/" + id, client.sessionId()).statusCode()).isEqualTo(200);
  }

  @Test
  void forgedOrMalformedIdsGet404Or400AndNever500() throws Exception {
    String forged = PayloadHeader.ID_PREFIX + "0123456789abcdef0123456789abcdef";
    assertThat(Http.get(server, "/payloads/" + forged, client.sessionId()).statusCode()).isEqualTo(404);

    for (String malformed : List.of("txn_123", "txn_0123456789ABCDEF0123456789ABCDEF", "x", "txn_" + "a".repeat(5000),
        URLEncoder.encode("txn_' OR '1'='1", StandardCharsets.UTF_8), "%00", "..%2F..%2Fetc%2Fpasswd",
        forged + "0", URLEncoder.encode("txn_ä", StandardCharsets.UTF_8))) {
      int status = Http.get(server, "/payloads/" + malformed, client.sessionId()).statusCode();
      assertThat(status).as("status for %s", malformed).isIn(400, 404);
    }
  }

  @Test
  void aFetchWithoutBearerGets401() throws Exception {
    String forged = PayloadHeader.ID_PREFIX + "0123456789abcdef0123456789abcdef";

    HttpResponse<byte[]> response = Http.get(server, "/payloads/" + forged, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void aShortTtlGives410() throws Exception {
    OffloadConfig shortTtl = OffloadConfig.builder().ttl(Duration.ofSeconds(1)).build();
    try (ExampleServer shortLived = ExampleServer.start(shortTtl, store, "127.0.0.1", 0);
        ToolClient c = ToolClient.connect(shortLived.webSocketUri())) {
      String envelopeText = c.request("tools/call", JsonRpc.MAPPER.readTree(
          "{\"name\":\"generate_text\",\"arguments\":{\"size_bytes\":2000000}}"))
          .path("content").path(0).path("text").asText();
      PayloadEnvelope envelope = PayloadEnvelope.parse(envelopeText);
      while (!Instant.now().isAfter(envelope.expiresAt().plusMillis(200))) {
        Thread.sleep(100);
      }

      assertThat(Http.get(shortLived, "/payloads/" + envelope.transactionId(), c.sessionId()).statusCode())
          .isEqualTo(410);
      assertThatThrownBy(() -> c.fetch(envelope)).isInstanceOf(PayloadExpiredException.class);
    }
  }

  @Test
  void thePageIsServedAtTheRoot() throws Exception {
    HttpResponse<byte[]> page = Http.get(server, "/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("generate_text", "crypto.subtle.digest");
  }

  @Test
  void demoClientPrintsTheTableAndPassesItsChecks() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    boolean ok = DemoClient.run(server.webSocketUri(), List.of(500_000, 5_000_000),
        new PrintStream(out, true, StandardCharsets.UTF_8));

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(table).isTrue();
    assertThat(table).contains("INLINE", "REFERENCE", "all checks passed")
        .contains("another session's token", "HTTP 404", "HTTP 400");
  }
}

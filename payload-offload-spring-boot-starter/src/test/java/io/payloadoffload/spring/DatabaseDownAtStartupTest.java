package io.payloadoffload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spring.app.GeneratedText;
import io.payloadoffload.spring.app.ToolServer;
import io.payloadoffload.testkit.CapturedOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fail-open startup: the application starts while its database is down, sends large results inline
 * meanwhile, and stores them again once the database is up, with no restart. The breaker opens after
 * one failure and probes after a second, so the test does not wait for the defaults.
 */
@SpringBootTest(classes = ToolServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "payload-offload.circuit-breaker.failure-threshold=1",
        "payload-offload.circuit-breaker.open-duration=1s",
        "spring.datasource.hikari.connection-timeout=1000",
        "management.endpoint.health.show-details=always"})
class DatabaseDownAtStartupTest {
  private static final String PASSWORD = "pw-7f3e1b9a5c";
  private static final int LARGE = 2 * 1024 * 1024;
  /** How many calls the test makes at most while it waits for the breaker's probe to succeed. */
  private static final int MAX_CALLS_UNTIL_STORED = 120;
  private static final EmbeddedDatabase DB = stopped();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  private static EmbeddedDatabase stopped() {
    EmbeddedDatabase db = EmbeddedDatabase.started();
    db.stop();
    return db;
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> PASSWORD);
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    DB.close();
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private String health() throws Exception {
    return new ObjectMapper().readTree(get("/actuator/health/payloadOffload", null).body())
        .get("status").asText();
  }

  @Test
  void startsWithTheDatabaseDownAndStoresOnceItIsUp() throws Exception {
    String expected = new String(GeneratedText.of(LARGE), StandardCharsets.UTF_8);
    try (CapturedOutput out = CapturedOutput.start(); ToolConnection client = new ToolConnection(port)) {
      assertThat(client.call(LARGE)).isEqualTo(expected);
      assertThat(health()).isEqualTo("DEGRADED");

      DB.start();
      String message = client.call(LARGE);
      for (int calls = 1; !PayloadEnvelope.isEnvelope(message) && calls < MAX_CALLS_UNTIL_STORED;
          calls++) {
        assertThat(message).isEqualTo(expected);
        Thread.sleep(500);
        message = client.call(LARGE);
      }
      PayloadEnvelope envelope = PayloadEnvelope.parse(message);
      HttpResponse<String> fetched = get("/payloads/" + envelope.transactionId(),
          "Bearer " + client.session());
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.body()).isEqualTo(expected);
      assertThat(health()).isEqualTo("UP");
      out.assertNoLeak(List.of(GeneratedText.of(LARGE)), List.of(PASSWORD, client.session()),
          List.of());
    }
  }
}

package io.payloadoffload.spring;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter end to end in a real Spring Boot application ({@link ToolServer}) on Tomcat and a real
 * PostgreSQL: a 100 KB tool result arrives inline over the WebSocket, a 5 MB one as an envelope whose
 * payload the registered fetch servlet serves to its own session only.
 */
@SpringBootTest(classes = ToolServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolServerTest {
  private static final int INLINE_SIZE = 100 * 1024;
  private static final int OFFLOADED_SIZE = 5 * 1024 * 1024;
  private static final EmbeddedDatabase DB = EmbeddedDatabase.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
  }

  private HttpResponse<byte[]> fetch(String id, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/payloads/" + id));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aLargeResultResolvesEndToEndAndASmallOneArrivesInline() throws Exception {
    byte[] large = GeneratedText.of(OFFLOADED_SIZE);
    try (CapturedOutput out = CapturedOutput.start();
        ToolConnection owner = new ToolConnection(port);
        ToolConnection other = new ToolConnection(port)) {
      String small = owner.call(INLINE_SIZE);
      assertThat(small).isEqualTo(new String(GeneratedText.of(INLINE_SIZE), StandardCharsets.UTF_8));

      String message = owner.call(OFFLOADED_SIZE);
      assertThat(message.length()).isLessThan(1024);
      PayloadEnvelope envelope = PayloadEnvelope.parse(message);
      assertThat(envelope.payloadSizeBytes()).isEqualTo(OFFLOADED_SIZE);

      HttpResponse<byte[]> fetched = fetch(envelope.transactionId(), "Bearer " + owner.session());
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.body()).isEqualTo(large);

      assertThat(fetch(envelope.transactionId(), "Bearer " + other.session()).statusCode())
          .isEqualTo(404);
      assertThat(fetch(envelope.transactionId(), null).statusCode()).isEqualTo(401);
      out.assertNoLeak(List.of(large), List.of(owner.session(), other.session()), List.of());
    }
  }

  @Test
  void theUsersCodeIsUnderThirtyLines() throws IOException {
    Path source = Path.of("src/test/java/io/payloadoffload/spring/app/ToolServer.java");
    long lines = Files.readAllLines(source).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("import ") && !l.startsWith("package ")
            && !l.startsWith("/**") && !l.startsWith("*") && !l.startsWith("*/"))
        .count();
    assertThat(lines).isLessThan(30);
  }
}

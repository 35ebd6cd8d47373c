package io.payloadoffload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.http.RequestAuthenticator;
import io.payloadoffload.spring.app.GeneratedText;
import io.payloadoffload.spring.app.ToolServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application's own {@link RequestAuthenticator} bean decides who fetches, instead of the bearer. */
@SpringBootTest(classes = {ToolServer.class, CookieSessions.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "payload-offload.fetch.path=/offloaded/*")
class CustomAuthenticatorTest {
  private static final int OFFLOADED_SIZE = 2 * 1024 * 1024;
  private static final EmbeddedDatabase DB = EmbeddedDatabase.shared();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
  }

  private int fetch(String id, String header, String value) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/offloaded/" + id)).header(header, value).build();
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request,
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 200) {
      assertThat(response.body()).isEqualTo(GeneratedText.of(OFFLOADED_SIZE));
    }
    return response.statusCode();
  }

  @Test
  void theSessionCookieFetchesAndTheBearerNoLonger() throws Exception {
    try (ToolConnection client = new ToolConnection(port)) {
      String id = PayloadEnvelope.parse(client.call(OFFLOADED_SIZE)).transactionId();
      assertThat(fetch(id, "Cookie", "session=" + client.session())).isEqualTo(200);
      assertThat(fetch(id, "Authorization", "Bearer " + client.session())).isEqualTo(401);
    }
  }
}

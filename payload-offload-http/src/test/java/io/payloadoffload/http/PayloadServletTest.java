package io.payloadoffload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.StoredPayload;
import io.payloadoffload.testkit.CapturedOutput;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The statuses and headers of today's fetch endpoint, served by the servlet in an embedded Jetty. */
class PayloadServletTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SESSION = "sess_0123456789abcdef0123456789abcdef";
  private static final byte[] PAYLOAD = Payloads.json(300_000);
  private static final AtomicBoolean storeDown = new AtomicBoolean();
  private static ServletServer server;
  private static PayloadEnvelope envelope;

  @BeforeAll
  static void start() throws Exception {
    server = ServletServer.start(new ForwardingPayloadStore(new InMemoryPayloadStore()) {
      @Override
      public Optional<StoredPayload> open(String id) {
        if (storeDown.get()) {
          throw new PayloadStoreException("connection refused to db://app:hunter2@10.0.0.7 (url"
              + " jdbc:postgresql://db:5432/app?user=app&password=hunter3)", id, true, null);
        }
        return super.open(id);
      }
    }, b -> b);
    envelope = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void getReturnsTheOriginalBytesWithTheirChecksumSizeAndType() throws Exception {
    HttpResponse<byte[]> response = server.send("GET", server.path(envelope), "Authorization", "Bearer " + SESSION);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(PAYLOAD);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(PAYLOAD.length);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(response.headers().firstValue(PayloadServlet.CHECKSUM_HEADER)).hasValue(Payloads.sha256(PAYLOAD));
    assertThat(response.headers().firstValueAsLong(PayloadServlet.SIZE_HEADER)).hasValue(PAYLOAD.length);
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue(PayloadServlet.DEFAULT_CACHE_CONTROL);
  }

  @Test
  void headGivesTheHeadersOfGetAndNoBody() throws Exception {
    HttpResponse<byte[]> get = server.send("GET", server.path(envelope), "Authorization", "Bearer " + SESSION);

    HttpResponse<byte[]> head = server.send("HEAD", server.path(envelope), "Authorization", "Bearer " + SESSION);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String header : List.of("Content-Length", "Content-Type", "ETag", "Last-Modified",
        PayloadServlet.CHECKSUM_HEADER, PayloadServlet.SIZE_HEADER)) {
      assertThat(head.headers().firstValue(header)).as(header).isPresent().isEqualTo(get.headers().firstValue(header));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void anotherMethodGets405WithAnAllowHeader(String method) throws Exception {
    HttpResponse<byte[]> response = server.send(method, server.path(envelope), "Authorization", "Bearer " + SESSION);

    assertError(response, 405, "method_not_allowed");
    assertThat(response.headers().firstValue("Allow")).hasValue(PayloadServlet.ALLOWED_METHODS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/payloads/txn_123", "/payloads/", "/payloads/TXN_0123456789ABCDEF0123456789ABCDEF",
      "/payloads/txn_0123456789abcdef0123456789abcdef/more"})
  void aMalformedIdGets400(String path) throws Exception {
    assertError(server.send("GET", path, "Authorization", "Bearer " + SESSION), 400, "bad_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer    "})
  void noBearerGets401WithAChallenge(String authorization) throws Exception {
    HttpResponse<byte[]> response = authorization.isEmpty() ? server.send("GET", server.path(envelope))
        : server.send("GET", server.path(envelope), "Authorization", authorization);

    assertError(response, 401, "unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void anotherSessionGets404LikeAMissingId() throws Exception {
    HttpResponse<byte[]> other = server.send("GET", server.path(envelope), "Authorization", "Bearer sess_other");
    HttpResponse<byte[]> missing = server.send("GET", "/payloads/txn_" + "0".repeat(32),
        "Authorization", "Bearer " + SESSION);

    assertError(other, 404, "not_found");
    assertError(missing, 404, "not_found");
  }

  @Test
  void anExpiredPayloadGets410() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    PayloadEnvelope expired = server.offload(PAYLOAD, SESSION, Compression.ZSTD, ChecksumAlgorithm.SHA256, past);

    assertError(server.send("GET", server.path(expired), "Authorization", "Bearer " + SESSION), 410, "expired");
  }

  @Test
  void aStoreThatIsDownGets503WithRetryAfterAndLogsNoSecret() throws Exception {
    storeDown.set(true);
    try (CapturedOutput out = CapturedOutput.start()) {
      HttpResponse<byte[]> response = server.send("GET", server.path(envelope), "Authorization", "Bearer " + SESSION);

      assertError(response, 503, "store_unavailable");
      assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(out.text()).contains("the store is unavailable");
      out.assertNoLeak(List.of(PAYLOAD), List.of(SESSION, "hunter2", "hunter3"),
          List.of(new String(response.body(), StandardCharsets.UTF_8)));
    } finally {
      storeDown.set(false);
    }
  }

  @Test
  void aPluggedAuthenticatorMapsRequestsToSessions() throws Exception {
    RequestAuthenticator byHeader = request -> Optional.ofNullable(request.getHeader("X-Session"));
    try (ServletServer custom = ServletServer.start(new InMemoryPayloadStore(), b -> b.authenticator(byHeader))) {
      PayloadEnvelope mine = custom.offload(PAYLOAD, SESSION, Compression.GZIP, ChecksumAlgorithm.CRC32C);

      HttpResponse<byte[]> ok = custom.send("GET", custom.path(mine), "X-Session", SESSION);
      HttpResponse<byte[]> bearer = custom.send("GET", custom.path(mine), "Authorization", "Bearer " + SESSION);

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(PAYLOAD);
      assertError(bearer, 401, "unauthorized");
    }
  }

  @Test
  void anAuthenticatorThatThrowsGetsAGeneric500AndItsSecretStaysOutOfTheLog() throws Exception {
    String secret = "0123456789abcdef0123456789abcdef0123";
    RequestAuthenticator broken = request -> {
      throw new IllegalStateException("token " + secret + " rejected by the identity provider");
    };
    try (ServletServer custom = ServletServer.start(new InMemoryPayloadStore(), b -> b.authenticator(broken));
        CapturedOutput out = CapturedOutput.start()) {
      HttpResponse<byte[]> response = custom.send("GET", "/payloads/txn_" + "0".repeat(32));

      assertError(response, 500, "internal_error");
      assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("IllegalStateException");
      assertThat(out.text()).contains("authenticator failed");
      out.assertNoLeak(List.of(), List.of(secret), List.of(new String(response.body(), StandardCharsets.UTF_8)));
    }
  }

  @Test
  void theBuilderChecksEachSettingAtOnce() {
    assertThatThrownBy(() -> PayloadServlet.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resolver");
    assertThatThrownBy(() -> PayloadServlet.builder().resolver(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("resolver");
    assertThatThrownBy(() -> PayloadServlet.builder().authenticator(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("authenticator");
    assertThatThrownBy(() -> PayloadServlet.builder().bufferBytes(100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bufferBytes");
    assertThatThrownBy(() -> PayloadServlet.builder().retryAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
    assertThatThrownBy(() -> PayloadServlet.builder().cacheControl("no-store\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheControl");
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String error) throws Exception {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(body).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode json = JSON.readTree(body);
    assertThat(json.path("error").asText()).isEqualTo(error);
    assertThat(json.path("message").asText()).isNotBlank();
    assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
  }
}

package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.testkit.CapturedOutput;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The example server on S3, configured the way a user does it (environment variables), against
 * s3proxy in a child JVM: a 5 MB tool result goes out as an envelope, its bytes to the bucket, and the
 * HTTP fetch returns them unchanged; a 500 KB result goes inline and writes no object.
 */
class S3ExampleTest {
  private static final String BUCKET = "example-payloads";
  private static final String PREFIX = "e2e";
  @TempDir
  static Path dir;
  private static S3ProxyProcess proxy;
  private static S3Client s3;

  @BeforeAll
  static void startProxy() throws Exception {
    proxy = S3ProxyProcess.start(dir);
    s3 = proxy.client();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopProxy() {
    if (s3 != null) {
      s3.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void fiveMegabytesGoToTheBucketAndTheFetchReturnsIdenticalBytesFiveHundredKilobytesGoInline()
      throws Exception {
    byte[] big = TextGenerator.generate(5_000_000);
    byte[] small = TextGenerator.generate(500_000);
    try (CapturedOutput out = CapturedOutput.start()) {
      try (ExampleServer server = ExampleServer.run(s3Environment());
          RawSocket socket = RawSocket.open(server.webSocketUri())) {
        JsonNode reply = socket.exchange(Http.call(1, "generate_text", "{\"size_bytes\":5000000}"));

        assertThat(reply.path("result").path("_meta").path(JsonRpc.DELIVERY_META).asText()).isEqualTo("reference");
        PayloadEnvelope envelope = PayloadEnvelope.parse(
            reply.path("result").path("content").path(0).path("text").asText());
        assertThat(envelope.payloadSizeBytes()).isEqualTo(5_000_000);
        assertThat(envelope.sessionId()).contains(socket.sessionId());
        String id = envelope.transactionId();
        // Compressed, it fits in one part: one object, record header and bytes, besides its expiry marker.
        assertThat(keys()).contains(PREFIX + "/records/" + id)
            .anyMatch(key -> key.startsWith(PREFIX + "/expiry/") && key.endsWith("/" + id))
            .noneMatch(key -> key.startsWith(PREFIX + "/data/" + id));

        HttpResponse<byte[]> fetched = Http.get(server, "/payloads/" + id, socket.sessionId());

        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(big);

        List<String> before = keys();
        JsonNode inline = socket.exchange(Http.call(2, "generate_text", "{\"size_bytes\":500000}"));

        assertThat(inline.path("result").path("_meta").path(JsonRpc.DELIVERY_META).asText()).isEqualTo("inline");
        assertThat(inline.path("result").path("content").path(0).path("text").asText()
            .getBytes(StandardCharsets.UTF_8)).isEqualTo(small);
        assertThat(keys()).isEqualTo(before);
      }
      assertThat(out.text()).contains("Using S3: bucket " + BUCKET + " at " + proxy.endpoint());
      out.assertNoLeak(List.of(big, small), List.of(S3ProxyProcess.SECRET_KEY), List.of());
    }
  }

  @Test
  void badS3VariablesAreAllNamedAtOnceAndNoSecretIsShown() {
    Map<String, String> env = Map.of("S3_BUCKET", BUCKET, "S3_ENDPOINT", "ftp://example", "S3_PATH_STYLE",
        "yes", "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY, "DATABASE_URL",
        "postgres://u@localhost/db", "PORT", "0");

    assertThatThrownBy(() -> ExampleServer.run(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("S3_ENDPOINT='ftp://example'")
        .hasMessageContaining("S3_PATH_STYLE='yes'")
        .hasMessageContaining("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together")
        .hasMessageContaining("DATABASE_URL and S3_BUCKET are both set")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(S3ProxyProcess.SECRET_KEY));
  }

  @Test
  void anS3VariableWithoutS3BucketIsAnError() {
    assertThatThrownBy(() -> ExampleServer.run(Map.of("S3_ENDPOINT", proxy.endpoint().toString(), "PORT", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("S3_ENDPOINT is set, but S3_BUCKET is not");
  }

  private static Map<String, String> s3Environment() {
    return Map.of(
        "S3_BUCKET", BUCKET,
        "S3_ENDPOINT", proxy.endpoint().toString(),
        "S3_PATH_STYLE", "true",
        "S3_KEY_PREFIX", PREFIX,
        "AWS_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY,
        "PORT", "0");
  }

  private static List<String> keys() {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(PREFIX + "/")).contents().stream()
        .map(S3Object::key).sorted().toList();
  }
}

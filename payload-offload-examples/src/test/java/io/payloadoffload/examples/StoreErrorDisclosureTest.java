package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.testkit.CapturedOutput;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A store's error text, which may hold the database's messages, a password, payload bytes and
 * session ids, never reaches a client. The server log keeps the database's words but no payload
 * byte, no bearer token and no password.
 */
class StoreErrorDisclosureTest {
  private static final int SIZE = FaultyServer.PAYLOAD_BYTES;
  private static final String SECRET = "pw-3e9b-not-for-clients";
  private static final String DATABASE_TEXT = "relation \"payload_offload.payloads\" does not exist";
  private static final byte[] PAYLOAD_BYTES = randomBytes(48);

  @RegisterExtension
  static final FaultyServer running = new FaultyServer(OffloadConfig.builder().fallbackToInline(false)
      .circuitBreakerEnabled(false).maxRetries(0).build());

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(11).nextBytes(bytes);
    return bytes;
  }

  /** What a store's error can hold: the database's words, a password, bound bytea parameters, a session id. */
  private static String leakyMessage() {
    return "ERROR: " + DATABASE_TEXT + " (url jdbc:postgresql://db:5432/app?user=app&password=" + SECRET
        + "); Detail: failing row contains ('\\x"
        + HexFormat.of().formatHex(PAYLOAD_BYTES) + "', '" + running.client.sessionId() + "')";
  }

  static Stream<Arguments> storeFailures() {
    return Stream.of(
        Arguments.of("StoreUnavailableException",
            (Function<String, RuntimeException>) m -> new StoreUnavailableException(m, null, null)),
        Arguments.of("retryable PayloadStoreException",
            (Function<String, RuntimeException>) m -> new PayloadStoreException(m, null, true, null)),
        Arguments.of("permanent PayloadStoreException",
            (Function<String, RuntimeException>) m -> new PayloadStoreException(m, null, false, null)),
        Arguments.of("PayloadStoreException caused by a driver error", (Function<String, RuntimeException>) m ->
            new PayloadStoreException("Reading the payload failed", null, true, new IllegalStateException(m))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storeFailures")
  void aFetchGetsAGeneric503AndTheLogKeepsTheDetailsWithoutBytesOrBearer(String name,
      Function<String, RuntimeException> failure) throws Exception {
    try (CapturedOutput out = CapturedOutput.start()) {
      running.store.failOpens(() -> failure.apply(leakyMessage()));

      HttpResponse<byte[]> response = running.request("GET");

      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertThat(response.statusCode()).as(body).isEqualTo(503);
      assertThat(JsonRpc.MAPPER.readTree(body).path("error").asText()).isEqualTo("store_unavailable");
      assertThat(body).doesNotContain(DATABASE_TEXT);
      out.assertNoLeak(List.of(PAYLOAD_BYTES), List.of(running.client.sessionId(), SECRET), List.of(body));
      assertThat(out.text()).as("the details stay in the log").contains(DATABASE_TEXT);
    }
  }

  @Test
  void aToolCallGetsAGenericStoreUnavailableErrorAndTheLogKeepsTheDetailsWithoutBytesOrBearer() {
    try (CapturedOutput out = CapturedOutput.start()) {
      running.store.failPuts(() -> new PayloadStoreException(leakyMessage(), null, true, null));

      ToolCallException error = catchThrowableOfType(ToolCallException.class,
          () -> running.client.call("generate_text", Map.of("size_bytes", SIZE)));

      assertThat(error.code()).isEqualTo(JsonRpc.STORE_UNAVAILABLE);
      assertThat(error.getMessage()).contains("Store unavailable").doesNotContain(DATABASE_TEXT);
      out.assertNoLeak(List.of(PAYLOAD_BYTES, TextGenerator.generate(SIZE)),
          List.of(running.client.sessionId(), SECRET),
          List.of(error.getMessage(), String.valueOf(error.data().orElse(null))));
      assertThat(out.text()).as("the details stay in the log").contains(DATABASE_TEXT);
    }
  }
}

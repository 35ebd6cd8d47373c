package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.codec.Compression;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fetch gets an answer within {@link Http#PROMPT}, whatever the store throws and whenever it
 * throws it: a generic status before the response is committed, a broken transfer after.
 */
class FetchFailureTest {
  private static final int SIZE = FaultyServer.PAYLOAD_BYTES;
  private static final String INTERNAL_TEXT = "internal detail 7f3c";
  @RegisterExtension
  static final FaultyServer running =
      new FaultyServer(OffloadConfig.builder().compression(Compression.NONE).build());

  static Stream<Arguments> unexpectedFailures() {
    return Stream.of(
        Arguments.of("IllegalStateException",
            (Supplier<RuntimeException>) () -> new IllegalStateException(INTERNAL_TEXT)),
        Arguments.of("IllegalArgumentException",
            (Supplier<RuntimeException>) () -> new IllegalArgumentException(INTERNAL_TEXT)),
        Arguments.of("NullPointerException",
            (Supplier<RuntimeException>) () -> new NullPointerException(INTERNAL_TEXT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unexpectedFailures")
  void anUnexpectedExceptionFromTheStoresOpenGetsAGeneric500(String name, Supplier<RuntimeException> failure)
      throws Exception {
    running.store.failOpens(failure);

    HttpResponse<byte[]> response = running.request("GET");

    assertGeneric(response, 500, "internal_error", name);
  }

  @Test
  void aStoredRecordWithAMalformedChecksumGetsAGeneric500() throws Exception {
    running.store.alterRecords(record -> record.checksum("sha256:XYZ"));

    HttpResponse<byte[]> response = running.request("GET");

    assertGeneric(response, 500, "internal_error", "XYZ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unexpectedFailures")
  void anUnexpectedExceptionFromTheFirstReadGetsAGeneric500(String name, Supplier<RuntimeException> failure)
      throws Exception {
    running.store.breakStreamsAfter(0, failure::get);

    HttpResponse<byte[]> response = running.request("GET");

    assertGeneric(response, 500, "internal_error", name);
  }

  @Test
  void aStoreReadFailureBeforeTheFirstByteGetsAGeneric503() throws Exception {
    running.store.breakStreamsAfter(0, () -> new IOException(INTERNAL_TEXT));

    HttpResponse<byte[]> response = running.request("GET");

    assertGeneric(response, 503, "store_unavailable", "IOException");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  static Stream<Arguments> midwayFailures() {
    return Stream.of(
        Arguments.of("IOException", (Supplier<Exception>) () -> new IOException(INTERNAL_TEXT)),
        Arguments.of("IllegalStateException", (Supplier<Exception>) () -> new IllegalStateException(INTERNAL_TEXT)),
        Arguments.of("PayloadStoreException",
            (Supplier<Exception>) () -> new PayloadStoreException(INTERNAL_TEXT, null, true, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("midwayFailures")
  void aStreamThatBreaksMidwayAbortsTheResponse(String name, Supplier<Exception> failure) {
    running.store.breakStreamsAfter(SIZE / 2, failure);

    Throwable outcome = catchThrowable(() -> {
      HttpResponse<byte[]> response = running.request("GET");
      assertThat(response.body().length).as("a complete-looking body after a broken read").isLessThan(SIZE);
    });

    assertThat(outcome).as("the transfer must break, not hang").isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void theSameFetchSucceedsOnceTheStoreIsHealthy() throws Exception {
    running.store.failOpens(() -> new IllegalStateException(INTERNAL_TEXT));
    running.request("GET");
    running.store.heal();

    HttpResponse<byte[]> response = Http.get(running.server, running.path, running.client.sessionId());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(TextGenerator.generate(SIZE));
  }

  private static void assertGeneric(HttpResponse<byte[]> response, int status, String error, String internal)
      throws IOException {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(body).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JsonRpc.MAPPER.readTree(body).path("error").asText()).isEqualTo(error);
    assertThat(body).doesNotContain(INTERNAL_TEXT).doesNotContain(internal).doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}

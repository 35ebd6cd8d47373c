package io.payloadoffload.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the Java reader over every cross-language test vector in {@code test-vectors/} at the
 * repository's root: parse the envelope, store the stored bytes under it, resolve, and compare the
 * outcome with {@code expected.json}.
 */
class TestVectorsTest {
  private static final Path ROOT = Paths.get("..", "test-vectors");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Class<? extends Exception>> ERRORS = Map.of(
      "envelope_format", EnvelopeFormatException.class,
      "decode", CodecException.class,
      "integrity", PayloadIntegrityException.class);

  static Stream<String> vectors() throws IOException {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theJavaReaderGivesTheExpectedOutcome(String name) throws Exception {
    Path dir = ROOT.resolve(name);
    JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
    String outcome = expected.path("outcome").asText();
    String text = Files.readString(dir.resolve("envelope.json"), StandardCharsets.UTF_8);

    Throwable failure = catchThrowable(() -> {
      byte[] resolved = resolve(text, dir);
      assertThat(resolved).hasSize(expected.path("original_size_bytes").asInt());
      assertThat(TestVectorGenerator.checksum("sha256", resolved)).isEqualTo(expected.path("original_sha256").asText());
      assertThat(resolved).isEqualTo(Files.readAllBytes(dir.resolve("original.bin")));
    });

    if (outcome.equals("ok")) {
      assertThat(failure).as(name).isNull();
    } else {
      assertThat(ERRORS).as("known outcomes").containsKey(outcome);
      assertThat(failure).as(name).isInstanceOf(ERRORS.get(outcome));
    }
  }

  @Test
  void theVectorsCoverEveryCompressionChecksumAndOutcome() throws Exception {
    List<String> names = vectors().collect(Collectors.toList());
    for (String compression : List.of("none", "gzip", "zstd")) {
      for (String checksum : List.of("sha256", "crc32c")) {
        assertThat(names).contains("ok-" + compression + "-" + checksum, "ok-empty-" + compression + "-" + checksum);
      }
    }
    assertThat(names).contains("ok-zstd-concatenated-frames", "ok-gzip-multi-member", "ok-zstd-skippable-frame");
    for (int rule = 1; rule <= 10; rule++) {
      String prefix = String.format("format-%02d-", rule);
      assertThat(names).as("rule %d", rule).anyMatch(n -> n.startsWith(prefix));
    }
    assertThat(names).anyMatch(n -> n.startsWith("decode-")).anyMatch(n -> n.startsWith("integrity-"));
  }

  /** What an application does: parse the envelope, fetch the stored bytes under it, resolve. */
  private static byte[] resolve(String text, Path dir) throws IOException {
    PayloadEnvelope envelope = PayloadEnvelope.parse(text);
    byte[] stored = Files.readAllBytes(dir.resolve("stored.bin"));
    PayloadRecord.Builder record = PayloadRecord.builder().id(envelope.transactionId())
        .contentType(envelope.contentType()).compression(envelope.compression().wireName())
        .originalSizeBytes(envelope.payloadSizeBytes()).storedSizeBytes(envelope.storedSizeBytes())
        .createdAt(envelope.createdAt()).expiresAt(envelope.expiresAt());
    envelope.sessionId().ifPresent(record::sessionId);
    envelope.toolName().ifPresent(record::toolName);
    envelope.checksum().ifPresent(record::checksum);
    try (InMemoryPayloadStore store = new InMemoryPayloadStore();
        PayloadResolver resolver = PayloadResolver.builder().store(store)
            .clock(Clock.fixed(envelope.createdAt(), ZoneOffset.UTC)).build()) {
      store.put(PayloadBody.of(record.build(), stored));
      return resolver.resolve(envelope, envelope.sessionId().orElse(null));
    }
  }
}

package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.exception.PayloadTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md true to OffloadConfig. */
class ConfigurationDocsTest {
  private static final List<String> VARIABLES = List.of("MESSAGE_BUS_ENABLED", "MESSAGE_BUS_TTL_HOURS",
      "MESSAGE_BUS_MAX_PAYLOAD_MB", "MESSAGE_BUS_COMPRESSION", "MESSAGE_BUS_CHECKSUM_ENABLED",
      "CIRCUIT_BREAKER_ENABLED", "CIRCUIT_BREAKER_THRESHOLD", "CIRCUIT_BREAKER_TIMEOUT_SECS",
      "FALLBACK_TO_WEBSOCKET", "MESSAGE_BUS_THRESHOLD_BYTES", "MESSAGE_BUS_MAX_INLINE_MB",
      "MESSAGE_BUS_TRANSPORT_LIMIT_BYTES", "MESSAGE_BUS_TOKEN_BUDGET");

  private static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "configuration.md"));
  }

  @Test
  void everyBuilderMethodIsDocumented() throws IOException {
    String doc = doc();
    for (Method m : OffloadConfig.Builder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build")) {
        assertThat(doc).as(m.getName()).contains("`" + m.getName() + "(");
      }
    }
  }

  @Test
  void theLargestPayloadAppliesOnlyWhileOffloadingIsOnAsTheDocsSay() throws IOException {
    assertThat(doc().replace("\n", " ")).contains("While offloading is on, a larger payload raises")
        .contains("With offloading off it does not apply: every payload goes inline, whatever its size.");
    OffloadConfig on = OffloadConfig.builder().thresholdBytes(10).maxPayloadBytes(100).build();
    byte[] payload = new byte[1000];
    OffloadContext context = OffloadContext.of("s-1", "analyze");

    try (PayloadOffloader offloading = PayloadOffloader.builder().store(new InMemoryPayloadStore()).config(on).build();
        PayloadOffloader inlineOnly = PayloadOffloader.builder().store(new InMemoryPayloadStore())
            .config(on.toBuilder().enabled(false).build()).build()) {
      assertThatThrownBy(() -> offloading.offload(payload, context)).isInstanceOf(PayloadTooLargeException.class);
      assertThat(inlineOnly.offload(payload, context).mode()).isEqualTo(Delivery.Mode.INLINE);
    }
  }

  /** The docs say toString lists every setting, so a log line shows the whole configuration. */
  @Test
  void toStringListsTheValueOfEveryBuilderSetting() throws IOException {
    assertThat(doc()).contains("`OffloadConfig.toString()` lists every setting");
    OffloadConfig on = OffloadConfig.builder().enabled(false).thresholdBytes(123_457).maxPayloadBytes(987_654_321)
        .maxInlineBytes(55_555_555).ttl(Duration.ofHours(7)).compression(Compression.GZIP).compressionLevel(7)
        .checksumAlgorithm(ChecksumAlgorithm.CRC32C).failureThreshold(9).openDuration(Duration.ofSeconds(71))
        .storeTimeout(Duration.ofSeconds(13)).maxRetries(4).retryBackoff(Duration.ofMillis(250), Duration.ofSeconds(9))
        .fallbackToInline(false).transportLimitBytes(77_777_777).tokenBudget(4242).build();
    OffloadConfig off = on.toBuilder().checksumEnabled(false).circuitBreakerEnabled(false).build();
    Map<String, String> shown = Map.ofEntries(Map.entry("enabled", "enabled=false"),
        Map.entry("thresholdBytes", "123457"), Map.entry("maxPayloadBytes", "987654321"),
        Map.entry("maxInlineBytes", "55555555"), Map.entry("ttl", "PT7H"), Map.entry("compression", "gzip"),
        Map.entry("compressionLevel", "compressionLevel=7"), Map.entry("checksumAlgorithm", "crc32c"),
        Map.entry("failureThreshold", "9 failures"), Map.entry("openDuration", "PT1M11S"),
        Map.entry("storeTimeout", "PT13S"), Map.entry("maxRetries", "maxRetries=4"),
        Map.entry("retryBackoff", "PT0.25S up to PT9S"), Map.entry("fallbackToInline", "fallbackToInline=false"),
        Map.entry("transportLimitBytes", "77777777"), Map.entry("tokenBudget", "4242"));

    assertThat(Arrays.stream(OffloadConfig.Builder.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build")).map(Method::getName)
        .collect(Collectors.toSet()))
        .as("every builder setting has its expected text here").containsExactlyInAnyOrderElementsOf(
            List.of("enabled", "thresholdBytes", "maxPayloadBytes", "maxInlineBytes", "ttl", "compression",
                "compressionLevel", "checksumAlgorithm", "checksumEnabled", "circuitBreakerEnabled", "failureThreshold",
                "openDuration", "storeTimeout", "maxRetries", "retryBackoff", "fallbackToInline", "transportLimitBytes",
                "tokenBudget"));
    shown.forEach((setting, text) -> assertThat(on.toString()).as(setting).contains(text));
    assertThat(off.toString()).as("checksumEnabled").contains("checksum=off");
    assertThat(off.toString()).as("circuitBreakerEnabled").contains("circuitBreaker=off");
  }

  @Test
  void everyDocumentedVariableIsReadByFromEnvironment() throws IOException {
    String doc = doc();
    for (String name : VARIABLES) {
      assertThat(doc).contains("`" + name + "`");
      assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of(name, "surely not valid")))
          .as("%s rejects a bad value, so it is read", name)
          .isInstanceOfSatisfying(ConfigurationException.class, e ->
              assertThat(e.problems()).singleElement().asString().startsWith(name + "="));
    }
  }

  @Test
  void theDocumentedDefaultsAndProblemLinesAreTheRealOnes() throws IOException {
    String doc = doc().replace("\n", " ");
    assertThat(doc).contains("`" + OffloadConfig.DEFAULT_THRESHOLD_BYTES + "`")
        .contains("`" + OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES + "`")
        .contains("`" + OffloadConfig.DEFAULT_MAX_INLINE_BYTES + "`")
        .contains("`" + OffloadConfig.DEFAULT_COMPRESSION_LEVEL + "`")
        .contains("`" + OffloadConfig.DEFAULT_FAILURE_THRESHOLD + "`")
        .contains("`" + OffloadConfig.DEFAULT_MAX_RETRIES + "`");
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(
        Map.of("MESSAGE_BUS_TTL_HOURS", "abc", "MESSAGE_BUS_COMPRESSION", "lz4")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          String documented = doc.replaceAll("\\s+", " ");
          assertThat(documented).contains(e.getMessage());
        });
  }
}

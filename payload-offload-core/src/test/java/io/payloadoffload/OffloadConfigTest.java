package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OffloadConfigTest {
  private static final long MIB = 1_048_576L;

  @Test
  void defaultsAreExactlyAsDocumented() {
    OffloadConfig c = OffloadConfig.defaults();
    assertThat(c.enabled()).isTrue();
    assertThat(c.thresholdBytes()).isEqualTo(1_048_576L).isEqualTo(OffloadConfig.DEFAULT_THRESHOLD_BYTES);
    assertThat(c.maxPayloadBytes()).isEqualTo(100 * MIB).isEqualTo(OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES);
    assertThat(c.maxInlineBytes()).isEqualTo(32 * MIB).isEqualTo(OffloadConfig.DEFAULT_MAX_INLINE_BYTES);
    assertThat(c.ttl()).isEqualTo(Duration.ofHours(48)).isEqualTo(OffloadConfig.DEFAULT_TTL);
    assertThat(c.compression()).isEqualTo(Compression.ZSTD);
    assertThat(c.compressionLevel()).isEqualTo(3);
    assertThat(c.checksumEnabled()).isTrue();
    assertThat(c.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
    assertThat(c.circuitBreakerEnabled()).isTrue();
    assertThat(c.failureThreshold()).isEqualTo(3);
    assertThat(c.openDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.storeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxRetries()).isEqualTo(1);
    assertThat(c.retryDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.retryMaxDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.fallbackToInline()).isTrue();
  }

  @Test
  void anEmptyEnvironmentGivesTheDefaults() {
    assertThat(OffloadConfig.fromEnvironment(Map.of())).hasToString(OffloadConfig.defaults().toString());
  }

  @Test
  void unsetAndBlankVariablesKeepTheirDefaults() {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("MESSAGE_BUS_ENABLED", "MESSAGE_BUS_TTL_HOURS", "MESSAGE_BUS_MAX_PAYLOAD_MB",
        "MESSAGE_BUS_COMPRESSION", "MESSAGE_BUS_CHECKSUM_ENABLED", "CIRCUIT_BREAKER_ENABLED",
        "CIRCUIT_BREAKER_THRESHOLD", "CIRCUIT_BREAKER_TIMEOUT_SECS", "FALLBACK_TO_WEBSOCKET",
        "MESSAGE_BUS_THRESHOLD_BYTES", "MESSAGE_BUS_MAX_INLINE_MB")) {
      env.put(name, " \t");
    }
    assertThat(OffloadConfig.fromEnvironment(env)).hasToString(OffloadConfig.defaults().toString());
  }

  static Stream<Arguments> variables() {
    return Stream.of(
        read("MESSAGE_BUS_ENABLED", "false", OffloadConfig::enabled, false),
        read("MESSAGE_BUS_ENABLED", "OFF", OffloadConfig::enabled, false),
        read("MESSAGE_BUS_ENABLED", "no", OffloadConfig::enabled, false),
        read("MESSAGE_BUS_ENABLED", "0", OffloadConfig::enabled, false),
        read("MESSAGE_BUS_ENABLED", " True ", OffloadConfig::enabled, true),
        read("MESSAGE_BUS_ENABLED", "yes", OffloadConfig::enabled, true),
        read("MESSAGE_BUS_ENABLED", "on", OffloadConfig::enabled, true),
        read("MESSAGE_BUS_ENABLED", "1", OffloadConfig::enabled, true),
        read("MESSAGE_BUS_TTL_HOURS", "12", OffloadConfig::ttl, Duration.ofHours(12)),
        read("MESSAGE_BUS_TTL_HOURS", "0.5", OffloadConfig::ttl, Duration.ofMinutes(30)),
        read("MESSAGE_BUS_MAX_PAYLOAD_MB", "200", OffloadConfig::maxPayloadBytes, 200 * MIB),
        read("MESSAGE_BUS_COMPRESSION", "gzip", OffloadConfig::compression, Compression.GZIP),
        read("MESSAGE_BUS_COMPRESSION", "NONE", OffloadConfig::compression, Compression.NONE),
        read("MESSAGE_BUS_COMPRESSION", "zstd", OffloadConfig::compression, Compression.ZSTD),
        read("MESSAGE_BUS_CHECKSUM_ENABLED", "false", OffloadConfig::checksumEnabled, false),
        read("CIRCUIT_BREAKER_ENABLED", "false", OffloadConfig::circuitBreakerEnabled, false),
        read("CIRCUIT_BREAKER_THRESHOLD", "10", OffloadConfig::failureThreshold, 10),
        read("CIRCUIT_BREAKER_TIMEOUT_SECS", "30", OffloadConfig::openDuration, Duration.ofSeconds(30)),
        read("CIRCUIT_BREAKER_TIMEOUT_SECS", "1.5", OffloadConfig::openDuration, Duration.ofMillis(1500)),
        read("FALLBACK_TO_WEBSOCKET", "false", OffloadConfig::fallbackToInline, false),
        read("MESSAGE_BUS_THRESHOLD_BYTES", "65536", OffloadConfig::thresholdBytes, 65_536L),
        read("MESSAGE_BUS_THRESHOLD_BYTES", "0", OffloadConfig::thresholdBytes, 0L),
        read("MESSAGE_BUS_MAX_INLINE_MB", "8", OffloadConfig::maxInlineBytes, 8 * MIB));
  }

  private static Arguments read(String name, String value, Function<OffloadConfig, Object> getter, Object expected) {
    return Arguments.of(name, value, getter, expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("variables")
  void eachVariableIsRead(String name, String value, Function<OffloadConfig, Object> getter, Object expected) {
    OffloadConfig c = OffloadConfig.fromEnvironment(Map.of(name, value));
    assertThat(getter.apply(c)).isEqualTo(expected);
  }

  @Test
  void everyBadVariableIsReportedInOneException() {
    Map<String, String> bad = Map.ofEntries(
        Map.entry("MESSAGE_BUS_ENABLED", "maybe"),
        Map.entry("MESSAGE_BUS_TTL_HOURS", "abc"),
        Map.entry("MESSAGE_BUS_MAX_PAYLOAD_MB", "0"),
        Map.entry("MESSAGE_BUS_COMPRESSION", "lz4"),
        Map.entry("MESSAGE_BUS_CHECKSUM_ENABLED", "sometimes"),
        Map.entry("CIRCUIT_BREAKER_ENABLED", "2"),
        Map.entry("CIRCUIT_BREAKER_THRESHOLD", "-3"),
        Map.entry("CIRCUIT_BREAKER_TIMEOUT_SECS", "0"),
        Map.entry("FALLBACK_TO_WEBSOCKET", "nope"),
        Map.entry("MESSAGE_BUS_THRESHOLD_BYTES", "1.5"),
        Map.entry("MESSAGE_BUS_MAX_INLINE_MB", "99999999999999999"));
    Map<String, String> env = new HashMap<>(bad);
    env.put("UNRELATED", "whatever");

    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(bad.size());
          bad.forEach((name, value) ->
              assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(name + "='" + value + "': ")));
          assertThat(e.getMessage()).contains(bad.size() + " problems").contains(e.problems());
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "9223372036854775807", "1e3", "0x10", "ten", "-1"})
  void badWholeNumbersAreReportedWithTheirValue(String value) {
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_MAX_PAYLOAD_MB", value)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .singleElement().asString().startsWith("MESSAGE_BUS_MAX_PAYLOAD_MB='" + value + "': "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-2", "1e30", "NaN", "forever"})
  void badDurationsAreReportedWithTheirValue(String value) {
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_TTL_HOURS", value)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .singleElement().asString().startsWith("MESSAGE_BUS_TTL_HOURS='" + value + "': "));
  }

  @Test
  void aCircuitBreakerThresholdBeyondIntIsReported() {
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("CIRCUIT_BREAKER_THRESHOLD", "3000000000")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .singleElement().asString().startsWith("CIRCUIT_BREAKER_THRESHOLD='3000000000'"));
  }

  @Test
  void theDatabaseUrlIsLeftToTheApplication() {
    assertThat(OffloadConfig.fromEnvironment(Map.of("DATABASE_URL", "postgres://app:s3cret@db.example/not a url")))
        .hasToString(OffloadConfig.defaults().toString());
  }

  static Stream<Arguments> badBuilderArguments() {
    return Stream.of(
        bad("thresholdBytes", b -> b.thresholdBytes(-1)),
        bad("maxPayloadBytes", b -> b.maxPayloadBytes(0)),
        bad("maxInlineBytes", b -> b.maxInlineBytes(-1)),
        bad("ttl", b -> b.ttl(Duration.ZERO)),
        bad("ttl", b -> b.ttl(Duration.ofSeconds(-1))),
        bad("compressionLevel", b -> b.compressionLevel(0)),
        bad("compressionLevel", b -> b.compressionLevel(23)),
        bad("failureThreshold", b -> b.failureThreshold(0)),
        bad("openDuration", b -> b.openDuration(Duration.ZERO)),
        bad("storeTimeout", b -> b.storeTimeout(Duration.ofMillis(-1))),
        bad("maxRetries", b -> b.maxRetries(-1)),
        bad("maxRetries", b -> b.maxRetries(11)),
        bad("retryDelay", b -> b.retryBackoff(Duration.ZERO, Duration.ofSeconds(1))),
        bad("retryMaxDelay", b -> b.retryBackoff(Duration.ofSeconds(1), Duration.ZERO)),
        bad("retryMaxDelay", b -> b.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))),
        bad("retryMaxDelay", b -> b.retryBackoff(Duration.ofMillis(100), Duration.ofMillis(100))),
        bad("retryMaxDelay", b -> b.retryBackoff(Duration.ofMillis(100), ChronoUnit.FOREVER.getDuration())),
        bad("ttl", b -> b.ttl(ChronoUnit.FOREVER.getDuration())),
        bad("ttl", b -> b.ttl(OffloadConfig.MAX_TTL.plusNanos(1))),
        bad("openDuration", b -> b.openDuration(OffloadConfig.MAX_POLICY_DURATION.plusNanos(1))),
        bad("storeTimeout", b -> b.storeTimeout(ChronoUnit.MILLENNIA.getDuration())));
  }

  private static Arguments bad(String argument, Function<OffloadConfig.Builder, Object> call) {
    return Arguments.of(argument, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBuilderArguments")
  void builderSettersRejectBadArgumentsNamingThem(String argument, Function<OffloadConfig.Builder, Object> call) {
    OffloadConfig.Builder b = OffloadConfig.builder();
    assertThatThrownBy(() -> call.apply(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(argument);
  }

  @Test
  void nullArgumentsAreRejectedNamingThem() {
    OffloadConfig.Builder b = OffloadConfig.builder();
    assertNpe("ttl", () -> b.ttl(null));
    assertNpe("compression", () -> b.compression(null));
    assertNpe("checksumAlgorithm", () -> b.checksumAlgorithm(null));
    assertNpe("openDuration", () -> b.openDuration(null));
    assertNpe("storeTimeout", () -> b.storeTimeout(null));
    assertNpe("retryDelay", () -> b.retryBackoff(null, Duration.ofSeconds(1)));
    assertNpe("env", () -> OffloadConfig.fromEnvironment(null));
  }

  private static void assertNpe(String name, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageContaining(name);
  }

  @Test
  void validEdgeValuesAreAccepted() {
    OffloadConfig c = OffloadConfig.builder()
        .thresholdBytes(0)
        .maxPayloadBytes(1)
        .maxInlineBytes(0)
        .compressionLevel(22)
        .failureThreshold(1)
        .maxRetries(10)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
    assertThat(c.compressionLevel()).isEqualTo(22);
    assertThat(c.maxRetries()).isEqualTo(10);
    assertThat(OffloadConfig.builder().compression(Compression.GZIP).compressionLevel(9).build().compressionLevel())
        .isEqualTo(9);
  }

  @Test
  void toBuilderKeepsEverySetting() {
    OffloadConfig c = OffloadConfig.builder()
        .enabled(false).thresholdBytes(7).maxPayloadBytes(70).maxInlineBytes(8).ttl(Duration.ofMinutes(5))
        .compression(Compression.GZIP).compressionLevel(9).checksumAlgorithm(ChecksumAlgorithm.CRC32C)
        .checksumEnabled(false).circuitBreakerEnabled(false).failureThreshold(9)
        .openDuration(Duration.ofSeconds(9)).storeTimeout(Duration.ofSeconds(3)).maxRetries(0)
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).fallbackToInline(false).build();
    OffloadConfig copy = c.toBuilder().build();
    assertThat(copy).hasToString(c.toString());
    assertThat(copy.retryDelay()).isEqualTo(Duration.ofMillis(5));
    assertThat(copy.retryMaxDelay()).isEqualTo(Duration.ofMillis(50));
    assertThat(copy.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32C);
  }

  @Test
  void aGzipLevelAboveNineIsAConfigurationErrorNamingTheLevel() {
    assertThatThrownBy(() -> OffloadConfig.builder().compression(Compression.GZIP).compressionLevel(10).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("compressionLevel 10").contains("gzip (1 to 9)"));
  }

  @Test
  void equalRetryDelaysAreRejectedAndTheSmallestValidPairBuildsAnOffloader() {
    assertThatThrownBy(() -> OffloadConfig.builder().retryBackoff(Duration.ofMillis(100), Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryMaxDelay PT0.1S")
        .hasMessageContaining("longer than retryDelay PT0.1S");
    OffloadConfig c = OffloadConfig.builder().retryBackoff(Duration.ofMillis(100), Duration.ofMillis(100).plusNanos(1))
        .build();
    try (PayloadOffloader o = PayloadOffloader.builder().config(c).store(new InMemoryPayloadStore()).build()) {
      assertThat(o.offload(new byte[10], OffloadContext.of("s", "t")).isInline()).isTrue();
    }
  }

  @Test
  void theLongestTtlOffloadsAndLongerIsRejected() {
    assertThatThrownBy(() -> OffloadConfig.builder().ttl(ChronoUnit.FOREVER.getDuration()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be at most 36525 days");
    OffloadConfig c = OffloadConfig.builder().ttl(OffloadConfig.MAX_TTL).thresholdBytes(0).build();
    try (PayloadOffloader o = PayloadOffloader.builder().config(c).store(new InMemoryPayloadStore()).build()) {
      assertThat(o.offload(new byte[10], OffloadContext.of("s", "t")).envelope().expiresAt())
          .isAfter(java.time.Instant.now().plus(Duration.ofDays(36_000)));
    }
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_TTL_HOURS", "1000000")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("MESSAGE_BUS_TTL_HOURS='1000000': ttl must be at most 36525 days"));
  }

  @Test
  void aThresholdOrInlineLimitAboveTheMaximumIsAConfigurationErrorListingBoth() {
    assertThatThrownBy(() -> OffloadConfig.builder().maxPayloadBytes(1000).thresholdBytes(1001).maxInlineBytes(1002)
        .compression(Compression.GZIP).compressionLevel(12).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).satisfiesExactly(
            p -> assertThat(p).startsWith("thresholdBytes 1001 is larger than maxPayloadBytes 1000"),
            p -> assertThat(p).startsWith("maxInlineBytes 1002 is larger than maxPayloadBytes 1000"),
            p -> assertThat(p).contains("compressionLevel 12")));
    assertThat(OffloadConfig.builder().maxPayloadBytes(1000).thresholdBytes(1000).maxInlineBytes(1000).build()
        .thresholdBytes()).isEqualTo(1000);
  }

  @Test
  void bothCombinationsAreReportedFromTheEnvironmentNamingTheVariables() {
    Map<String, String> env = Map.of("MESSAGE_BUS_THRESHOLD_BYTES", "209715200", "MESSAGE_BUS_MAX_INLINE_MB", "200",
        "MESSAGE_BUS_TTL_HOURS", "abc");
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).satisfiesExactly(
            p -> assertThat(p).startsWith("MESSAGE_BUS_TTL_HOURS='abc'"),
            p -> assertThat(p).startsWith("MESSAGE_BUS_THRESHOLD_BYTES (thresholdBytes) 209715200 is larger than "
                + "MESSAGE_BUS_MAX_PAYLOAD_MB (maxPayloadBytes) 104857600"),
            p -> assertThat(p).startsWith("MESSAGE_BUS_MAX_INLINE_MB (maxInlineBytes) 209715200 is larger than "
                + "MESSAGE_BUS_MAX_PAYLOAD_MB (maxPayloadBytes) 104857600")));
  }

  @Test
  void aCombinationWithAnUnreadableVariableIsNotBlamedOnTheDefault() {
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(
        Map.of("MESSAGE_BUS_THRESHOLD_BYTES", "209715200", "MESSAGE_BUS_MAX_PAYLOAD_MB", "lots")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("MESSAGE_BUS_MAX_PAYLOAD_MB='lots'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "9223372036854775807", "8796093022208"})
  void aWholeNumberBeyondTheRangeIsTooLargeNotMalformed(String value) {
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_MAX_PAYLOAD_MB", value)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().isEqualTo("MESSAGE_BUS_MAX_PAYLOAD_MB='" + value + "': too large: at most 8796093022207"));
  }

  @Test
  void aCircuitBreakerThresholdBeyondIntIsTooLarge() {
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("CIRCUIT_BREAKER_THRESHOLD", "3000000000")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().isEqualTo("CIRCUIT_BREAKER_THRESHOLD='3000000000': too large: at most 2147483647"));
  }

  @Test
  void aHugeBadValueIsQuotedShort() {
    String huge = "9".repeat(50_000) + "x".repeat(50_000);
    assertThatThrownBy(() -> OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_TTL_HOURS", huge)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).singleElement().asString().hasSizeLessThan(500)
              .startsWith("MESSAGE_BUS_TTL_HOURS='" + "9".repeat(100) + "… (100000 characters)': not a number");
        });
  }

  @Test
  void anUnsetInlineLimitFollowsASmallerMaximumAndASetOneMustFitIt() {
    OffloadConfig c = OffloadConfig.builder().thresholdBytes(100).maxPayloadBytes(10_000).build();
    assertThat(c.maxInlineBytes()).isEqualTo(10_000);
    assertThat(c.toBuilder().maxPayloadBytes(5_000).build().maxInlineBytes()).isEqualTo(5_000);
    assertThat(c.toBuilder().maxPayloadBytes(OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES).build().maxInlineBytes())
        .isEqualTo(OffloadConfig.DEFAULT_MAX_INLINE_BYTES);
    assertThat(OffloadConfig.fromEnvironment(Map.of("MESSAGE_BUS_MAX_PAYLOAD_MB", "10")).maxInlineBytes())
        .isEqualTo(10 * 1_048_576L);
    assertThatThrownBy(() -> c.toBuilder().maxInlineBytes(10_001).build()).isInstanceOf(ConfigurationException.class);
  }
}

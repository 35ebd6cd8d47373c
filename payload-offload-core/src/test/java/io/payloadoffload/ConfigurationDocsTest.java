package io.payloadoffload;

import io.payloadoffload.exception.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

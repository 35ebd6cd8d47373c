package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.Delivery;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Item 4 of the test plan, and how the server starts from its environment. */
class StartupTest {

  @Test
  void aBadVariableStopsStartupWithAnErrorNamingIt() {
    assertThatThrownBy(() -> ExampleServer.run(Map.of("MESSAGE_BUS_TTL_HOURS", "two days", "PORT", "0")))
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.problems()).singleElement().asString().startsWith("MESSAGE_BUS_TTL_HOURS='two days'"));
  }

  @Test
  void everyBadVariableIsNamedAtOnceIncludingPortAndDatabaseUrl() {
    assertThatThrownBy(() -> ExampleServer.run(Map.of("CIRCUIT_BREAKER_THRESHOLD", "many", "PORT", "http",
        "DATABASE_URL", "mysql://root:secret@db/app")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .hasSize(3)
            .anySatisfy(p -> assertThat(p).startsWith("CIRCUIT_BREAKER_THRESHOLD='many'"))
            .anySatisfy(p -> assertThat(p).startsWith("PORT='http'"))
            .anySatisfy(p -> assertThat(p).startsWith("DATABASE_URL=").doesNotContain("secret")));
  }

  @Test
  void mainExitsWithStatus2AndAMessageNamingTheVariable() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), ExampleServer.class.getName());
    builder.environment().clear();
    builder.environment().put("MESSAGE_BUS_COMPRESSION", "lz4");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("did not start").contains("MESSAGE_BUS_COMPRESSION='lz4'");
  }

  @Test
  void withoutDatabaseUrlAndWithOffloadingOffEverythingGoesInlineOnAnEmbeddedDatabase() {
    try (ExampleServer server = ExampleServer.run(Map.of("MESSAGE_BUS_ENABLED", "false", "PORT", "0"));
        ToolClient client = ToolClient.connect(server.webSocketUri())) {
      for (int size : new int[] {500_000, 5_000_000}) {
        ToolResult result = client.call("generate_text", Map.of("size_bytes", size));

        assertThat(result.mode()).isEqualTo(Delivery.Mode.INLINE);
        assertThat(result.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(TextGenerator.generate(size));
      }
      assertThat(server.counts().inline()).isEqualTo(2);
      assertThat(server.counts().offloaded()).isZero();
    }
  }

  @Test
  void withDatabaseUrlPayloadsAreStoredThere() {
    String url = "postgres://postgres:unused@127.0.0.1:" + TestDatabase.get().getPort() + "/postgres";
    try (ExampleServer server = ExampleServer.run(Map.of("DATABASE_URL", url, "PORT", "0"));
        ToolClient client = ToolClient.connect(server.webSocketUri())) {
      long before = TestDatabase.rows("payload_offload");

      ToolResult result = client.call("generate_text", Map.of("size_bytes", 3_000_000));

      assertThat(result.mode()).isEqualTo(Delivery.Mode.REFERENCE);
      assertThat(TestDatabase.rows("payload_offload", result.envelope().orElseThrow().transactionId())).isEqualTo(1);
      assertThat(TestDatabase.rows("payload_offload")).isEqualTo(before + 1);
    }
  }
}

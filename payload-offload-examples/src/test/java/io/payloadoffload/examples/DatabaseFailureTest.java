package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.testkit.CapturedOutput;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The review's two database repros, against a real PostgreSQL: a corrupt row and a renamed table. */
class DatabaseFailureTest {

  @Test
  void aRowWithAMalformedChecksumGetsAGeneric500() throws Exception {
    try (TestServer running = TestServer.start("corrupt_row");
        ToolClient client = ToolClient.connect(running.server.webSocketUri())) {
      String id = client.call("generate_text", Map.of("size_bytes", 2_000_000)).envelope().orElseThrow()
          .transactionId();
      TestDatabase.execute("UPDATE corrupt_row.payloads SET checksum = 'sha256:XYZ' WHERE id = '" + id + "'");

      HttpResponse<byte[]> response = Http.send(running.server, "GET", "/payloads/" + id, client.sessionId(),
          Http.PROMPT);

      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertThat(response.statusCode()).as(body).isEqualTo(500);
      assertThat(JsonRpc.MAPPER.readTree(body).path("error").asText()).isEqualTo("internal_error");
      assertThat(body).doesNotContain("XYZ").doesNotContain("Exception");
    }
  }

  @Test
  void aRenamedPayloadsTableGetsAGeneric503AndTheDatabaseTextOnlyInTheLog() throws Exception {
    try (TestServer running = TestServer.start("renamed_table"); CapturedOutput out = CapturedOutput.start()) {
      TestDatabase.execute("ALTER TABLE renamed_table.payloads RENAME TO payloads_gone");
      String forged = PayloadHeader.ID_PREFIX + "00112233445566778899aabbccddeeff";

      HttpResponse<byte[]> response = Http.send(running.server, "GET", "/payloads/" + forged, "anyone",
          Http.PROMPT);

      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertThat(response.statusCode()).as(body).isEqualTo(503);
      assertThat(body).doesNotContain("payloads").doesNotContain("does not exist");
      out.assertNoLeak(List.of(), List.of("anyone"), List.of(body));
      assertThat(out.text()).as("the database's text stays in the log").contains("does not exist");
    }
  }
}

package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.Delivery;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ToolClient#fetch} accepts the served bytes only when they match the envelope it was given:
 * the server serves the true payload, and the envelope is altered on the client's side.
 */
class ToolClientVerificationTest {
  private static final int SIZE = 2_000_000;
  private static TestServer running;
  private static ToolClient client;
  private static PayloadEnvelope envelope;

  @BeforeAll
  static void start() {
    running = TestServer.start("client_verify");
    client = ToolClient.connect(running.server.webSocketUri());
    ToolResult result = client.call("generate_text", Map.of("size_bytes", SIZE));
    assertThat(result.mode()).isEqualTo(Delivery.Mode.REFERENCE);
    envelope = result.envelope().orElseThrow();
  }

  @AfterAll
  static void stop() {
    client.close();
    running.close();
  }

  @Test
  void theTrueEnvelopeFetchesTheExactBytes() {
    assertThat(client.fetch(envelope)).isEqualTo(TextGenerator.generate(SIZE));
  }

  @Test
  void aChecksumOfOtherBytesFailsWithIntegrityExceptionNamingBothChecksums() {
    String wrong = "sha256:" + "0".repeat(64);
    assertThatThrownBy(() -> client.fetch(altered(e -> e.put("checksum", wrong))))
        .isInstanceOfSatisfying(PayloadIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(wrong);
          assertThat(e.actual()).isEqualTo(envelope.checksum().orElseThrow());
          assertThat(e.getMessage()).doesNotContain(client.sessionId());
        });
  }

  @Test
  void aDeclaredSizeOneLargerFailsAsOneByteShort() {
    assertThatThrownBy(() -> client.fetch(altered(e -> e.put("payload_size_bytes", SIZE + 1))))
        .isInstanceOfSatisfying(PayloadIntegrityException.class,
            e -> assertThat(e.actual()).isEqualTo(SIZE + " bytes"));
  }

  @Test
  void aDeclaredSizeOneSmallerFailsAsOneByteExtra() {
    assertThatThrownBy(() -> client.fetch(altered(e -> e.put("payload_size_bytes", SIZE - 1))))
        .isInstanceOfSatisfying(PayloadIntegrityException.class,
            e -> assertThat(e.actual()).isEqualTo("more than " + (SIZE - 1) + " bytes"));
  }

  @Test
  void aCrc32cChecksumIsVerifiedToo() {
    CRC32C crc = new CRC32C();
    crc.update(TextGenerator.generate(SIZE));
    String right = "crc32c:%08x".formatted(crc.getValue());
    String wrong = "crc32c:%08x".formatted(crc.getValue() ^ 1);
    assertThat(client.fetch(altered(e -> e.put("checksum", right)))).isEqualTo(TextGenerator.generate(SIZE));
    assertThatThrownBy(() -> client.fetch(altered(e -> e.put("checksum", wrong))))
        .isInstanceOfSatisfying(PayloadIntegrityException.class, e -> assertThat(e.actual()).isEqualTo(right));
  }

  @Test
  void anEnvelopeWithoutAChecksumIsCheckedForSizeOnly() {
    assertThat(client.fetch(altered(e -> e.remove("checksum")))).isEqualTo(TextGenerator.generate(SIZE));
    assertThatThrownBy(() -> client.fetch(altered(e -> {
      e.remove("checksum");
      e.put("payload_size_bytes", SIZE + 1);
    }))).isInstanceOf(PayloadIntegrityException.class);
  }

  private static PayloadEnvelope altered(Consumer<ObjectNode> change) {
    ObjectNode json = envelope.toJsonNode();
    change.accept(json);
    return PayloadEnvelope.parse(json);
  }
}

package io.payloadoffload.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadEnvelopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String ID = "txn_0f3a5c7e9b1d2f4a6c8e0b2d4f6a8c0e";
  static final String SHA = "sha256:" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** The design document's example, with its placeholders filled in. */
  static final String DESIGN_EXAMPLE = "{\"message_bus_transaction_id\":\"" + ID + "\","
      + "\"payload_size_bytes\":5242880,\"retrieval_required\":true,\"session_id\":\"s-42\","
      + "\"tool_name\":\"analyze\",\"envelope_version\":1,\"stored_size_bytes\":1103211,"
      + "\"compression\":\"zstd\",\"checksum\":\"" + SHA + "\",\"content_type\":\"application/json\","
      + "\"created_at\":\"2026-11-26T20:00:00Z\",\"expires_at\":\"2026-11-28T20:00:00Z\"}";

  static PayloadEnvelope full() {
    return PayloadEnvelope.parse(DESIGN_EXAMPLE);
  }

  @Test
  void theDesignExampleParsesIntoEveryField() {
    PayloadEnvelope e = full();
    assertThat(e.transactionId()).isEqualTo(ID);
    assertThat(e.payloadSizeBytes()).isEqualTo(5_242_880L);
    assertThat(e.sessionId()).contains("s-42");
    assertThat(e.toolName()).contains("analyze");
    assertThat(e.storedSizeBytes()).isEqualTo(1_103_211L);
    assertThat(e.compression()).isEqualTo(Compression.ZSTD);
    assertThat(e.checksum()).contains(SHA);
    assertThat(e.contentType()).isEqualTo("application/json");
    assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-11-26T20:00:00Z"));
    assertThat(e.expiresAt()).isEqualTo(Instant.parse("2026-11-28T20:00:00Z"));
  }

  @Test
  void toJsonWritesTheDesignExampleByteForByte() {
    assertThat(full().toJson()).isEqualTo(DESIGN_EXAMPLE);
  }

  @Test
  void toJsonThenParseGivesAnEqualEnvelope() {
    PayloadEnvelope e = full();
    assertThat(PayloadEnvelope.parse(e.toJson())).isEqualTo(e).hasSameHashCodeAs(e);
    assertThat(PayloadEnvelope.parse(e.toJsonNode())).isEqualTo(e);
  }

  @Test
  void absentOptionalFieldsAreLeftOutAndContentTypeDefaults() throws IOException {
    ObjectNode n = node();
    n.remove(List.of("session_id", "tool_name", "checksum", "content_type", "retrieval_required"));
    PayloadEnvelope e = PayloadEnvelope.parse(n);
    assertThat(e.sessionId()).isEmpty();
    assertThat(e.toolName()).isEmpty();
    assertThat(e.checksum()).isEmpty();
    assertThat(e.contentType()).isEqualTo(PayloadHeader.DEFAULT_CONTENT_TYPE);
    List<String> names = new ArrayList<>();
    JSON.readTree(e.toJson()).fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("message_bus_transaction_id", "payload_size_bytes",
        "retrieval_required", "envelope_version", "stored_size_bytes", "compression", "content_type",
        "created_at", "expires_at");
  }

  @Test
  void explicitNullsCountAsAbsentForOptionalFields() {
    ObjectNode n = node();
    n.putNull("session_id");
    n.putNull("tool_name");
    n.putNull("checksum");
    n.putNull("content_type");
    n.putNull("retrieval_required");
    PayloadEnvelope e = PayloadEnvelope.parse(n);
    assertThat(e.sessionId()).isEmpty();
    assertThat(e.checksum()).isEmpty();
  }

  @Test
  void unknownFieldsAreIgnored() {
    ObjectNode n = node();
    n.put("future_field", "x");
    n.putObject("nested").putArray("deep").add(1).addObject().put("envelope_version", 99);
    n.putArray("list").add(true);
    assertThat(PayloadEnvelope.parse(n)).isEqualTo(full());
    assertThat(PayloadEnvelope.parse(n.toString())).isEqualTo(full());
  }

  @Test
  void sizesUpToLongMaxValueAreAccepted() {
    ObjectNode n = node();
    n.put("payload_size_bytes", Long.MAX_VALUE);
    n.put("stored_size_bytes", 0);
    PayloadEnvelope e = PayloadEnvelope.parse(n.toString());
    assertThat(e.payloadSizeBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(e.storedSizeBytes()).isZero();
  }

  @Test
  void crc32cChecksumsAndEveryCompressionAreAccepted() {
    for (Compression c : Compression.values()) {
      ObjectNode n = node();
      n.put("compression", c.wireName());
      n.put("checksum", "crc32c:e3069283");
      PayloadEnvelope e = PayloadEnvelope.parse(n);
      assertThat(e.compression()).isEqualTo(c);
      assertThat(e.checksum()).contains("crc32c:e3069283");
    }
  }

  @Test
  void instantsWithFractionsAndOffsetsAreReadAsUtcInstants() {
    ObjectNode n = node();
    n.put("created_at", "2026-11-26T21:00:00.123456789+01:00");
    n.put("expires_at", "2026-11-26T20:00:00.123456789Z");
    PayloadEnvelope e = PayloadEnvelope.parse(n);
    assertThat(e.createdAt()).isEqualTo(e.expiresAt());
  }

  @Test
  void theOriginalMessageBusReferenceIsDetectedButIsNotAVersionOneEnvelope() {
    String original = "{\"message_bus_transaction_id\":\"" + ID + "\",\"payload_size_bytes\":5242880,"
        + "\"retrieval_required\":true,\"session_id\":\"s-42\",\"tool_name\":\"analyze\"}";
    assertThat(PayloadEnvelope.isEnvelope(original)).isTrue();
    assertThatThrownBy(() -> PayloadEnvelope.parse(original))
        .isInstanceOf(EnvelopeFormatException.class).hasMessageContaining("envelope_version is missing");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad("envelope_version", n -> n.put("envelope_version", 2)),
        bad("envelope_version", n -> n.put("envelope_version", 0)),
        bad("envelope_version", n -> n.put("envelope_version", "1")),
        bad("envelope_version", n -> n.put("envelope_version", 1.0)),
        bad("envelope_version", n -> n.put("envelope_version", new BigInteger("4294967297"))),
        bad("envelope_version", n -> n.remove("envelope_version")),
        bad("envelope_version", n -> n.putNull("envelope_version")),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", ID.toUpperCase())),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", "txn_0F3A5C7E9B1D2F4A6C8E0B2D4F6A8C0E")),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", ID.substring(0, ID.length() - 1))),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", ID + "0")),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", "msg_" + ID.substring(4))),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", ID.substring(4))),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", " " + ID)),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", "txn_0f3a5c7e9b1d2f4a6c8e0b2d4f6a8c0g")),
        bad("message_bus_transaction_id", n -> n.put("message_bus_transaction_id", 12)),
        bad("message_bus_transaction_id", n -> n.remove("message_bus_transaction_id")),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", -1)),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", Long.MIN_VALUE)),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", 1.5)),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", 10.0)),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", "10")),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", new BigInteger("9223372036854775808"))),
        bad("payload_size_bytes", n -> n.put("payload_size_bytes", true)),
        bad("payload_size_bytes", n -> n.remove("payload_size_bytes")),
        bad("stored_size_bytes", n -> n.put("stored_size_bytes", -5)),
        bad("stored_size_bytes", n -> n.put("stored_size_bytes", 0.5)),
        bad("stored_size_bytes", n -> n.remove("stored_size_bytes")),
        bad("compression", n -> n.put("compression", "lz4")),
        bad("compression", n -> n.put("compression", "ZSTD")),
        bad("compression", n -> n.put("compression", " zstd")),
        bad("compression", n -> n.put("compression", "")),
        bad("compression", n -> n.put("compression", 1)),
        bad("compression", n -> n.remove("compression")),
        bad("checksum", n -> n.put("checksum", "md5:d41d8cd98f00b204e9800998ecf8427e")),
        bad("checksum", n -> n.put("checksum", SHA.substring(0, SHA.length() - 1))),
        bad("checksum", n -> n.put("checksum", SHA + "0")),
        bad("checksum", n -> n.put("checksum", SHA.toUpperCase())),
        bad("checksum", n -> n.put("checksum", "SHA256:" + SHA.substring(7))),
        bad("checksum", n -> n.put("checksum", "sha256:" + "g".repeat(64))),
        bad("checksum", n -> n.put("checksum", "crc32c:e306928")),
        bad("checksum", n -> n.put("checksum", "crc32c:E3069283")),
        bad("checksum", n -> n.put("checksum", "sha256" + SHA.substring(7))),
        bad("checksum", n -> n.put("checksum", "")),
        bad("checksum", n -> n.put("checksum", 42)),
        bad("created_at", n -> n.put("created_at", "yesterday")),
        bad("created_at", n -> n.put("created_at", "2026-11-26")),
        bad("created_at", n -> n.put("created_at", "2026-11-26T20:00:00")),
        bad("created_at", n -> n.put("created_at", "2026-11-26 20:00:00Z")),
        bad("created_at", n -> n.put("created_at", "2026-02-30T20:00:00Z")),
        bad("created_at", n -> n.put("created_at", 1764187200)),
        bad("created_at", n -> n.remove("created_at")),
        bad("expires_at", n -> n.put("expires_at", "2026-11-26T19:59:59Z")),
        bad("expires_at", n -> n.put("expires_at", "")),
        bad("expires_at", n -> n.remove("expires_at")),
        bad("retrieval_required", n -> n.put("retrieval_required", "true")),
        bad("retrieval_required", n -> n.put("retrieval_required", 1)),
        bad("session_id", n -> n.put("session_id", 42)),
        bad("tool_name", n -> n.putObject("tool_name")),
        bad("content_type", n -> n.putArray("content_type")));
  }

  private static Arguments bad(String field, Consumer<ObjectNode> change) {
    ObjectNode n = node();
    change.accept(n);
    return Arguments.of(field, n.toString());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalid")
  void anInvalidFieldIsAnEnvelopeFormatExceptionNamingIt(String field, String json) {
    assertThatThrownBy(() -> PayloadEnvelope.parse(json))
        .isExactlyInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining(field);
    assertThatThrownBy(() -> PayloadEnvelope.parse(JSON.readTree(json)))
        .isExactlyInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining(field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "null", "nul", "42", "\"text\"", "[]", "[{}]", "true", "{",
      "{\"a\":}", "{'message_bus_transaction_id':1}", "\u0000", "{}"})
  void textThatIsNotAnEnvelopeObjectIsAnEnvelopeFormatException(String text) {
    assertThatThrownBy(() -> PayloadEnvelope.parse(text)).isExactlyInstanceOf(EnvelopeFormatException.class);
  }

  @Test
  void nullInputIsAnEnvelopeFormatException() {
    assertThatThrownBy(() -> PayloadEnvelope.parse((String) null)).isExactlyInstanceOf(EnvelopeFormatException.class);
    assertThatThrownBy(() -> PayloadEnvelope.parse((JsonNode) null)).isExactlyInstanceOf(EnvelopeFormatException.class);
    assertThatThrownBy(() -> PayloadEnvelope.parse(NODES.arrayNode())).isExactlyInstanceOf(EnvelopeFormatException.class);
  }

  /** Regression: Jackson's readTree stops after the first value unless told otherwise. */
  @ParameterizedTest
  @ValueSource(strings = {" trailing", "{}", "[1]", ",", "}"})
  void textAfterTheEnvelopeObjectIsRejected(String suffix) {
    assertThatThrownBy(() -> PayloadEnvelope.parse(DESIGN_EXAMPLE + suffix))
        .isExactlyInstanceOf(EnvelopeFormatException.class).hasMessageContaining("not valid JSON");
    assertThat(PayloadEnvelope.isEnvelope(DESIGN_EXAMPLE + suffix)).isFalse();
  }

  @Test
  void whitespaceAroundTheEnvelopeIsFine() {
    assertThat(PayloadEnvelope.parse(" \n\t" + DESIGN_EXAMPLE + "\r\n ")).isEqualTo(full());
  }

  /** Regression: the message used to echo the whole version value, however large. */
  @Test
  void anOversizedVersionValueIsAbbreviatedInTheMessage() {
    ObjectNode n = node();
    n.put("envelope_version", "v".repeat(100_000));
    assertThatThrownBy(() -> PayloadEnvelope.parse(n.toString()))
        .isExactlyInstanceOf(EnvelopeFormatException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void isEnvelopeRecognisesOnlyObjectsThatRequireRetrieval() {
    assertThat(PayloadEnvelope.isEnvelope(full().toJson())).isTrue();
    assertThat(PayloadEnvelope.isEnvelope(full().toJsonNode())).isTrue();
    ObjectNode notRequired = node();
    notRequired.put("retrieval_required", false);
    assertThat(PayloadEnvelope.isEnvelope(notRequired.toString())).isFalse();
    ObjectNode textual = node();
    textual.put("retrieval_required", "true");
    assertThat(PayloadEnvelope.isEnvelope(textual)).isFalse();
    ObjectNode numericId = node();
    numericId.put("message_bus_transaction_id", 1);
    assertThat(PayloadEnvelope.isEnvelope(numericId)).isFalse();
    for (String text : new String[] {null, "", "{", "[]", "plain text", "{\"message_bus_transaction_id\"}",
        "[{\"message_bus_transaction_id\":\"x\",\"retrieval_required\":true}]"}) {
      assertThat(PayloadEnvelope.isEnvelope(text)).as(text).isFalse();
    }
    assertThat(PayloadEnvelope.isEnvelope((JsonNode) null)).isFalse();
  }

  @Test
  void isEnvelopeRecognisesEnvelopesWithLongFields() {
    PayloadEnvelope longSession = new PayloadEnvelope("txn_" + "a".repeat(32), 1,
        Optional.of("s".repeat(20_000)), Optional.empty(), 1, io.payloadoffload.codec.Compression.NONE,
        Optional.empty(), "text/plain", java.time.Instant.EPOCH, java.time.Instant.EPOCH);
    assertThat(PayloadEnvelope.isEnvelope(longSession.toJson())).isTrue();
    ObjectNode n = node();
    n.put("padding", "x".repeat(8192));
    assertThat(PayloadEnvelope.isEnvelope(n.toString())).isTrue();
    assertThat(PayloadEnvelope.isEnvelope("{\"text\":\"" + "y".repeat(100_000) + "\"}")).isFalse();
  }

  @Test
  void ofRecordCopiesEveryField() {
    PayloadEnvelope e = full();
    PayloadRecord r = PayloadRecord.builder()
        .id(e.transactionId())
        .sessionId("s-42")
        .toolName("analyze")
        .contentType("application/json")
        .compression("zstd")
        .checksum(SHA)
        .originalSizeBytes(5_242_880L)
        .storedSizeBytes(1_103_211L)
        .createdAt(e.createdAt())
        .expiresAt(e.expiresAt())
        .build();
    assertThat(PayloadEnvelope.of(r)).isEqualTo(e);
  }

  @Test
  void theConstructorRejectsBadValuesNamingThem() {
    PayloadEnvelope e = full();
    assertThatThrownBy(() -> withId(e, "txn_X")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transactionId");
    assertThatThrownBy(() -> new PayloadEnvelope(e.transactionId(), -1, e.sessionId(), e.toolName(),
        e.storedSizeBytes(), e.compression(), e.checksum(), e.contentType(), e.createdAt(), e.expiresAt()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payloadSizeBytes");
    assertThatThrownBy(() -> new PayloadEnvelope(e.transactionId(), 1, e.sessionId(), e.toolName(), -1,
        e.compression(), e.checksum(), e.contentType(), e.createdAt(), e.expiresAt()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storedSizeBytes");
    assertThatThrownBy(() -> new PayloadEnvelope(e.transactionId(), 1, e.sessionId(), e.toolName(), 1,
        e.compression(), Optional.of("sha256:00"), e.contentType(), e.createdAt(), e.expiresAt()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
    assertThatThrownBy(() -> new PayloadEnvelope(e.transactionId(), 1, e.sessionId(), e.toolName(), 1,
        null, e.checksum(), e.contentType(), e.createdAt(), e.expiresAt()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("compression");
    assertThatThrownBy(() -> new PayloadEnvelope(e.transactionId(), 1, e.sessionId(), e.toolName(), 1,
        e.compression(), e.checksum(), e.contentType(), e.expiresAt(), e.createdAt()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAt");
  }

  @Test
  void anEnvelopeIsAValueEqualByEveryComponent() {
    PayloadEnvelope e = full();
    assertThat(PayloadEnvelope.parse(e.toJson())).isEqualTo(e).hasSameHashCodeAs(e);
    assertThat(withId(e, "txn_" + "1".repeat(32))).isNotEqualTo(e);
    assertThat(e).hasToString(e.toJson());
  }

  private static PayloadEnvelope withId(PayloadEnvelope e, String id) {
    return new PayloadEnvelope(id, e.payloadSizeBytes(), e.sessionId(), e.toolName(), e.storedSizeBytes(),
        e.compression(), e.checksum(), e.contentType(), e.createdAt(), e.expiresAt());
  }

  static ObjectNode node() {
    try {
      return (ObjectNode) JSON.readTree(DESIGN_EXAMPLE);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The design example with one unknown field padded so that the text has exactly {@code length} characters. */
  private static String padded(int length) {
    String head = DESIGN_EXAMPLE.substring(0, DESIGN_EXAMPLE.length() - 1) + ",\"pad\":\"";
    return head + "x".repeat(length - head.length() - 2) + "\"}";
  }

  @Test
  void anEnvelopeOfExactlyTheMaximumLengthParses() {
    String text = padded(PayloadEnvelope.MAX_ENVELOPE_CHARS);
    assertThat(text).hasSize(PayloadEnvelope.MAX_ENVELOPE_CHARS);
    assertThat(PayloadEnvelope.parse(text)).isEqualTo(full());
    assertThat(PayloadEnvelope.isEnvelope(text)).isTrue();
  }

  @Test
  void oneCharacterOverTheMaximumIsRejectedBeforeParsing() {
    String text = padded(PayloadEnvelope.MAX_ENVELOPE_CHARS + 1);
    assertThatThrownBy(() -> PayloadEnvelope.parse(text)).isInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining((PayloadEnvelope.MAX_ENVELOPE_CHARS + 1) + " characters")
        .hasMessageContaining("limit of " + PayloadEnvelope.MAX_ENVELOPE_CHARS);
    assertThat(PayloadEnvelope.isEnvelope(text)).isFalse();
  }

  @Test
  void tenMegabytesOfUnknownFieldsAreRejected() {
    String text = io.payloadoffload.SmallHeapScenarios.hugeEnvelope();
    assertThat(text.length()).isGreaterThan(10_000_000);
    assertThatThrownBy(() -> PayloadEnvelope.parse(text)).isInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining(text.length() + " characters");
    assertThat(PayloadEnvelope.isEnvelope(text)).isFalse();
  }

  @Test
  void tenMegabytesOfUnknownFieldsAreRejectedInASmallHeap() throws Exception {
    io.payloadoffload.SmallHeapJvm.Result run =
        io.payloadoffload.SmallHeapJvm.run(io.payloadoffload.SmallHeapScenarios.class, "envelope");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.output).as(run.toString()).contains("isEnvelope -> false")
        .contains("parse -> EnvelopeFormatException");
  }

  @ParameterizedTest
  @ValueSource(ints = {PayloadEnvelope.MAX_NESTING_DEPTH, 10_000})
  void nestingDeeperThanTheLimitIsRejected(int depth) {
    String text = DESIGN_EXAMPLE.substring(0, DESIGN_EXAMPLE.length() - 1) + ",\"deep\":"
        + "[".repeat(depth) + "]".repeat(depth) + "}";
    assertThatThrownBy(() -> PayloadEnvelope.parse(text)).isInstanceOf(EnvelopeFormatException.class)
        .hasMessageContaining("nesting depth");
    assertThat(PayloadEnvelope.isEnvelope(text)).isFalse();
  }

  @Test
  void nestingUpToTheLimitInAnUnknownFieldIsAccepted() {
    int depth = PayloadEnvelope.MAX_NESTING_DEPTH - 1;
    String text = DESIGN_EXAMPLE.substring(0, DESIGN_EXAMPLE.length() - 1) + ",\"deep\":"
        + "[".repeat(depth) + "]".repeat(depth) + "}";
    assertThat(PayloadEnvelope.parse(text)).isEqualTo(full());
  }
}

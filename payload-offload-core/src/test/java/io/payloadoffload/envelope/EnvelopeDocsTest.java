package io.payloadoffload.envelope;

import io.payloadoffload.spi.PayloadHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.integrity.Checksummer;
import java.util.Optional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps docs/envelope.md and docs/envelope.schema.json true to what the code writes and reads. */
class EnvelopeDocsTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EXAMPLE_PAYLOAD =
      "hello, world\n".repeat(100).getBytes(StandardCharsets.UTF_8);
  private static final String EXAMPLE_ID = "txn_5f0c6e1a9b3d4c7e8a2b1f0d9c8e7a6b";
  private static final Instant EXAMPLE_CREATED_AT = Instant.parse("2026-11-26T20:00:00Z");

  private static String envelopeDoc;
  private static JsonNode schema;
  /** The JSON of the envelope the offloader writes for the example payload, with the example's id. */
  private static String writtenJson;
  private static long writtenStoredSize;
  /** The bytes the offloader stores for the example payload. */
  private static byte[] stored;

  @BeforeAll
  static void load() throws IOException {
    envelopeDoc = Files.readString(DOCS.resolve("envelope.md"));
    schema = JSON.readTree(DOCS.resolve("envelope.schema.json").toFile());
    try (InMemoryPayloadStore store = new InMemoryPayloadStore();
        PayloadOffloader offloader = PayloadOffloader.builder().store(store)
            .config(OffloadConfig.builder().thresholdBytes(0).build())
            .clock(Clock.fixed(EXAMPLE_CREATED_AT, ZoneOffset.UTC)).build()) {
      PayloadEnvelope envelope = offloader.offload(EXAMPLE_PAYLOAD, OffloadContext.of("s-42", "analyze")
          .withContentType("text/plain; charset=utf-8")).envelope();
      try (InputStream in = store.open(envelope.transactionId()).orElseThrow().openStream()) {
        stored = in.readAllBytes();
      }
      writtenJson = envelope.toJson().replace(envelope.transactionId(), EXAMPLE_ID);
      writtenStoredSize = envelope.storedSizeBytes();
    }
  }

  @Test
  void theWorkedExampleIsByteForByteWhatTheOffloaderWrites() {
    String base64 = Base64.getEncoder().encodeToString(stored);

    assertThat(envelopeDoc)
        .contains("```json\n" + writtenJson + "\n```")
        .contains("```text\n" + base64 + "\n```")
        .contains("The " + stored.length + " stored bytes")
        .contains("echo " + base64 + " | base64 -d | wc -c    # " + stored.length + " = stored_size_bytes");
    assertThat(writtenStoredSize).isEqualTo(stored.length);
  }

  @Test
  void theWorkedExampleIsWhatToJsonWritesForTheExamplePayload() throws IOException {
    try (InputStream in = Codec.of(Compression.ZSTD, 3)
        .decompress(new ByteArrayInputStream(stored), EXAMPLE_PAYLOAD.length)) {
      assertThat(in.readAllBytes()).isEqualTo(EXAMPLE_PAYLOAD);
    }
    PayloadEnvelope example = new PayloadEnvelope(EXAMPLE_ID,
        EXAMPLE_PAYLOAD.length, Optional.of("s-42"), Optional.of("analyze"), stored.length, Compression.ZSTD,
        Optional.of(Checksummer.of(ChecksumAlgorithm.SHA256, EXAMPLE_PAYLOAD)), "text/plain; charset=utf-8",
        EXAMPLE_CREATED_AT, Instant.parse("2026-11-28T20:00:00Z"));
    assertThat(envelopeDoc)
        .contains("```json\n" + example.toJson() + "\n```")
        .contains("`" + Checksummer.of(ChecksumAlgorithm.CRC32C, EXAMPLE_PAYLOAD) + "`")
        .contains("# " + EXAMPLE_PAYLOAD.length + " ")
        .contains("# " + stored.length + " ");
  }

  @Test
  void theSchemaPropertiesAreTheFieldsToJsonWrites() {
    List<String> written = new ArrayList<>();
    PayloadEnvelopeTest.full().toJsonNode().fieldNames().forEachRemaining(written::add);
    List<String> properties = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);
    assertThat(properties).containsExactlyElementsOf(written);
    assertThat(schema.get("additionalProperties").booleanValue()).isTrue();
    assertThat(schema.get("type").textValue()).isEqualTo("object");
    assertThat(schema.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void theSchemaRequiresExactlyTheFieldsWithoutWhichParsingFails() {
    Set<String> required = new HashSet<>();
    schema.get("required").forEach(n -> required.add(n.textValue()));
    Set<String> needed = new HashSet<>();
    PayloadEnvelopeTest.full().toJsonNode().fieldNames().forEachRemaining(field -> {
      ObjectNode n = PayloadEnvelopeTest.full().toJsonNode();
      n.remove(field);
      try {
        PayloadEnvelope.parse(n);
      } catch (EnvelopeFormatException e) {
        needed.add(field);
      }
    });
    assertThat(required).isEqualTo(needed);
  }

  @Test
  void nullIsAllowedExactlyWhereTheSchemaSaysSo() {
    PayloadEnvelopeTest.full().toJsonNode().fieldNames().forEachRemaining(field -> {
      ObjectNode n = PayloadEnvelopeTest.full().toJsonNode();
      n.putNull(field);
      JsonNode type = schema.get("properties").get(field).get("type");
      boolean schemaAllowsNull = type != null && type.isArray()
          && type.toString().contains("\"null\"");
      boolean parserAllowsNull;
      try {
        PayloadEnvelope.parse(n);
        parserAllowsNull = true;
      } catch (EnvelopeFormatException e) {
        parserAllowsNull = false;
      }
      assertThat(schemaAllowsNull).as(field).isEqualTo(parserAllowsNull);
    });
  }

  @Test
  void theSchemaConstantsMatchTheCode() {
    JsonNode p = schema.get("properties");
    assertThat(p.get(EnvelopeJson.F_VERSION).get("const").intValue()).isEqualTo(PayloadEnvelope.VERSION);
    List<String> enumNames = new ArrayList<>();
    p.get(EnvelopeJson.F_COMPRESSION).get("enum").forEach(n -> enumNames.add(n.textValue()));
    assertThat(enumNames).containsExactlyElementsOf(
        Arrays.stream(Compression.values()).map(Compression::wireName).collect(Collectors.toList()));
    for (String size : List.of(EnvelopeJson.F_SIZE, EnvelopeJson.F_STORED_SIZE)) {
      assertThat(p.get(size).get("type").textValue()).isEqualTo("integer");
      assertThat(p.get(size).get("minimum").longValue()).isZero();
      assertThat(p.get(size).get("maximum").longValue()).isEqualTo(Long.MAX_VALUE);
    }
  }

  @Test
  void theSchemaPatternsAgreeWithTheParser() {
    Pattern id = schemaPattern(EnvelopeJson.F_ID);
    for (String candidate : List.of("txn_0123456789abcdef0123456789abcdef", "txn_0123456789ABCDEF0123456789abcdef",
        "txn_0123456789abcdef0123456789abcde", "txn_0123456789abcdef0123456789abcdef0", "msg_0123456789abcdef0123456789abcdef",
        "txn_", "", " txn_0123456789abcdef0123456789abcdef", "txn_0123456789abcdef0123456789abcdeg",
        "txn_0123456789abcdef0123456789abcde\u0661", "txn_0123456789abcdef0123456789abcdef\n",
        "TXN_0123456789abcdef0123456789abcdef", "txn-0123456789abcdef0123456789abcdef")) {
      assertThat(id.matcher(candidate).find()).as(candidate).isEqualTo(PayloadHeader.isValidId(candidate));
    }
    Pattern checksum = schemaPattern(EnvelopeJson.F_CHECKSUM);
    String hex64 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    for (String candidate : List.of("sha256:" + hex64, "crc32c:e3069283", "sha256:" + hex64.toUpperCase(),
        "SHA256:" + hex64, "sha256:" + hex64 + "0", "crc32c:e306928", "crc32c:" + hex64, "md5:e3069283",
        "sha256" + hex64, "crc32c:e3069283\n")) {
      assertThat(checksum.matcher(candidate).find()).as(candidate)
          .isEqualTo(ChecksumAlgorithm.ofChecksum(candidate).isPresent());
    }
  }

  /**
   * A schema pattern as a Java regex. JSON Schema patterns are ECMA-262, where {@code $} matches only
   * at the very end; Java's {@code $} also matches before a final line break, so use {@code \z}.
   */
  private static Pattern schemaPattern(String field) {
    String ecma = schema.get("properties").get(field).get("pattern").textValue();
    assertThat(ecma).startsWith("^").endsWith("$");
    return Pattern.compile(ecma.substring(0, ecma.length() - 1) + "\\z");
  }

  @Test
  void theDocumentedRejectionsAreRejected() {
    ObjectNode n = PayloadEnvelopeTest.node();
    n.put(EnvelopeJson.F_SIZE, 10.0);
    assertThatThrownBy(() -> PayloadEnvelope.parse(n)).isInstanceOf(EnvelopeFormatException.class);
    assertThat(envelopeDoc).contains("`10.0`, `1e3` and `\"10\"` are rejected");
    ObjectNode offset = PayloadEnvelopeTest.node();
    offset.put(EnvelopeJson.F_CREATED, "2026-11-26T21:00:00+01:00");
    assertThat(PayloadEnvelope.parse(offset).createdAt()).isEqualTo(Instant.parse("2026-11-26T20:00:00Z"));
    assertThat(envelopeDoc).contains("`2026-11-26T21:00:00+01:00` is the same instant as `2026-11-26T20:00:00Z`");
  }
}

package io.payloadoffload.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.internal.text.Texts;
import io.payloadoffload.spi.PayloadHeader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The envelope's JSON form (version 1): reading with every check of {@code docs/envelope.md}, and
 * writing in the field order it gives. {@link PayloadEnvelope} holds the values and delegates here.
 */
final class EnvelopeJson {
  static final String F_ID = "message_bus_transaction_id";
  static final String F_SIZE = "payload_size_bytes";
  static final String F_RETRIEVAL = "retrieval_required";
  static final String F_SESSION = "session_id";
  static final String F_TOOL = "tool_name";
  static final String F_VERSION = "envelope_version";
  static final String F_STORED_SIZE = "stored_size_bytes";
  static final String F_COMPRESSION = "compression";
  static final String F_CHECKSUM = "checksum";
  static final String F_CONTENT_TYPE = "content_type";
  static final String F_CREATED = "created_at";
  static final String F_EXPIRES = "expires_at";

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxDocumentLength(PayloadEnvelope.MAX_ENVELOPE_CHARS)
          .maxNestingDepth(PayloadEnvelope.MAX_NESTING_DEPTH)
          .maxStringLength(PayloadEnvelope.MAX_ENVELOPE_CHARS)
          .maxNameLength(PayloadEnvelope.MAX_ENVELOPE_CHARS)
          .build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EnvelopeJson() {}

  static PayloadEnvelope parse(String json) {
    if (json == null) {
      throw new EnvelopeFormatException("envelope text is null", null);
    }
    if (json.length() > PayloadEnvelope.MAX_ENVELOPE_CHARS) {
      throw new EnvelopeFormatException("envelope text is " + json.length() + " characters, more than "
          + "the limit of " + PayloadEnvelope.MAX_ENVELOPE_CHARS + "; an envelope is a few hundred "
          + "characters, so this is not one", null);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new EnvelopeFormatException("envelope is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      throw new EnvelopeFormatException("envelope is not valid JSON: " + e.getMessage(), e);
    }
    return parse(node);
  }

  static PayloadEnvelope parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new EnvelopeFormatException("envelope must be a JSON object", null);
    }
    JsonNode version = node.get(F_VERSION);
    if (version == null || version.isNull()) {
      throw new EnvelopeFormatException(F_VERSION + " is missing; this reader supports version "
          + PayloadEnvelope.VERSION, null);
    }
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != PayloadEnvelope.VERSION) {
      throw new EnvelopeFormatException("unsupported " + F_VERSION + " " + Texts.abbreviate(version.toString())
          + "; this reader supports version " + PayloadEnvelope.VERSION + ". Upgrade payload-offload.", null);
    }
    JsonNode retrieval = node.get(F_RETRIEVAL);
    if (retrieval != null && !retrieval.isNull() && !retrieval.isBoolean()) {
      throw new EnvelopeFormatException(F_RETRIEVAL + " must be a boolean", null);
    }
    String id = requiredText(node, F_ID);
    if (!PayloadHeader.isValidId(id)) {
      throw new EnvelopeFormatException(F_ID + " must be txn_ followed by 32 lowercase hex digits", null);
    }
    String compressionName = requiredText(node, F_COMPRESSION);
    Compression compression = Compression.fromWireName(compressionName)
        .filter(c -> c.wireName().equals(compressionName))
        .orElseThrow(() -> new EnvelopeFormatException("unknown " + F_COMPRESSION + " '"
            + Texts.abbreviate(compressionName) + "'; expected zstd, gzip or none", null));
    Optional<String> checksum = Optional.ofNullable(optionalText(node, F_CHECKSUM));
    if (checksum.isPresent() && ChecksumAlgorithm.ofChecksum(checksum.get()).isEmpty()) {
      throw new EnvelopeFormatException(F_CHECKSUM + " must be sha256:<64 hex> or crc32c:<8 hex>", null);
    }
    String contentType = optionalText(node, F_CONTENT_TYPE);
    Instant created = instant(node, F_CREATED);
    Instant expires = instant(node, F_EXPIRES);
    if (expires.isBefore(created)) {
      throw new EnvelopeFormatException(F_EXPIRES + " is before " + F_CREATED, null);
    }
    return new PayloadEnvelope(id, size(node, F_SIZE), Optional.ofNullable(optionalText(node, F_SESSION)),
        Optional.ofNullable(optionalText(node, F_TOOL)), size(node, F_STORED_SIZE), compression, checksum,
        contentType == null ? PayloadHeader.DEFAULT_CONTENT_TYPE : contentType, created, expires);
  }

  static boolean isEnvelope(String text) {
    if (text == null || text.length() > PayloadEnvelope.MAX_ENVELOPE_CHARS) {
      return false;
    }
    String t = text.strip();
    // Cheap checks first, so ordinary inline payloads are never parsed.
    if (t.isEmpty() || t.charAt(0) != '{' || !t.contains(F_ID)) {
      return false;
    }
    try {
      return isEnvelope(MAPPER.readTree(t));
    } catch (JsonProcessingException | RuntimeException e) {
      return false;
    }
  }

  static boolean isEnvelope(JsonNode node) {
    return node != null && node.isObject()
        && node.path(F_RETRIEVAL).isBoolean() && node.path(F_RETRIEVAL).booleanValue()
        && node.path(F_ID).isTextual();
  }

  static ObjectNode write(PayloadEnvelope e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put(F_ID, e.transactionId());
    n.put(F_SIZE, e.payloadSizeBytes());
    n.put(F_RETRIEVAL, true);
    e.sessionId().ifPresent(s -> n.put(F_SESSION, s));
    e.toolName().ifPresent(t -> n.put(F_TOOL, t));
    n.put(F_VERSION, PayloadEnvelope.VERSION);
    n.put(F_STORED_SIZE, e.storedSizeBytes());
    n.put(F_COMPRESSION, e.compression().wireName());
    e.checksum().ifPresent(c -> n.put(F_CHECKSUM, c));
    n.put(F_CONTENT_TYPE, e.contentType());
    n.put(F_CREATED, e.createdAt().toString());
    n.put(F_EXPIRES, e.expiresAt().toString());
    return n;
  }

  private static String requiredText(JsonNode node, String field) {
    String v = optionalText(node, field);
    if (v == null) {
      throw new EnvelopeFormatException(field + " is missing", null);
    }
    return v;
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new EnvelopeFormatException(field + " must be a string", null);
    }
    return v.textValue();
  }

  private static long size(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new EnvelopeFormatException(field + " is missing", null);
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new EnvelopeFormatException(field + " must be a whole number of bytes", null);
    }
    long n = v.longValue();
    if (n < 0) {
      throw new EnvelopeFormatException(field + " must not be negative: " + n, null);
    }
    return n;
  }

  private static Instant instant(JsonNode node, String field) {
    String v = requiredText(node, field);
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new EnvelopeFormatException(field + " must be an ISO-8601 UTC instant such as "
          + "2026-11-26T20:00:00Z, not '" + Texts.abbreviate(v) + "'", e);
    }
  }
}

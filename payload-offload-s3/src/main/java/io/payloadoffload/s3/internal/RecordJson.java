package io.payloadoffload.s3.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.spi.PayloadRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record as JSON. In a record object of the multipart layout it also says where the bytes are
 * ({@code dataKey}) and the ETag they were stored with ({@code dataETag}); in the header of a single
 * object ({@link SingleObject}) it is the record alone. Version 1; unknown fields are ignored.
 */
public final class RecordJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A record as stored, with the data object it points to. */
  public record Stored(PayloadRecord record, String dataKey, String dataETag) {}

  private RecordJson() {}

  /**
   * Encodes a stored record.
   *
   * @param stored the record and its data object
   * @return UTF-8 JSON
   */
  public static byte[] encode(Stored stored) {
    ObjectNode n = tree(stored.record());
    n.put("dataKey", stored.dataKey());
    n.put("dataETag", stored.dataETag());
    return bytes(n);
  }

  /**
   * Encodes a record alone, for the header of a single object.
   *
   * @param record the record
   * @return UTF-8 JSON
   */
  public static byte[] encode(PayloadRecord record) {
    return bytes(tree(record));
  }

  private static ObjectNode tree(PayloadRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("id", r.id());
    r.sessionId().ifPresent(v -> n.put("sessionId", v));
    r.toolName().ifPresent(v -> n.put("toolName", v));
    r.providerName().ifPresent(v -> n.put("providerName", v));
    n.put("contentType", r.contentType());
    n.put("compression", r.compression());
    r.checksum().ifPresent(v -> n.put("checksum", v));
    n.put("originalSizeBytes", r.originalSizeBytes());
    n.put("storedSizeBytes", r.storedSizeBytes());
    n.put("createdAt", r.createdAt().toString());
    n.put("expiresAt", r.expiresAt().toString());
    ObjectNode meta = n.putObject("metadata");
    r.metadata().forEach(meta::put);
    return n;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
    }
  }

  /**
   * Decodes a stored record.
   *
   * @param id the id the record was read under
   * @param json the record object's bytes
   * @return the stored record
   * @throws IllegalArgumentException saying what is wrong when the JSON is not a record of this id
   */
  public static Stored decode(String id, byte[] json) {
    JsonNode n = parse(id, json);
    PayloadRecord record = record(id, n);
    try {
      return new Stored(record, text(n, "dataKey"), text(n, "dataETag"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the record object is incomplete or malformed: " + e.getMessage());
    }
  }

  /**
   * Decodes a record alone, from the header of a single object.
   *
   * @param id the id the object was read under
   * @param json the header's JSON
   * @return the record
   * @throws IllegalArgumentException saying what is wrong when the JSON is not a record of this id
   */
  public static PayloadRecord decodeRecord(String id, byte[] json) {
    return record(id, parse(id, json));
  }

  private static JsonNode parse(String id, byte[] json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the record object is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the record object is not a JSON object");
    }
    if (!id.equals(text(n, "id"))) {
      throw new IllegalArgumentException("the record object names another id");
    }
    return n;
  }

  private static PayloadRecord record(String id, JsonNode n) {
    try {
      Map<String, String> metadata = new LinkedHashMap<>();
      JsonNode meta = n.path("metadata");
      meta.fieldNames().forEachRemaining(k -> metadata.put(k, meta.get(k).asText()));
      return PayloadRecord.builder()
          .id(id)
          .sessionId(optional(n, "sessionId"))
          .toolName(optional(n, "toolName"))
          .providerName(optional(n, "providerName"))
          .contentType(text(n, "contentType"))
          .compression(text(n, "compression"))
          .checksum(optional(n, "checksum"))
          .originalSizeBytes(number(n, "originalSizeBytes"))
          .storedSizeBytes(number(n, "storedSizeBytes"))
          .createdAt(Instant.parse(text(n, "createdAt")))
          .expiresAt(Instant.parse(text(n, "expiresAt")))
          .metadata(metadata)
          .build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the record object is incomplete or malformed: " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is missing or not text");
    }
    return v.asText();
  }

  private static String optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("field " + field + " is missing or not a whole number");
    }
    return v.asLong();
  }
}

package io.payloadoffload.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.text.Texts;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The small JSON reference sent in place of an offloaded payload (envelope version 1).
 *
 * <p>It is a flat JSON object whose fields are a strict superset of the original message-bus
 * reference ({@code message_bus_transaction_id}, {@code payload_size_bytes},
 * {@code retrieval_required}, {@code session_id}, {@code tool_name}), so readers of that format keep
 * working. {@code docs/envelope.md} specifies it for other languages.
 *
 * <p>Instances are immutable and thread-safe. {@link #parse(String)} ignores unknown fields and
 * throws only {@link EnvelopeFormatException}, whatever the input. Text longer than
 * {@link #MAX_ENVELOPE_CHARS} is rejected before any JSON is read, so a huge or deeply nested
 * message costs no more memory than its own text.
 */
public final class PayloadEnvelope {
  /** The envelope version this library writes and reads: {@value}. */
  public static final int VERSION = 1;
  /** Prefix of every transaction id: {@value}; the same as {@link PayloadHeader#ID_PREFIX}. */
  public static final String ID_PREFIX = PayloadHeader.ID_PREFIX;
  /**
   * The longest envelope text read: {@value} characters (64 Ki). Envelopes written by this library
   * are about 500 characters; the limit leaves room for long session ids, tool names, content types
   * and fields added by later minor versions, while the tree built from the longest accepted text
   * stays at a few MiB whatever its shape.
   */
  public static final int MAX_ENVELOPE_CHARS = 64 * 1024;
  /**
   * The deepest nesting of arrays and objects read: {@value}. The envelope itself is flat; this
   * leaves room for structured values in unknown fields.
   */
  public static final int MAX_NESTING_DEPTH = 32;

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
          .maxDocumentLength(MAX_ENVELOPE_CHARS)
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_ENVELOPE_CHARS)
          .maxNameLength(MAX_ENVELOPE_CHARS)
          .build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String transactionId;
  private final long payloadSizeBytes;
  private final String sessionId;
  private final String toolName;
  private final long storedSizeBytes;
  private final Compression compression;
  private final String checksum;
  private final String contentType;
  private final Instant createdAt;
  private final Instant expiresAt;

  private PayloadEnvelope(Builder b) {
    this.transactionId = b.transactionId;
    this.payloadSizeBytes = b.payloadSizeBytes;
    this.sessionId = b.sessionId;
    this.toolName = b.toolName;
    this.storedSizeBytes = b.storedSizeBytes;
    this.compression = b.compression;
    this.checksum = b.checksum;
    this.contentType = b.contentType;
    this.createdAt = b.createdAt;
    this.expiresAt = b.expiresAt;
  }

  /**
   * Whether a string is a well-formed transaction id.
   *
   * @param id the text to check; may be {@code null}
   * @return {@code true} for {@code txn_} followed by exactly 32 lowercase hex digits; the same as
   *     {@link PayloadHeader#isValidId(String)}
   */
  public static boolean isValidId(String id) {
    return PayloadHeader.isValidId(id);
  }

  /**
   * A new builder.
   *
   * @return a builder with content type {@value PayloadHeader#DEFAULT_CONTENT_TYPE} and no checksum
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The envelope describing a stored payload.
   *
   * @param record the record
   * @return the envelope
   * @throws IllegalArgumentException if the record's compression is unknown
   */
  public static PayloadEnvelope of(PayloadRecord record) {
    Objects.requireNonNull(record, "record");
    return builder()
        .transactionId(record.id())
        .payloadSizeBytes(record.originalSizeBytes())
        .sessionId(record.sessionId().orElse(null))
        .toolName(record.toolName().orElse(null))
        .storedSizeBytes(record.storedSizeBytes())
        .compression(Compression.fromWireName(record.compression()).orElseThrow(
            () -> new IllegalArgumentException("unknown compression " + record.compression())))
        .checksum(record.checksum().orElse(null))
        .contentType(record.contentType())
        .createdAt(record.createdAt())
        .expiresAt(record.expiresAt())
        .build();
  }

  /**
   * Parses an envelope from JSON text.
   *
   * @param json the text, at most {@link #MAX_ENVELOPE_CHARS} characters
   * @return the envelope
   * @throws EnvelopeFormatException if the text is longer than {@link #MAX_ENVELOPE_CHARS}, nests
   *     deeper than {@link #MAX_NESTING_DEPTH}, is not JSON, not an object, or not a valid version-1
   *     envelope; never any other exception
   */
  public static PayloadEnvelope parse(String json) {
    if (json == null) {
      throw new EnvelopeFormatException("envelope text is null", null);
    }
    if (json.length() > MAX_ENVELOPE_CHARS) {
      throw new EnvelopeFormatException("envelope text is " + json.length() + " characters, more than "
          + "the limit of " + MAX_ENVELOPE_CHARS + "; an envelope is a few hundred characters, so this "
          + "is not one", null);
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

  /**
   * Parses an envelope from a Jackson tree. Unknown fields are ignored. The tree already exists, and
   * parsing it looks up only the known fields, so no size limit applies here: a caller that builds
   * trees from untrusted text limits that text itself, as {@link #parse(String)} does.
   *
   * @param node the JSON object
   * @return the envelope
   * @throws EnvelopeFormatException if the node is not a valid version-1 envelope; never any other
   *     exception
   */
  public static PayloadEnvelope parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new EnvelopeFormatException("envelope must be a JSON object", null);
    }
    JsonNode version = node.get(F_VERSION);
    if (version == null || version.isNull()) {
      throw new EnvelopeFormatException(F_VERSION + " is missing; this reader supports version " + VERSION, null);
    }
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != VERSION) {
      throw new EnvelopeFormatException("unsupported " + F_VERSION + " " + Texts.abbreviate(version.toString())
          + "; this reader supports version " + VERSION + ". Upgrade payload-offload.", null);
    }
    JsonNode retrieval = node.get(F_RETRIEVAL);
    if (retrieval != null && !retrieval.isNull() && !retrieval.isBoolean()) {
      throw new EnvelopeFormatException(F_RETRIEVAL + " must be a boolean", null);
    }
    String id = requiredText(node, F_ID);
    if (!isValidId(id)) {
      throw new EnvelopeFormatException(F_ID + " must be txn_ followed by 32 lowercase hex digits", null);
    }
    String compressionName = requiredText(node, F_COMPRESSION);
    Compression compression = Compression.fromWireName(compressionName)
        .filter(c -> c.wireName().equals(compressionName))
        .orElseThrow(() -> new EnvelopeFormatException("unknown " + F_COMPRESSION + " '"
            + Texts.abbreviate(compressionName) + "'; expected zstd, gzip or none", null));
    String checksum = optionalText(node, F_CHECKSUM);
    if (checksum != null && ChecksumAlgorithm.ofChecksum(checksum).isEmpty()) {
      throw new EnvelopeFormatException(F_CHECKSUM + " must be sha256:<64 hex> or crc32c:<8 hex>", null);
    }
    String contentType = optionalText(node, F_CONTENT_TYPE);
    Instant created = instant(node, F_CREATED);
    Instant expires = instant(node, F_EXPIRES);
    if (expires.isBefore(created)) {
      throw new EnvelopeFormatException(F_EXPIRES + " is before " + F_CREATED, null);
    }
    return builder()
        .transactionId(id)
        .payloadSizeBytes(size(node, F_SIZE))
        .sessionId(optionalText(node, F_SESSION))
        .toolName(optionalText(node, F_TOOL))
        .storedSizeBytes(size(node, F_STORED_SIZE))
        .compression(compression)
        .checksum(checksum)
        .contentType(contentType == null ? PayloadHeader.DEFAULT_CONTENT_TYPE : contentType)
        .createdAt(created)
        .expiresAt(expires)
        .build();
  }

  /**
   * Whether a text looks like an envelope: a JSON object with {@code retrieval_required: true} and a
   * textual {@code message_bus_transaction_id}. It does not validate the rest; use {@link #parse}.
   * Text longer than {@link #MAX_ENVELOPE_CHARS} is never an envelope and is not parsed. Never
   * throws.
   *
   * @param text any text, may be {@code null}
   * @return {@code true} if the text should be resolved rather than used as is
   */
  public static boolean isEnvelope(String text) {
    if (text == null || text.length() > MAX_ENVELOPE_CHARS) {
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

  /**
   * Whether a JSON tree looks like an envelope; see {@link #isEnvelope(String)}. Never throws.
   *
   * @param node any node, may be {@code null}
   * @return {@code true} if the node should be resolved rather than used as is
   */
  public static boolean isEnvelope(JsonNode node) {
    return node != null && node.isObject()
        && node.path(F_RETRIEVAL).isBoolean() && node.path(F_RETRIEVAL).booleanValue()
        && node.path(F_ID).isTextual();
  }

  /**
   * Writes the envelope as compact JSON, fields in the order of {@code docs/envelope.md}; absent
   * optional fields are left out.
   *
   * @return the JSON text, a few hundred bytes
   */
  public String toJson() {
    return toJsonNode().toString();
  }

  /**
   * The envelope as a Jackson tree, for embedding in a larger message.
   *
   * @return a new, mutable object node
   */
  public ObjectNode toJsonNode() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put(F_ID, transactionId);
    n.put(F_SIZE, payloadSizeBytes);
    n.put(F_RETRIEVAL, true);
    if (sessionId != null) {
      n.put(F_SESSION, sessionId);
    }
    if (toolName != null) {
      n.put(F_TOOL, toolName);
    }
    n.put(F_VERSION, VERSION);
    n.put(F_STORED_SIZE, storedSizeBytes);
    n.put(F_COMPRESSION, compression.wireName());
    if (checksum != null) {
      n.put(F_CHECKSUM, checksum);
    }
    n.put(F_CONTENT_TYPE, contentType);
    n.put(F_CREATED, createdAt.toString());
    n.put(F_EXPIRES, expiresAt.toString());
    return n;
  }

  /**
   * The transaction id ({@code message_bus_transaction_id}).
   *
   * @return {@code txn_} plus 32 lowercase hex digits
   */
  public String transactionId() {
    return transactionId;
  }

  /**
   * The size of the original payload ({@code payload_size_bytes}); resolving yields exactly this
   * many bytes.
   *
   * @return bytes, at least 0
   */
  public long payloadSizeBytes() {
    return payloadSizeBytes;
  }

  /**
   * The session that may resolve the payload ({@code session_id}).
   *
   * @return the session id, or empty
   */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /**
   * The tool that produced the payload ({@code tool_name}).
   *
   * @return the tool name, or empty
   */
  public Optional<String> toolName() {
    return Optional.ofNullable(toolName);
  }

  /**
   * The size of the stored, compressed bytes ({@code stored_size_bytes}).
   *
   * @return bytes, at least 0
   */
  public long storedSizeBytes() {
    return storedSizeBytes;
  }

  /**
   * The compression of the stored bytes ({@code compression}).
   *
   * @return the codec
   */
  public Compression compression() {
    return compression;
  }

  /**
   * The checksum of the original bytes ({@code checksum}).
   *
   * @return {@code sha256:<64 hex>} or {@code crc32c:<8 hex>}, or empty when checksums were off
   */
  public Optional<String> checksum() {
    return Optional.ofNullable(checksum);
  }

  /**
   * The media type of the original bytes ({@code content_type}).
   *
   * @return the content type; {@value PayloadHeader#DEFAULT_CONTENT_TYPE} when none was given
   */
  public String contentType() {
    return contentType;
  }

  /**
   * When the payload was stored ({@code created_at}).
   *
   * @return the instant
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * When the payload expires ({@code expires_at}).
   *
   * @return the instant
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PayloadEnvelope)) {
      return false;
    }
    PayloadEnvelope e = (PayloadEnvelope) o;
    return payloadSizeBytes == e.payloadSizeBytes
        && storedSizeBytes == e.storedSizeBytes
        && transactionId.equals(e.transactionId)
        && Objects.equals(sessionId, e.sessionId)
        && Objects.equals(toolName, e.toolName)
        && compression == e.compression
        && Objects.equals(checksum, e.checksum)
        && contentType.equals(e.contentType)
        && createdAt.equals(e.createdAt)
        && expiresAt.equals(e.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transactionId, payloadSizeBytes, sessionId, toolName, storedSizeBytes,
        compression, checksum, contentType, createdAt, expiresAt);
  }

  @Override
  public String toString() {
    return toJson();
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

  /** Builds a {@link PayloadEnvelope}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private String transactionId;
    private long payloadSizeBytes = -1;
    private String sessionId;
    private String toolName;
    private long storedSizeBytes = -1;
    private Compression compression;
    private String checksum;
    private String contentType = PayloadHeader.DEFAULT_CONTENT_TYPE;
    private Instant createdAt;
    private Instant expiresAt;

    private Builder() {}

    /**
     * Sets the transaction id.
     *
     * @param id {@code txn_} plus 32 lowercase hex digits
     * @return this builder
     * @throws IllegalArgumentException if malformed
     */
    public Builder transactionId(String id) {
      if (!isValidId(id)) {
        throw new IllegalArgumentException("transactionId must be txn_ followed by 32 lowercase hex digits: " + id);
      }
      this.transactionId = id;
      return this;
    }

    /**
     * Sets the original size.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder payloadSizeBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("payloadSizeBytes must be >= 0: " + bytes);
      }
      this.payloadSizeBytes = bytes;
      return this;
    }

    /**
     * Sets the session id.
     *
     * @param sessionId the session, or {@code null}
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Sets the tool name.
     *
     * @param toolName the tool, or {@code null}
     * @return this builder
     */
    public Builder toolName(String toolName) {
      this.toolName = toolName;
      return this;
    }

    /**
     * Sets the stored size.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder storedSizeBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("storedSizeBytes must be >= 0: " + bytes);
      }
      this.storedSizeBytes = bytes;
      return this;
    }

    /**
     * Sets the compression.
     *
     * @param compression the codec
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * Sets the checksum.
     *
     * @param checksum {@code sha256:<64 hex>} or {@code crc32c:<8 hex>}, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if malformed
     */
    public Builder checksum(String checksum) {
      if (checksum != null && ChecksumAlgorithm.ofChecksum(checksum).isEmpty()) {
        throw new IllegalArgumentException("checksum must be sha256:<64 hex> or crc32c:<8 hex>: " + checksum);
      }
      this.checksum = checksum;
      return this;
    }

    /**
     * Sets the content type.
     *
     * @param contentType the media type
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder contentType(String contentType) {
      this.contentType = Objects.requireNonNull(contentType, "contentType");
      return this;
    }

    /**
     * Sets the creation instant.
     *
     * @param createdAt the instant
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * Sets the expiry instant.
     *
     * @param expiresAt the instant
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      return this;
    }

    /**
     * Builds the envelope.
     *
     * @return an immutable envelope
     * @throws IllegalStateException if a required field (id, sizes, compression, instants) is missing
     */
    public PayloadEnvelope build() {
      if (transactionId == null || payloadSizeBytes < 0 || storedSizeBytes < 0 || compression == null
          || createdAt == null || expiresAt == null) {
        throw new IllegalStateException(
            "transactionId, payloadSizeBytes, storedSizeBytes, compression, createdAt and expiresAt are required");
      }
      return new PayloadEnvelope(this);
    }
  }
}

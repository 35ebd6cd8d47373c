package io.payloadoffload.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The small JSON reference sent in place of an offloaded payload (envelope version 1): the part of a
 * {@link PayloadRecord} that travels. It leaves out the provider name and the metadata, which stay in
 * the store.
 *
 * <p>It is a flat JSON object whose fields are a strict superset of the original message-bus
 * reference ({@code message_bus_transaction_id}, {@code payload_size_bytes},
 * {@code retrieval_required}, {@code session_id}, {@code tool_name}), so readers of that format keep
 * working. {@code docs/envelope.md} specifies it for other languages.
 *
 * <p>A value: immutable, thread-safe and equal by every component. The offloader makes it with
 * {@link #of(PayloadRecord)}; a receiver reads it with {@link #parse(String)}, which ignores unknown
 * fields and throws only {@link EnvelopeFormatException}, whatever the input. Text longer than
 * {@link #MAX_ENVELOPE_CHARS} is rejected before any JSON is read, so a huge or deeply nested message
 * costs no more memory than its own text. The id's format and the default content type are
 * {@link PayloadHeader}'s.
 *
 * @param transactionId the transaction id ({@code message_bus_transaction_id}):
 *     {@value PayloadHeader#ID_PREFIX} plus 32 lowercase hex digits
 * @param payloadSizeBytes the size of the original payload ({@code payload_size_bytes}), at least 0;
 *     resolving yields exactly this many bytes
 * @param sessionId the session that may resolve the payload ({@code session_id}), if any
 * @param toolName the tool that produced the payload ({@code tool_name}), if known
 * @param storedSizeBytes the size of the stored, compressed bytes ({@code stored_size_bytes}), at
 *     least 0
 * @param compression the compression of the stored bytes ({@code compression})
 * @param checksum the checksum of the original bytes ({@code checksum}): {@code sha256:<64 hex>} or
 *     {@code crc32c:<8 hex>}, or empty when checksums were off
 * @param contentType the media type of the original bytes ({@code content_type});
 *     {@value PayloadHeader#DEFAULT_CONTENT_TYPE} when the sender gave none
 * @param createdAt when the payload was stored ({@code created_at})
 * @param expiresAt when the payload expires ({@code expires_at}); not before {@code createdAt}
 */
public record PayloadEnvelope(String transactionId, long payloadSizeBytes, Optional<String> sessionId,
    Optional<String> toolName, long storedSizeBytes, Compression compression, Optional<String> checksum,
    String contentType, Instant createdAt, Instant expiresAt) {
  /** The envelope version this library writes and reads: {@value}. */
  public static final int VERSION = 1;
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

  /**
   * Checks the values.
   *
   * @param transactionId as the record component {@code transactionId} above
   * @param payloadSizeBytes as the record component {@code payloadSizeBytes} above
   * @param sessionId as the record component {@code sessionId} above
   * @param toolName as the record component {@code toolName} above
   * @param storedSizeBytes as the record component {@code storedSizeBytes} above
   * @param compression as the record component {@code compression} above
   * @param checksum as the record component {@code checksum} above
   * @param contentType as the record component {@code contentType} above
   * @param createdAt as the record component {@code createdAt} above
   * @param expiresAt as the record component {@code expiresAt} above
   * @throws IllegalArgumentException naming the value: a malformed id or checksum, a negative size, or
   *     {@code expiresAt} before {@code createdAt}
   * @throws NullPointerException if a value is null (use {@link Optional#empty()} for an absent
   *     session, tool or checksum)
   */
  public PayloadEnvelope {
    if (!PayloadHeader.isValidId(transactionId)) {
      throw new IllegalArgumentException("transactionId must be " + PayloadHeader.ID_PREFIX
          + " followed by 32 lowercase hex digits: " + transactionId);
    }
    nonNegative("payloadSizeBytes", payloadSizeBytes);
    nonNegative("storedSizeBytes", storedSizeBytes);
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(checksum, "checksum");
    if (checksum.isPresent() && ChecksumAlgorithm.ofChecksum(checksum.get()).isEmpty()) {
      throw new IllegalArgumentException("checksum must be sha256:<64 hex> or crc32c:<8 hex>: " + checksum.get());
    }
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (expiresAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("expiresAt " + expiresAt + " is before createdAt " + createdAt);
    }
  }

  /**
   * The envelope of a stored payload: the record's values that travel.
   *
   * @param record the record
   * @return the envelope
   * @throws IllegalArgumentException if the record's compression is not one this version knows, or
   *     its checksum is malformed
   * @throws NullPointerException if {@code record} is null
   */
  public static PayloadEnvelope of(PayloadRecord record) {
    Objects.requireNonNull(record, "record");
    Compression compression = Compression.fromWireName(record.compression()).orElseThrow(
        () -> new IllegalArgumentException("unknown compression " + record.compression()));
    return new PayloadEnvelope(record.id(), record.originalSizeBytes(), record.sessionId(),
        record.toolName(), record.storedSizeBytes(), compression, record.checksum(), record.contentType(),
        record.createdAt(), record.expiresAt());
  }

  /**
   * Parses an envelope from JSON text.
   *
   * @param json the text, at most {@link #MAX_ENVELOPE_CHARS} characters
   * @return the envelope
   * @throws EnvelopeFormatException if the text is null, longer than {@link #MAX_ENVELOPE_CHARS}, nests
   *     deeper than {@link #MAX_NESTING_DEPTH}, is not JSON, not an object, or not a valid version-1
   *     envelope; never any other exception
   */
  public static PayloadEnvelope parse(String json) {
    return EnvelopeJson.parse(json);
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
    return EnvelopeJson.parse(node);
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
    return EnvelopeJson.isEnvelope(text);
  }

  /**
   * Whether a JSON tree looks like an envelope; see {@link #isEnvelope(String)}. Never throws.
   *
   * @param node any node, may be {@code null}
   * @return {@code true} if the node should be resolved rather than used as is
   */
  public static boolean isEnvelope(JsonNode node) {
    return EnvelopeJson.isEnvelope(node);
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
    return EnvelopeJson.write(this);
  }

  /**
   * The envelope's JSON text, as {@link #toJson()}.
   *
   * @return the JSON text
   */
  @Override
  public String toString() {
    return toJson();
  }

  private static void nonNegative(String name, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + bytes);
    }
  }
}

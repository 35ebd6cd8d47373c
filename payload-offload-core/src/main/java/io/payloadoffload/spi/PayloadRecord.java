package io.payloadoffload.spi;

import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a store keeps about one payload besides its bytes. Immutable and thread-safe; built with
 * {@link #builder()}.
 *
 * <p>For a payload offloaded from an {@link java.io.InputStream}, the sizes and checksum are known
 * only once the stream has been read to its end: such a record reports {@code -1} sizes and an empty
 * checksum, and {@link #finalRecord()} gives the complete record after the stream is drained.
 */
public final class PayloadRecord {
  /** Content type used when none is given: {@value}. */
  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private final String id;
  private final String sessionId;
  private final String toolName;
  private final String providerName;
  private final String contentType;
  private final String compression;
  private final String checksum;
  private final long originalSizeBytes;
  private final long storedSizeBytes;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final Map<String, String> metadata;
  private final Supplier<PayloadRecord> completion;

  private PayloadRecord(Builder b) {
    this.id = b.id;
    this.sessionId = b.sessionId;
    this.toolName = b.toolName;
    this.providerName = b.providerName;
    this.contentType = b.contentType;
    this.compression = b.compression;
    this.checksum = b.checksum;
    this.originalSizeBytes = b.originalSizeBytes;
    this.storedSizeBytes = b.storedSizeBytes;
    this.createdAt = b.createdAt;
    this.expiresAt = b.expiresAt;
    this.metadata = Map.copyOf(b.metadata);
    this.completion = b.completion;
  }

  /**
   * A new builder.
   *
   * @return a builder with content type {@value #DEFAULT_CONTENT_TYPE}, compression {@code none},
   *     unknown sizes and no metadata
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this record's values.
   *
   * @return a new builder; this record is unchanged by it
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.sessionId = sessionId;
    b.toolName = toolName;
    b.providerName = providerName;
    b.contentType = contentType;
    b.compression = compression;
    b.checksum = checksum;
    b.originalSizeBytes = originalSizeBytes;
    b.storedSizeBytes = storedSizeBytes;
    b.createdAt = createdAt;
    b.expiresAt = expiresAt;
    b.metadata.putAll(metadata);
    b.completion = completion;
    return b;
  }

  /**
   * The transaction id.
   *
   * @return {@code txn_} plus 32 lowercase hex digits
   */
  public String id() {
    return id;
  }

  /**
   * The session the payload belongs to; only that session may resolve it.
   *
   * @return the session id, or empty for a payload any requester may read
   */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /**
   * The tool that produced the payload.
   *
   * @return the tool name, or empty
   */
  public Optional<String> toolName() {
    return Optional.ofNullable(toolName);
  }

  /**
   * The provider (model vendor, upstream service) the payload came from.
   *
   * @return the provider name, or empty
   */
  public Optional<String> providerName() {
    return Optional.ofNullable(providerName);
  }

  /**
   * The media type of the original bytes.
   *
   * @return the content type; default {@value #DEFAULT_CONTENT_TYPE}
   */
  public String contentType() {
    return contentType;
  }

  /**
   * How the stored bytes are compressed.
   *
   * @return the codec's wire name: {@code zstd}, {@code gzip} or {@code none}; default {@code none}
   */
  public String compression() {
    return compression;
  }

  /**
   * The checksum of the original bytes.
   *
   * @return {@code sha256:<64 hex>} or {@code crc32c:<8 hex>}, or empty when checksums are off or
   *     not yet known (a streamed payload before {@link #finalRecord()})
   */
  public Optional<String> checksum() {
    return Optional.ofNullable(checksum);
  }

  /**
   * The size of the original bytes.
   *
   * @return bytes, or {@code -1} when not yet known
   */
  public long originalSizeBytes() {
    return originalSizeBytes;
  }

  /**
   * The size of the stored (compressed) bytes.
   *
   * @return bytes, or {@code -1} when not yet known
   */
  public long storedSizeBytes() {
    return storedSizeBytes;
  }

  /**
   * When the payload was stored.
   *
   * @return the creation instant
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * When the payload expires; resolving fails after it, and sweeping deletes it.
   *
   * @return the expiry instant
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Caller-supplied string metadata.
   *
   * @return an unmodifiable map, empty by default
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Whether sizes are known. A record built from a byte array is complete; a streamed one becomes
   * complete through {@link #finalRecord()}.
   *
   * @return {@code true} when both sizes are known
   */
  public boolean isComplete() {
    return originalSizeBytes >= 0 && storedSizeBytes >= 0;
  }

  /**
   * The record with all sizes and the checksum known. For a complete record this is {@code this}.
   * For a streamed payload it may be called only after the stored bytes have been read to their end.
   *
   * @return a complete record with the same id
   * @throws IllegalStateException if the stored bytes have not been read to their end yet
   */
  public PayloadRecord finalRecord() {
    if (completion == null) {
      return this;
    }
    PayloadRecord done = completion.get();
    if (done == null || !done.isComplete() || !done.id.equals(id)) {
      throw new IllegalStateException(
          "finalRecord() of payload " + id + " called before its stored bytes were read to the end");
    }
    return done;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PayloadRecord)) {
      return false;
    }
    PayloadRecord r = (PayloadRecord) o;
    return originalSizeBytes == r.originalSizeBytes
        && storedSizeBytes == r.storedSizeBytes
        && id.equals(r.id)
        && Objects.equals(sessionId, r.sessionId)
        && Objects.equals(toolName, r.toolName)
        && Objects.equals(providerName, r.providerName)
        && contentType.equals(r.contentType)
        && compression.equals(r.compression)
        && Objects.equals(checksum, r.checksum)
        && createdAt.equals(r.createdAt)
        && expiresAt.equals(r.expiresAt)
        && metadata.equals(r.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, sessionId, toolName, providerName, contentType, compression, checksum,
        originalSizeBytes, storedSizeBytes, createdAt, expiresAt, metadata);
  }

  @Override
  public String toString() {
    return "PayloadRecord{id=" + id + ", sessionId=" + sessionId + ", toolName=" + toolName
        + ", compression=" + compression + ", originalSizeBytes=" + originalSizeBytes
        + ", storedSizeBytes=" + storedSizeBytes + ", expiresAt=" + expiresAt + "}";
  }

  /** Builds a {@link PayloadRecord}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private String id;
    private String sessionId;
    private String toolName;
    private String providerName;
    private String contentType = DEFAULT_CONTENT_TYPE;
    private String compression = "none";
    private String checksum;
    private long originalSizeBytes = -1;
    private long storedSizeBytes = -1;
    private Instant createdAt;
    private Instant expiresAt;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Supplier<PayloadRecord> completion;

    private Builder() {}

    /**
     * Sets the id.
     *
     * @param id {@code txn_} plus 32 lowercase hex digits
     * @return this builder
     * @throws IllegalArgumentException if the id is not of that form
     */
    public Builder id(String id) {
      if (!PayloadEnvelope.isValidId(id)) {
        throw new IllegalArgumentException("id must be txn_ followed by 32 lowercase hex digits: " + id);
      }
      this.id = id;
      return this;
    }

    /**
     * Sets the owning session.
     *
     * @param sessionId the session id, or {@code null} for none
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Sets the tool name.
     *
     * @param toolName the tool name, or {@code null}
     * @return this builder
     */
    public Builder toolName(String toolName) {
      this.toolName = toolName;
      return this;
    }

    /**
     * Sets the provider name.
     *
     * @param providerName the provider name, or {@code null}
     * @return this builder
     */
    public Builder providerName(String providerName) {
      this.providerName = providerName;
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
     * Sets the codec's wire name.
     *
     * @param compression {@code zstd}, {@code gzip} or {@code none}
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder compression(String compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * Sets the checksum of the original bytes.
     *
     * @param checksum {@code sha256:<hex>} or {@code crc32c:<hex>}, or {@code null} for none
     * @return this builder
     */
    public Builder checksum(String checksum) {
      this.checksum = checksum;
      return this;
    }

    /**
     * Sets the original size.
     *
     * @param bytes the size, or {@code -1} for unknown
     * @return this builder
     * @throws IllegalArgumentException if less than {@code -1}
     */
    public Builder originalSizeBytes(long bytes) {
      if (bytes < -1) {
        throw new IllegalArgumentException("originalSizeBytes must be >= 0 (or -1 for unknown): " + bytes);
      }
      this.originalSizeBytes = bytes;
      return this;
    }

    /**
     * Sets the stored size.
     *
     * @param bytes the size, or {@code -1} for unknown
     * @return this builder
     * @throws IllegalArgumentException if less than {@code -1}
     */
    public Builder storedSizeBytes(long bytes) {
      if (bytes < -1) {
        throw new IllegalArgumentException("storedSizeBytes must be >= 0 (or -1 for unknown): " + bytes);
      }
      this.storedSizeBytes = bytes;
      return this;
    }

    /**
     * Sets the creation instant.
     *
     * @param createdAt when the payload was stored
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
     * @param expiresAt when the payload expires
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      return this;
    }

    /**
     * Replaces the metadata.
     *
     * @param metadata string pairs; copied
     * @return this builder
     * @throws NullPointerException if the map, a key or a value is null
     */
    public Builder metadata(Map<String, String> metadata) {
      Objects.requireNonNull(metadata, "metadata");
      this.metadata.clear();
      metadata.forEach(
          (k, v) -> this.metadata.put(Objects.requireNonNull(k, "metadata key"),
              Objects.requireNonNull(v, "metadata value for " + k)));
      return this;
    }

    /**
     * For streamed payloads: supplies the complete record once the stored bytes are drained. Used by
     * the core; stores only call {@link PayloadRecord#finalRecord()}.
     *
     * @param completion returns the complete record, or {@code null} while it is not yet known
     * @return this builder
     */
    public Builder completedBy(Supplier<PayloadRecord> completion) {
      this.completion = completion;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return an immutable record
     * @throws IllegalStateException if the id, createdAt or expiresAt is missing, or expiresAt is
     *     before createdAt
     */
    public PayloadRecord build() {
      if (id == null) {
        throw new IllegalStateException("id is required");
      }
      if (createdAt == null || expiresAt == null) {
        throw new IllegalStateException("createdAt and expiresAt are required");
      }
      if (expiresAt.isBefore(createdAt)) {
        throw new IllegalStateException("expiresAt " + expiresAt + " is before createdAt " + createdAt);
      }
      return new PayloadRecord(this);
    }
  }
}

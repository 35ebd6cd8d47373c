package io.payloadoffload.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store keeps about one payload besides its bytes: its {@link PayloadHeader}, its sizes and
 * its checksum. Always complete: a streamed payload's record exists only once its body has ended
 * (see {@link PayloadBody#record()}). Immutable and thread-safe, equal by every value; built with
 * {@link #builder()} or {@link #of(PayloadHeader, long, long, String)}.
 */
public final class PayloadRecord {
  private final PayloadHeader header;
  private final String checksum;
  private final long originalSizeBytes;
  private final long storedSizeBytes;

  private PayloadRecord(PayloadHeader header, long originalSizeBytes, long storedSizeBytes, String checksum) {
    this.header = header;
    this.checksum = checksum;
    this.originalSizeBytes = originalSizeBytes;
    this.storedSizeBytes = storedSizeBytes;
  }

  /**
   * A record of a header and what became known once the body ended.
   *
   * @param header the header
   * @param originalSizeBytes the original bytes' size, at least 0
   * @param storedSizeBytes the stored bytes' size, at least 0
   * @param checksum {@code sha256:<hex>} or {@code crc32c:<hex>} of the original bytes, or
   *     {@code null} for none
   * @return the record
   * @throws IllegalArgumentException if a size is negative
   * @throws NullPointerException if {@code header} is null
   */
  public static PayloadRecord of(PayloadHeader header, long originalSizeBytes, long storedSizeBytes,
      String checksum) {
    Objects.requireNonNull(header, "header");
    return new PayloadRecord(header, nonNegative("originalSizeBytes", originalSizeBytes),
        nonNegative("storedSizeBytes", storedSizeBytes), checksum);
  }

  /**
   * A new builder.
   *
   * @return a builder with content type {@value PayloadHeader#DEFAULT_CONTENT_TYPE}, compression
   *     {@code none} and no metadata
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
    b.id = header.id();
    b.sessionId = header.sessionId().orElse(null);
    b.toolName = header.toolName().orElse(null);
    b.providerName = header.providerName().orElse(null);
    b.contentType = header.contentType();
    b.compression = header.compression();
    b.checksum = checksum;
    b.originalSizeBytes = originalSizeBytes;
    b.storedSizeBytes = storedSizeBytes;
    b.createdAt = header.createdAt();
    b.expiresAt = header.expiresAt();
    b.metadata.putAll(header.metadata());
    return b;
  }

  /**
   * The header: every value known before the body.
   *
   * @return the header
   */
  public PayloadHeader header() {
    return header;
  }

  /**
   * The transaction id.
   *
   * @return {@value PayloadHeader#ID_PREFIX} plus 32 lowercase hex digits
   */
  public String id() {
    return header.id();
  }

  /**
   * The session that owns the payload; only it may read it.
   *
   * @return the session id, or empty for a payload any requester may read
   */
  public Optional<String> sessionId() {
    return header.sessionId();
  }

  /**
   * The tool that produced the payload.
   *
   * @return the tool name, or empty
   */
  public Optional<String> toolName() {
    return header.toolName();
  }

  /**
   * The provider that produced the payload.
   *
   * @return the provider name, or empty
   */
  public Optional<String> providerName() {
    return header.providerName();
  }

  /**
   * The original bytes' content type.
   *
   * @return the content type; default {@value PayloadHeader#DEFAULT_CONTENT_TYPE}
   */
  public String contentType() {
    return header.contentType();
  }

  /**
   * How the stored bytes are compressed.
   *
   * @return the codec's wire name: {@code zstd}, {@code gzip} or {@code none}; default {@code none}
   */
  public String compression() {
    return header.compression();
  }

  /**
   * The checksum of the original bytes.
   *
   * @return {@code sha256:<64 hex>} or {@code crc32c:<8 hex>}, or empty when checksums are off
   */
  public Optional<String> checksum() {
    return Optional.ofNullable(checksum);
  }

  /**
   * The original (uncompressed) size.
   *
   * @return bytes, at least 0
   */
  public long originalSizeBytes() {
    return originalSizeBytes;
  }

  /**
   * The stored (compressed) size.
   *
   * @return bytes, at least 0
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
    return header.createdAt();
  }

  /**
   * When the payload expires.
   *
   * @return the expiry instant
   */
  public Instant expiresAt() {
    return header.expiresAt();
  }

  /**
   * String metadata given with the payload.
   *
   * @return an unmodifiable map, empty by default
   */
  public Map<String, String> metadata() {
    return header.metadata();
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
        && header.equals(r.header)
        && Objects.equals(checksum, r.checksum);
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, checksum, originalSizeBytes, storedSizeBytes);
  }

  @Override
  public String toString() {
    return "PayloadRecord{id=" + id() + ", sessionId=" + sessionId().orElse(null) + ", toolName="
        + toolName().orElse(null) + ", compression=" + compression() + ", originalSizeBytes="
        + originalSizeBytes + ", storedSizeBytes=" + storedSizeBytes + ", expiresAt=" + expiresAt() + "}";
  }

  private static long nonNegative(String name, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + bytes);
    }
    return bytes;
  }

  /** Builds a {@link PayloadRecord}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private String id;
    private String sessionId;
    private String toolName;
    private String providerName;
    private String contentType = PayloadHeader.DEFAULT_CONTENT_TYPE;
    private String compression = "none";
    private String checksum;
    private Long originalSizeBytes;
    private Long storedSizeBytes;
    private Instant createdAt;
    private Instant expiresAt;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the id.
     *
     * @param id {@value PayloadHeader#ID_PREFIX} plus 32 lowercase hex digits
     * @return this builder
     * @throws IllegalArgumentException if the id is not of that form
     */
    public Builder id(String id) {
      if (!PayloadHeader.isValidId(id)) {
        throw new IllegalArgumentException("id must be " + PayloadHeader.ID_PREFIX
            + " followed by 32 lowercase hex digits: " + id);
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
     * Sets the compression of the stored bytes.
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
     * Sets the original size. Required.
     *
     * @param bytes the size, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder originalSizeBytes(long bytes) {
      this.originalSizeBytes = nonNegative("originalSizeBytes", bytes);
      return this;
    }

    /**
     * Sets the stored size. Required.
     *
     * @param bytes the size, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder storedSizeBytes(long bytes) {
      this.storedSizeBytes = nonNegative("storedSizeBytes", bytes);
      return this;
    }

    /**
     * Sets the creation time. Required.
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
     * Sets the expiry time. Required; not before the creation time.
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
     * The header of the values set so far: what a put knows before the body.
     *
     * @return the header
     * @throws IllegalStateException if the id, createdAt or expiresAt is missing
     * @throws IllegalArgumentException if expiresAt is before createdAt
     */
    public PayloadHeader header() {
      if (id == null) {
        throw new IllegalStateException("id is required");
      }
      if (createdAt == null || expiresAt == null) {
        throw new IllegalStateException("createdAt and expiresAt are required");
      }
      return new PayloadHeader(id, Optional.ofNullable(sessionId), Optional.ofNullable(toolName),
          Optional.ofNullable(providerName), contentType, compression, createdAt, expiresAt, metadata);
    }

    /**
     * Builds the record.
     *
     * @return an immutable record
     * @throws IllegalStateException if the id, createdAt, expiresAt or a size is missing
     * @throws IllegalArgumentException if expiresAt is before createdAt
     */
    public PayloadRecord build() {
      if (originalSizeBytes == null || storedSizeBytes == null) {
        throw new IllegalStateException("originalSizeBytes and storedSizeBytes are required");
      }
      return new PayloadRecord(header(), originalSizeBytes, storedSizeBytes, checksum);
    }
  }
}

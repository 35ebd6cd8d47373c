package io.payloadoffload;

import io.payloadoffload.spi.PayloadHeader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a payload is for and where it came from. Immutable and thread-safe; built with
 * {@link #builder()}, or {@link #of(String, String)} for the common case.
 *
 * <p>The session id is written into the envelope; only a requester presenting the same session id
 * can resolve the payload.
 */
public final class OffloadContext {
  private static final OffloadContext EMPTY = builder().build();

  private final String sessionId;
  private final String toolName;
  private final String providerName;
  private final String contentType;
  private final Map<String, String> metadata;

  private OffloadContext(Builder b) {
    this.sessionId = b.sessionId;
    this.toolName = b.toolName;
    this.providerName = b.providerName;
    this.contentType = b.contentType;
    this.metadata = Map.copyOf(b.metadata);
  }

  /**
   * A new builder.
   *
   * @return a builder with no session, tool, provider, content type or metadata
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A context with no session: any requester may resolve the payload.
   *
   * @return the empty context
   */
  public static OffloadContext empty() {
    return EMPTY;
  }

  /**
   * A context for a session and a tool.
   *
   * @param sessionId the session the payload belongs to, or {@code null}
   * @param toolName the tool that produced it, or {@code null}
   * @return the context
   */
  public static OffloadContext of(String sessionId, String toolName) {
    return builder().sessionId(sessionId).toolName(toolName).build();
  }

  /**
   * A builder holding this context's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sessionId = sessionId;
    b.toolName = toolName;
    b.providerName = providerName;
    b.contentType = contentType;
    b.metadata.putAll(metadata);
    return b;
  }

  /**
   * The session the payload belongs to.
   *
   * @return the session id, or empty
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
   * The provider the payload came from.
   *
   * @return the provider name, or empty
   */
  public Optional<String> providerName() {
    return Optional.ofNullable(providerName);
  }

  /**
   * The media type of the payload. When empty, {@code offloadJson} records
   * {@code application/json} and the other methods {@value PayloadHeader#DEFAULT_CONTENT_TYPE}.
   *
   * @return the content type, or empty
   */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * String metadata stored with the payload.
   *
   * @return an unmodifiable map, empty by default
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "OffloadContext{sessionId=" + sessionId + ", toolName=" + toolName + ", providerName="
        + providerName + ", contentType=" + contentType + ", metadata=" + metadata.keySet() + "}";
  }

  /** Builds an {@link OffloadContext}. Not thread-safe. */
  public static final class Builder {
    private String sessionId;
    private String toolName;
    private String providerName;
    private String contentType;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

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
     * Sets the provider name.
     *
     * @param providerName the provider, or {@code null}
     * @return this builder
     */
    public Builder providerName(String providerName) {
      this.providerName = providerName;
      return this;
    }

    /**
     * Sets the content type.
     *
     * @param contentType the media type, or {@code null} for the default
     * @return this builder
     */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Adds one metadata entry.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     * @throws NullPointerException if the key or value is null
     */
    public Builder metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the context.
     *
     * @return an immutable context
     */
    public OffloadContext build() {
      return new OffloadContext(this);
    }
  }
}

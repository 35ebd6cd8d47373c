package io.payloadoffload;

import io.payloadoffload.spi.PayloadHeader;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller tells about a payload: who it is for and where it came from. These are the only
 * facts of a stored payload's {@link PayloadHeader} that the caller supplies; the offloader adds the
 * id, the compression and the times, and the store's record adds the sizes and the checksum.
 *
 * <p>A value: immutable, thread-safe and equal by every component. Made with {@link #of(String,
 * String)} or {@link #empty()}, then the {@code with...} methods, each of which returns a new context.
 * The session id is written into the envelope; only a requester presenting the same session id can
 * resolve the payload.
 *
 * @param sessionId the session the payload belongs to; empty: any requester may resolve it
 * @param toolName the tool that produced the payload, if known
 * @param providerName the provider the payload came from, if known
 * @param contentType the media type of the payload; when empty, {@code offloadJson} records
 *     {@code application/json} and the other methods {@value PayloadHeader#DEFAULT_CONTENT_TYPE}
 * @param metadata string metadata stored with the payload (not written into the envelope); copied
 */
public record OffloadContext(Optional<String> sessionId, Optional<String> toolName,
    Optional<String> providerName, Optional<String> contentType, Map<String, String> metadata) {
  private static final OffloadContext EMPTY =
      new OffloadContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

  /**
   * Checks and copies the values.
   *
   * @param sessionId as the record component {@code sessionId} above
   * @param toolName as the record component {@code toolName} above
   * @param providerName as the record component {@code providerName} above
   * @param contentType as the record component {@code contentType} above
   * @param metadata as the record component {@code metadata} above
   * @throws NullPointerException if a value is null (use {@link Optional#empty()} for an absent one),
   *     or a metadata key or value is null
   */
  public OffloadContext {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(providerName, "providerName");
    Objects.requireNonNull(contentType, "contentType");
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
  }

  /**
   * A context with no session, tool, provider, content type or metadata: any requester may resolve
   * the payload.
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
   * @return the context, with no provider, content type or metadata
   */
  public static OffloadContext of(String sessionId, String toolName) {
    return new OffloadContext(Optional.ofNullable(sessionId), Optional.ofNullable(toolName), Optional.empty(),
        Optional.empty(), Map.of());
  }

  /**
   * This context with another provider name.
   *
   * @param providerName the provider, or {@code null} for none
   * @return a new context
   */
  public OffloadContext withProviderName(String providerName) {
    return new OffloadContext(sessionId, toolName, Optional.ofNullable(providerName), contentType, metadata);
  }

  /**
   * This context with another content type.
   *
   * @param contentType the media type, or {@code null} for the entry point's default
   * @return a new context
   */
  public OffloadContext withContentType(String contentType) {
    return new OffloadContext(sessionId, toolName, providerName, Optional.ofNullable(contentType), metadata);
  }

  /**
   * This context with other metadata.
   *
   * @param metadata the string pairs, in place of the current ones; copied
   * @return a new context
   * @throws NullPointerException if the map, a key or a value is null
   */
  public OffloadContext withMetadata(Map<String, String> metadata) {
    return new OffloadContext(sessionId, toolName, providerName, contentType, metadata);
  }

  /**
   * The context's values, with the metadata's keys only: its values may be private.
   *
   * @return a description for logs
   */
  @Override
  public String toString() {
    return "OffloadContext{sessionId=" + sessionId.orElse(null) + ", toolName=" + toolName.orElse(null)
        + ", providerName=" + providerName.orElse(null) + ", contentType=" + contentType.orElse(null)
        + ", metadata=" + metadata.keySet() + "}";
  }
}

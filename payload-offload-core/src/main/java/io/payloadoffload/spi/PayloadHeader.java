package io.payloadoffload.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a payload before its bytes: everything of a {@link PayloadRecord} but its sizes
 * and checksum. A store receives it first in a put ({@link PayloadBody#header()}), and the complete
 * record once the body has ended. A value: immutable and thread-safe, equal by every component.
 *
 * <p>This type is the one home of the transaction id's format ({@link #isValidId(String)}) and of the
 * default content type ({@link #DEFAULT_CONTENT_TYPE}).
 *
 * @param id the transaction id: {@value #ID_PREFIX} plus 32 lowercase hex digits
 * @param sessionId the session that owns the payload; only it may read it, when present
 * @param toolName the tool that produced it, if known
 * @param providerName the provider that produced it, if known
 * @param contentType the original bytes' content type
 * @param compression the stored bytes' compression, by its wire name ({@code zstd}, {@code gzip},
 *     {@code none}); kept as text so that a store returns a name a newer core wrote
 * @param createdAt when it was stored
 * @param expiresAt when it expires; not before {@code createdAt}
 * @param metadata string metadata; copied
 */
public record PayloadHeader(String id, Optional<String> sessionId, Optional<String> toolName,
    Optional<String> providerName, String contentType, String compression, Instant createdAt,
    Instant expiresAt, Map<String, String> metadata) {
  /** The prefix of every transaction id: {@value}. */
  public static final String ID_PREFIX = "txn_";
  /** Content type of a payload given none: {@value}. */
  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  private static final int ID_HEX_DIGITS = 32;

  /**
   * Checks and copies the values.
   *
   * @param id as the record component {@code id} above
   * @param sessionId as the record component {@code sessionId} above
   * @param toolName as the record component {@code toolName} above
   * @param providerName as the record component {@code providerName} above
   * @param contentType as the record component {@code contentType} above
   * @param compression as the record component {@code compression} above
   * @param createdAt as the record component {@code createdAt} above
   * @param expiresAt as the record component {@code expiresAt} above
   * @param metadata as the record component {@code metadata} above
   * @throws IllegalArgumentException if the id is malformed, or {@code expiresAt} is before
   *     {@code createdAt}
   * @throws NullPointerException if a value is null (use {@link Optional#empty()} for an absent
   *     session, tool or provider), or a metadata key or value is null
   */
  public PayloadHeader {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("id must be " + ID_PREFIX + " followed by 32 lowercase hex digits: "
          + id);
    }
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(providerName, "providerName");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (expiresAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("expiresAt " + expiresAt + " is before createdAt " + createdAt);
    }
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
  }

  /**
   * Whether a text is a well-formed transaction id: {@value #ID_PREFIX} plus 32 lowercase hex digits.
   *
   * @param id the text, may be null
   * @return {@code true} if well-formed
   */
  public static boolean isValidId(String id) {
    if (id == null || id.length() != ID_PREFIX.length() + ID_HEX_DIGITS || !id.startsWith(ID_PREFIX)) {
      return false;
    }
    for (int i = ID_PREFIX.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }
}

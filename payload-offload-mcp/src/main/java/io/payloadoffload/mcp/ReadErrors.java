package io.payloadoffload.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP errors of {@code resources/read}. A message names the URI and what to do, never a store's
 * own message (a driver's text may hold payload bytes); {@code data} carries {@code uri} and, except
 * for "not found", a {@code reason}. Stateless.
 */
final class ReadErrors {
  static final String EXPIRED = "expired";
  static final String TOO_LARGE = "too_large";
  static final String STORE_UNAVAILABLE = "store_unavailable";
  static final String INTEGRITY = "integrity";
  static final String UNREADABLE = "unreadable";

  private ReadErrors() {}

  /**
   * Exactly the SDK's own error for a URI nobody serves, so that another session's link and a link
   * that never existed cannot be told apart.
   */
  static McpError notFound(String uri) {
    return McpError.RESOURCE_NOT_FOUND.apply(uri);
  }

  static McpError tooLarge(String uri, long sizeBytes, long maxReadBytes, Optional<String> fetchUri) {
    Map<String, Object> data = data(uri, TOO_LARGE);
    data.put("sizeBytes", sizeBytes);
    data.put("maxReadBytes", maxReadBytes);
    fetchUri.ifPresent(u -> data.put("fetchUri", u));
    return McpError.builder(ErrorCodes.INVALID_PARAMS)
        .message("Resource too large for resources/read: " + uri + " holds " + sizeBytes
            + " bytes, above this server's limit of " + maxReadBytes + " bytes for one read (a blob"
            + " travels as base64 inside JSON, a third larger). "
            + fetchUri.map(u -> "Fetch it over HTTP at " + u + ".")
                .orElse("Ask the server's operator for its HTTP fetch endpoint."))
        .data(data).build();
  }

  /** The error for a failed read, by what failed. */
  static McpError of(PayloadOffloadException e, String uri, long maxReadBytes, Optional<String> fetchUri) {
    if (e instanceof PayloadNotFoundException) {
      return notFound(uri);
    }
    if (e instanceof PayloadExpiredException) {
      Map<String, Object> data = data(uri, EXPIRED);
      data.put("expiredAt", ((PayloadExpiredException) e).expiredAt().toString());
      return McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND)
          .message("Resource expired: " + uri + " expired at " + ((PayloadExpiredException) e).expiredAt()
              + " and can no longer be read. Call the tool again for a fresh result.")
          .data(data).build();
    }
    if (e instanceof PayloadTooLargeException) {
      return tooLarge(uri, ((PayloadTooLargeException) e).sizeBytes(), maxReadBytes, fetchUri);
    }
    if (e instanceof StoreUnavailableException) {
      return internal(uri, STORE_UNAVAILABLE, "The payload store is unavailable, so " + uri
          + " cannot be read now. Try again shortly.");
    }
    if (e instanceof PayloadIntegrityException) {
      return internal(uri, INTEGRITY, "The stored payload behind " + uri
          + " failed its integrity check and is not returned. Call the tool again for a fresh result.");
    }
    return unreadable(uri);
  }

  static McpError unreadable(String uri) {
    return internal(uri, UNREADABLE, "The stored payload behind " + uri
        + " could not be read. Try again, or call the tool again for a fresh result.");
  }

  private static McpError internal(String uri, String reason, String message) {
    return McpError.builder(ErrorCodes.INTERNAL_ERROR).message(message).data(data(uri, reason)).build();
  }

  private static Map<String, Object> data(String uri, String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("uri", uri);
    data.put("reason", reason);
    return data;
  }
}

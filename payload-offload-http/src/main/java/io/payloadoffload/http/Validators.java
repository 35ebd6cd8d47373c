package io.payloadoffload.http;

import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Entity tags and the conditional headers that use them. A payload never changes under its id, so its
 * checksum of the original bytes is a strong validator: the identity representation's ETag is the
 * checksum in quotes, and the stored (pass-through) representation's adds the compression
 * ({@code "sha256:<hex>-zstd"}), since its bytes differ. A payload stored without a checksum has no ETag.
 */
final class Validators {
  private Validators() {}

  /** The ETag of a representation: identity when {@code encoding} is {@link Compression#NONE}. */
  static Optional<String> etag(PayloadEnvelope envelope, Compression encoding) {
    return envelope.checksum().map(c -> '"' + c + (encoding == Compression.NONE ? "" : "-" + encoding.wireName()) + '"');
  }

  /**
   * Whether {@code If-None-Match} names this payload (weak comparison, either representation), so the
   * answer is 304.
   */
  static boolean noneMatchFails(String ifNoneMatch, PayloadEnvelope envelope) {
    if (ifNoneMatch == null) {
      return false;
    }
    if (ifNoneMatch.trim().equals("*")) {
      return true;
    }
    Optional<String> checksum = envelope.checksum();
    if (checksum.isEmpty()) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String opaque = tag.trim();
      if (opaque.startsWith("W/")) {
        opaque = opaque.substring(2);
      }
      if (opaque.length() >= 2 && opaque.startsWith("\"") && opaque.endsWith("\"")) {
        String value = opaque.substring(1, opaque.length() - 1);
        if (value.equals(checksum.get()) || value.startsWith(checksum.get() + "-")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code If-Range} lets a range be served: absent, the identity ETag exactly (strong
   * comparison), or the {@code Last-Modified} date exactly. Anything else gets the whole payload.
   */
  static boolean rangeAllowed(String ifRange, PayloadEnvelope envelope) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return etag(envelope, Compression.NONE).filter(value::equals).isPresent();
    }
    try {
      ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return date.toInstant().equals(envelope.createdAt().truncatedTo(ChronoUnit.SECONDS));
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

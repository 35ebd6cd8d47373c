package io.payloadoffload.s3.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/**
 * The key layout under a prefix {@code p}:
 *
 * <ul>
 *   <li>{@code p/records/<id>}: the record (JSON); its existence makes the payload visible;
 *   <li>{@code p/data/<id>/<upload>}: the stored bytes of one put attempt, named in the record, so a
 *       retried or conflicting put never overwrites the bytes of a visible payload;
 *   <li>{@code p/expiry/<yyyy-MM-ddTHH>/<id>}: an empty marker, written before the bytes, that the
 *       sweeper lists hour by hour up to now, never the whole bucket;
 *   <li>{@code p/claims/<id>}: an empty object a sweeping node creates with {@code If-None-Match: *}
 *       while it deletes the payload, so that one node counts it ({@link SweepClaims}).
 * </ul>
 */
public final class Keys {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
      .withZone(ZoneOffset.UTC);
  private final String prefix;

  /**
   * Keys under a prefix.
   *
   * @param prefix the key prefix, empty or ending in {@code /}
   */
  public Keys(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The prefix of every key.
   *
   * @return the prefix, empty or ending in {@code /}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The record's key.
   *
   * @param id the payload id
   * @return the key
   */
  public String record(String id) {
    return prefix + "records/" + id;
  }

  /**
   * A new, unique key for the bytes of one put attempt.
   *
   * @param id the payload id
   * @return the key
   */
  public String newData(String id) {
    return dataPrefix(id) + UUID.randomUUID();
  }

  /**
   * The prefix of every data key.
   *
   * @return the prefix, ending in {@code /}
   */
  public String dataRoot() {
    return prefix + "data/";
  }

  /**
   * The prefix of every data key of a payload.
   *
   * @param id the payload id
   * @return the prefix, ending in {@code /}
   */
  public String dataPrefix(String id) {
    return dataRoot() + id + "/";
  }

  /**
   * The key of a sweeper's claim on a payload.
   *
   * @param id the payload id
   * @return the key
   */
  public String claim(String id) {
    return claimRoot() + id;
  }

  /**
   * The prefix of every claim key.
   *
   * @return the prefix, ending in {@code /}
   */
  public String claimRoot() {
    return prefix + "claims/";
  }

  /**
   * The prefix of every expiry marker.
   *
   * @return the prefix, ending in {@code /}
   */
  public String expiryPrefix() {
    return prefix + "expiry/";
  }

  /**
   * The expiry marker of a payload.
   *
   * @param id the payload id
   * @param expiresAt when it expires
   * @return the key
   */
  public String expiryMarker(String id, Instant expiresAt) {
    return expiryPrefix() + HOUR.format(expiresAt) + "/" + id;
  }

  /**
   * The key after every marker of the hours up to and including the hour of {@code now}: a listing
   * in key order stops at it.
   *
   * @param now the sweep's cut-off
   * @return the bound, compared with keys as strings
   */
  public String expiryBound(Instant now) {
    return expiryPrefix() + HOUR.format(now) + "0";
  }

  /**
   * The payload id of an expiry marker.
   *
   * @param markerKey a key under {@link #expiryPrefix()}
   * @return the id, or empty for a key of another shape
   */
  public Optional<String> idOfMarker(String markerKey) {
    int slash = markerKey.lastIndexOf('/');
    return slash < 0 ? Optional.empty() : Optional.of(markerKey.substring(slash + 1));
  }
}

package io.payloadoffload.spi;

import io.payloadoffload.exception.PayloadStoreException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where offloaded payloads live. A store keeps opaque stored bytes (already compressed by the core)
 * under a {@link PayloadRecord}; the core owns ids, codecs, checksums and the envelope.
 *
 * <p>Implementations must be safe for use by many threads at once, and safe for many application
 * nodes sharing one backend. Every failure is a {@link PayloadStoreException}; driver types never
 * cross this interface. After {@link #close()}, every method throws a non-retryable
 * {@link PayloadStoreException}. {@code PayloadStoreCompatibilityKit} in the testkit module holds the
 * contract as tests.
 */
public interface PayloadStore extends AutoCloseable {

  /**
   * Stores a payload atomically, in two phases: the store learns the {@link PayloadBody#header()}
   * first, reads the body to its end, then asks for {@link PayloadBody#record()} (sizes and checksum)
   * and makes the payload visible with that record. After this returns, {@link #open} sees all of it;
   * if it throws, nothing of it is visible, ever.
   *
   * <p>A store checks that it read exactly {@link PayloadRecord#storedSizeBytes()} bytes, and fails
   * the put (non-retryable) otherwise. When the body's read throws a
   * {@link io.payloadoffload.exception.PayloadSourceException} or {@link io.payloadoffload.exception.PayloadTooLargeException}
   * (the caller's stream broke, or held too much), the store keeps nothing and lets that exception
   * propagate unchanged.
   *
   * @param body the bytes to keep (compressed by the core), with the payload's header and record;
   *     not closed by the store
   * @throws PayloadStoreException if the payload could not be stored; non-retryable when the id
   *     exists already with a different checksum, the body's length disagrees with its record, or
   *     the store is full or closed
   */
  void put(PayloadBody body);

  /**
   * Opens a stored payload. The record is read now; the bytes are read lazily from
   * {@link StoredPayload#openStream()}, and no byte is read before the caller reads the stream (a
   * requester that may not read the payload costs no read of its bytes). Once the payload is deleted,
   * a read of a stream opened before fails with an {@link java.io.IOException}; it never ends early as
   * if the payload were complete. Expired payloads that were not yet swept are returned, so the
   * caller can tell "expired" from "not found".
   *
   * @param id the payload's id
   * @return the payload, or empty when no payload has this id
   * @throws PayloadStoreException if the store could not be read; when the stored record itself is
   *     corrupt (a row no writer of this library produces), a non-retryable one whose cause is a
   *     {@link io.payloadoffload.exception.PayloadIntegrityException} saying what is wrong, which the resolver
   *     reports as such
   */
  Optional<StoredPayload> open(String id);

  /**
   * Opens a stored payload for a reader that will read all of it unless the record turns it away:
   * the resolver calls this, then checks session, expiry and sizes, then reads the stream. A store
   * may fetch the first stored bytes together with the record, so that a small payload costs one
   * round trip instead of two, but only for a record the reader may read: its session is
   * {@code requesterSessionId} or it has none, and it expires after {@code now}. For any other record
   * (another session's, an expired one) it behaves as {@link #open(String)} and reads no byte. A store
   * that cannot tell before fetching (one object request) may fetch bytes with the record; the caller
   * then closes the stream unread. Bytes fetched with the record are the payload as it was when it was
   * opened: a delete after that does not fail their read, only the read of bytes fetched later.
   *
   * <p>The default calls {@link #open(String)}. A store that overrides this returns the same record
   * and the same bytes as {@code open} would. {@link ForwardingPayloadStore} does not forward it, so a
   * wrapper that changes {@code open} is never bypassed.
   *
   * @param id the payload's id
   * @param requesterSessionId the reader's session; {@code null} matches only a record with no session
   * @param now the instant the reader judges expiry at
   * @return the payload, or empty when no payload has this id
   * @throws PayloadStoreException as {@link #open(String)}
   */
  default Optional<StoredPayload> openForReading(String id, String requesterSessionId, Instant now) {
    return open(id);
  }

  /**
   * Deletes a payload. Deleting an id that does not exist is not an error.
   *
   * @param id the payload's id
   * @return {@code true} if this call removed it, {@code false} if it was not there
   * @throws PayloadStoreException if the store could not be written
   */
  boolean delete(String id);

  /**
   * Deletes up to {@code batchSize} payloads whose {@link PayloadRecord#expiresAt()} is at or before
   * {@code now}. Safe to run on many nodes at once: each payload is deleted exactly once, and
   * concurrent sweeps neither block each other nor fail.
   *
   * @param now the cut-off instant
   * @param batchSize the most payloads to delete in this call; at least 1
   * @return how many payloads this call deleted; fewer than {@code batchSize} means none are left
   * @throws PayloadStoreException if the store could not be written
   */
  long deleteExpired(Instant now, int batchSize);

  /**
   * Releases what the store owns (a pool it built, threads). Idempotent.
   *
   * @throws PayloadStoreException if releasing failed
   */
  @Override
  void close();
}

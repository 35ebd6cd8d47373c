package io.payloadoffload;

import io.payloadoffload.exception.PayloadStoreException;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PayloadStore} that keeps payloads on the heap of one JVM: for tests, examples and
 * single-node deployments that accept losing payloads on restart.
 *
 * <p>The store is bounded by the total number of stored bytes ({@link #DEFAULT_MAX_TOTAL_BYTES} unless
 * given): a put that would exceed the bound fails with a non-retryable {@link PayloadStoreException}
 * and stores nothing. {@link #put} reads the whole stream into a private buffer before anything
 * becomes visible, so a failing stream leaves no trace.
 *
 * <p>A put of an id that is already stored succeeds without change when both records carry the same
 * checksum and stored size (a retried put); when neither record carries a checksum, the stored bytes
 * must also be equal. Any other put of an existing id fails with a non-retryable
 * {@link PayloadStoreException} and leaves the stored payload as it was.
 *
 * <p>Thread-safe: every method may be called from many threads at once. Payloads are not shared
 * between JVMs, so use a persistent store when several nodes resolve each other's payloads.
 */
public final class InMemoryPayloadStore implements PayloadStore {
  /** Default bound on the stored bytes of all payloads together: {@value} bytes (256 MiB). */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 256L * 1_048_576L;

  /** The largest array the JVM reliably allocates; one payload cannot be larger. */
  private static final int MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 9;

  private final long maxTotalBytes;
  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private final Map<String, Entry> entries = new HashMap<>();
  /** Guarded by {@link #lock}. */
  private long usedBytes;
  /** Written holding {@link #lock}; volatile so that {@link #put} can fail early without it. */
  private volatile boolean closed;

  /** Creates an empty store bounded by {@link #DEFAULT_MAX_TOTAL_BYTES}. */
  public InMemoryPayloadStore() {
    this(DEFAULT_MAX_TOTAL_BYTES);
  }

  /**
   * Creates an empty store.
   *
   * @param maxTotalBytes the most stored bytes all payloads may take together; default
   *     {@link #DEFAULT_MAX_TOTAL_BYTES}
   * @throws IllegalArgumentException if {@code maxTotalBytes} is less than 1
   */
  public InMemoryPayloadStore(long maxTotalBytes) {
    if (maxTotalBytes < 1) {
      throw new IllegalArgumentException("maxTotalBytes must be >= 1: " + maxTotalBytes);
    }
    this.maxTotalBytes = maxTotalBytes;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code body} is null
   * @throws PayloadStoreException if reading the body fails (nothing is stored), the record's stored
   *     size differs from the bytes read, the store is full, the id exists with a different checksum,
   *     or the store is closed; all of these are non-retryable
   */
  @Override
  public void put(PayloadBody body) {
    Objects.requireNonNull(body, "body");
    String id = body.header().id();
    ensureOpen(id);
    byte[] bytes = readAll(id, body);
    PayloadRecord finalRecord = body.record();
    if (finalRecord.storedSizeBytes() != bytes.length) {
      throw new PayloadStoreException("payload " + id + " was not stored: its record declares "
          + finalRecord.storedSizeBytes() + " stored bytes but the stream held " + bytes.length
          + "; pass the record that matches the stream", id, false, null);
    }
    synchronized (lock) {
      ensureOpen(id);
      Entry existing = entries.get(id);
      if (existing != null) {
        if (existing.isSamePayload(finalRecord, bytes)) {
          return;
        }
        throw new PayloadStoreException("payload " + id + " was not stored: a different payload"
            + " (other checksum or size) is stored under this id already; offload it under a new id",
            id, false, null);
      }
      if (bytes.length > maxTotalBytes - usedBytes) {
        throw new PayloadStoreException("payload " + id + " was not stored: the in-memory store is"
            + " full, holding " + usedBytes + " of " + maxTotalBytes + " bytes in " + entries.size()
            + " payloads, and this payload needs " + bytes.length + " more; delete payloads, sweep"
            + " expired ones with ExpirySweeper, or create the store with a larger maxTotalBytes",
            id, false, null);
      }
      entries.put(id, new Entry(finalRecord, bytes));
      usedBytes += bytes.length;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each {@link StoredPayload#openStream()} returns a fresh stream over the stored bytes. Once the
   * payload is deleted, its next read fails with an {@link IOException}, as with every store (see
   * {@link PayloadStore}).
   *
   * @throws NullPointerException if {@code id} is null
   * @throws PayloadStoreException if the store is closed (non-retryable)
   */
  @Override
  public Optional<StoredPayload> open(String id) {
    Objects.requireNonNull(id, "id");
    Entry entry;
    synchronized (lock) {
      ensureOpen(id);
      entry = entries.get(id);
    }
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(StoredPayload.of(entry.record, () -> new EntryStream(id, entry)));
  }

  /**
   * The stored bytes of an entry, readable while the entry is stored: a payload deleted (or replaced)
   * after it was opened fails the next read with an {@link IOException}, as a chunked store does.
   */
  private final class EntryStream extends InputStream {
    private final String id;
    private final Entry entry;
    private final ByteArrayInputStream bytes;

    EntryStream(String id, Entry entry) {
      this.id = id;
      this.entry = entry;
      this.bytes = new ByteArrayInputStream(entry.bytes);
    }

    @Override
    public int read() throws IOException {
      requireStored();
      return bytes.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      requireStored();
      return bytes.read(b, off, len);
    }

    @Override
    public int available() {
      return bytes.available();
    }

    private void requireStored() throws IOException {
      boolean stored;
      synchronized (lock) {
        stored = entries.get(id) == entry;
      }
      if (!stored) {
        throw new IOException("payload " + id + " was deleted while it was being read");
      }
    }
  }


  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code id} is null
   * @throws PayloadStoreException if the store is closed (non-retryable)
   */
  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      ensureOpen(id);
      Entry removed = entries.remove(id);
      if (removed == null) {
        return false;
      }
      usedBytes -= removed.bytes.length;
      return true;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code now} is null
   * @throws IllegalArgumentException if {@code batchSize} is less than 1
   * @throws PayloadStoreException if the store is closed (non-retryable)
   */
  @Override
  public long deleteExpired(Instant now, int batchSize) {
    Objects.requireNonNull(now, "now");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    synchronized (lock) {
      ensureOpen(null);
      long deleted = 0;
      Iterator<Entry> it = entries.values().iterator();
      while (deleted < batchSize && it.hasNext()) {
        Entry entry = it.next();
        if (!entry.record.expiresAt().isAfter(now)) {
          it.remove();
          usedBytes -= entry.bytes.length;
          deleted++;
        }
      }
      return deleted;
    }
  }

  /**
   * Closes the store and drops every payload. Idempotent; afterwards {@link #put}, {@link #open},
   * {@link #delete} and {@link #deleteExpired} throw a non-retryable {@link PayloadStoreException}.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      entries.clear();
      usedBytes = 0;
    }
  }

  /**
   * The stored bytes of all payloads together, the quantity bounded by {@code maxTotalBytes}.
   *
   * @return bytes; {@code 0} for an empty or closed store
   */
  public long usedBytes() {
    synchronized (lock) {
      return usedBytes;
    }
  }

  /**
   * The number of stored payloads, expired ones not yet swept included.
   *
   * @return the count; {@code 0} for an empty or closed store
   */
  public int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  private void ensureOpen(String id) {
    if (closed) {
      throw new PayloadStoreException("the in-memory payload store is closed; create a new store",
          id, false, null);
    }
  }

  private byte[] readAll(String id, InputStream in) {
    int limit = (int) Math.min(maxTotalBytes, MAX_PAYLOAD_BYTES);
    byte[] bytes;
    try {
      bytes = in.readNBytes(limit + 1);
    } catch (IOException e) {
      throw new PayloadStoreException("payload " + id + " was not stored: reading its stored bytes"
          + " failed (" + e.getMessage() + "); nothing was kept, offload it again with a readable"
          + " stream", id, false, e);
    }
    if (bytes.length > limit) {
      throw new PayloadStoreException("payload " + id + " was not stored: it is larger than the "
          + limit + " bytes one payload may take in this in-memory store; create the store with a"
          + " larger maxTotalBytes or use a persistent store", id, false, null);
    }
    return bytes;
  }

  private static final class Entry {
    final PayloadRecord record;
    final byte[] bytes;

    Entry(PayloadRecord record, byte[] bytes) {
      this.record = record;
      this.bytes = bytes;
    }

    boolean isSamePayload(PayloadRecord other, byte[] otherBytes) {
      if (!record.checksum().equals(other.checksum())
          || record.storedSizeBytes() != other.storedSizeBytes()) {
        return false;
      }
      return record.checksum().isPresent() || Arrays.equals(bytes, otherBytes);
    }
  }
}

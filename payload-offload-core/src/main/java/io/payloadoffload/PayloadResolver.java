package io.payloadoffload;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.codec.Codecs;
import io.payloadoffload.internal.concurrent.FastPaths;
import io.payloadoffload.internal.integrity.ArrayDecoding;
import io.payloadoffload.internal.integrity.VerifyingInputStream;
import io.payloadoffload.internal.io.Streams;
import io.payloadoffload.internal.pipeline.StoredBytesInputStream;
import io.payloadoffload.internal.text.Texts;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's side of the claim check: turns an envelope (or a transaction id) back into the
 * exact original bytes.
 *
 * <p>Each resolve opens the payload in the store, checks that the requester's session owns it
 * (otherwise {@link PayloadNotFoundException}, which does not reveal whether the id exists), checks
 * that it has not expired ({@link PayloadExpiredException}), decompresses with a hard cap at the
 * declared size ({@link CodecException} for a decompression bomb or corrupt data), and verifies size
 * and checksum ({@link PayloadIntegrityException}). Wrong bytes are never returned.
 *
 * <p>Bad store data gives only these documented exceptions. A damaged record (unknown sizes, an
 * unknown compression, a malformed checksum, sizes that its compression cannot produce, another
 * payload's id) is a {@link PayloadIntegrityException} before any stored byte is read; a store that
 * returns more or fewer stored bytes than its record declares is one too. No buffer is sized from a
 * size that has not been checked: stored bytes are collected as they arrive, and the original size
 * is bounded by {@link Builder#maxPayloadBytes(long)} and by what the stored bytes can decode to. A
 * store that breaks the SPI by throwing an unchecked exception other than a
 * {@link PayloadOffloadException} (from {@code open}, {@code record}, {@code openStream} or the
 * stream's {@code read} and {@code close}) is reported as a non-retryable {@link PayloadStoreException}
 * whose cause is the store's exception; its message is not repeated, since a driver's message may
 * hold stored data. An {@link UncheckedIOException} is treated as the {@link IOException} it wraps.
 *
 * <p>Thread-safe: build one per store and share it. {@link #close()} shuts down the executor only if
 * the resolver created it; it never closes the store.
 */
public final class PayloadResolver implements AutoCloseable {
  /** Threads of the executor created when none is given: {@value}. */
  public static final int DEFAULT_ASYNC_THREADS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(PayloadResolver.class);
  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final PayloadStore store;
  private final OffloadListener listener;
  private final SharedSettings.AsyncCalls async;
  private final boolean deleteAfterRead;
  private final long maxPayloadBytes;
  private final Clock clock;

  private PayloadResolver(Builder b) {
    this.store = b.settings.requireStore();
    this.listener = b.settings.listener();
    this.deleteAfterRead = b.deleteAfterRead;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.clock = b.settings.clock();
    this.async = b.settings.asyncCalls("payload-resolve", DEFAULT_ASYNC_THREADS);
  }

  /**
   * A new builder. A store is required; everything else has a default.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves an envelope to the original bytes, verified. The stored and the original bytes are both
   * held in memory (stored bytes collected as they arrive, then decompressed into an array of the
   * checked original size); use {@link #openStream(PayloadEnvelope, String)} for payloads too large
   * for that.
   *
   * @param envelope the envelope received
   * @param requesterSessionId the session asking; must equal the payload's session when it has one
   * @return exactly the original bytes
   * @throws PayloadNotFoundException if no payload with this id is visible to the requester
   * @throws PayloadExpiredException if the payload's TTL has passed
   * @throws PayloadIntegrityException if the bytes read back differ from what was stored, the stored
   *     record is damaged, or the envelope disagrees with it
   * @throws CodecException if the stored bytes cannot be decompressed or exceed the declared size
   * @throws PayloadTooLargeException if the payload is larger than this resolver accepts
   * @throws StoreUnavailableException if the store failed with a retryable error
   * @throws PayloadStoreException if the store failed with a permanent error
   */
  public byte[] resolve(PayloadEnvelope envelope, String requesterSessionId) {
    Objects.requireNonNull(envelope, "envelope");
    Located p = locate(envelope.transactionId(), requesterSessionId, envelope);
    String id = p.record.id();
    long size = p.record.originalSizeBytes();
    long storedSize = p.record.storedSizeBytes();
    if (size > MAX_ARRAY_BYTES || storedSize > MAX_ARRAY_BYTES) {
      long tooBig = Math.max(size, storedSize);
      throw failed(new PayloadTooLargeException("Payload " + id + " of " + tooBig + " bytes does not fit"
          + " in one byte array (at most " + MAX_ARRAY_BYTES + " bytes). Read it with openStream instead.",
          id, tooBig, MAX_ARRAY_BYTES));
    }
    if (!FastPaths.ARRAY_DECODING) {
      return readAll(p);
    }
    byte[] stored;
    try (InputStream raw = openStored(p)) {
      // The probe past the stored size lets the stream check that the store has no byte more.
      stored = Streams.readAtMost(raw, (int) storedSize);
    } catch (IOException e) {
      throw failed(storeReadFailure(id, e));
    } catch (PayloadOffloadException e) {
      throw failed(fromStore(id, e));
    }
    byte[] plain;
    try {
      plain = ArrayDecoding.decodeVerified(p.codec, id, stored, (int) size, p.record.checksum().orElse(null));
    } catch (CodecException e) {
      throw failed(new CodecException("Payload " + id + " cannot be decoded: " + e.getMessage(), id, e));
    } catch (PayloadIntegrityException e) {
      throw failed(e);
    } catch (IOException e) {
      throw failed(storeReadFailure(id, e));
    }
    onVerified(p.described, p.startNanos);
    return plain;
  }

  /**
   * Parses an envelope and resolves it; see {@link #resolve(PayloadEnvelope, String)}.
   *
   * @param envelopeJson the envelope's JSON text
   * @param requesterSessionId the session asking
   * @return exactly the original bytes
   * @throws EnvelopeFormatException if the text is not a valid envelope
   */
  public byte[] resolve(String envelopeJson, String requesterSessionId) {
    PayloadEnvelope envelope;
    try {
      envelope = PayloadEnvelope.parse(envelopeJson);
    } catch (EnvelopeFormatException e) {
      throw failed(e);
    }
    return resolve(envelope, requesterSessionId);
  }

  /**
   * Opens an envelope's payload as a stream of original bytes, for payloads too large to hold in
   * memory. The envelope must agree with the stored record (sizes, checksum, compression), else
   * {@link PayloadIntegrityException}. The checksum is verified at the end of the stream; see
   * {@link PayloadStream}. The caller closes the stream.
   *
   * @param envelope the envelope received
   * @param requesterSessionId the session asking
   * @return the stream
   * @throws PayloadNotFoundException if no payload with this id is visible to the requester
   * @throws PayloadExpiredException if the payload's TTL has passed
   * @throws PayloadIntegrityException if the stored record is damaged, or the envelope and the
   *     stored record disagree
   * @throws PayloadTooLargeException if the payload is larger than this resolver accepts
   * @throws StoreUnavailableException if the store failed with a retryable error
   * @throws PayloadStoreException if the store failed with a permanent error
   */
  public PayloadStream openStream(PayloadEnvelope envelope, String requesterSessionId) {
    Objects.requireNonNull(envelope, "envelope");
    return open(envelope.transactionId(), requesterSessionId, envelope);
  }

  /**
   * Opens a payload by its transaction id, trusting the stored record for size, compression and
   * checksum. This is what an HTTP fetch endpoint uses. The caller closes the stream.
   *
   * @param transactionId the payload's id
   * @param requesterSessionId the session asking
   * @return the stream; {@link PayloadStream#envelope()} gives size, content type and checksum
   * @throws PayloadNotFoundException if the id is malformed or no payload with it is visible to the
   *     requester
   * @throws PayloadExpiredException if the payload's TTL has passed
   * @throws PayloadIntegrityException if the stored record is damaged
   * @throws PayloadTooLargeException if the payload is larger than this resolver accepts
   * @throws StoreUnavailableException if the store failed with a retryable error
   * @throws PayloadStoreException if the store failed with a permanent error
   */
  public PayloadStream openStreamById(String transactionId, String requesterSessionId) {
    if (!PayloadHeader.isValidId(transactionId)) {
      throw failed(new PayloadNotFoundException(String.valueOf(transactionId)));
    }
    return open(transactionId, requesterSessionId, null);
  }

  /**
   * Opens a payload's stored bytes by its transaction id without decoding them, for a server that
   * passes the stored compression through to a client that decodes it (HTTP {@code Content-Encoding})
   * and verifies the checksum itself. Session, expiry, the stored record and this resolver's size limit
   * are checked as by {@link #openStreamById(String, String)}, and the stream checks the stored size;
   * the checksum is not verified, since that needs the original bytes. Listeners hear
   * {@link OffloadListener#onResolved} once the stream has reached its end (every stored byte
   * delivered), but delete-after-read does not apply: only whoever decodes the bytes knows that they
   * verified. The caller closes the stream.
   *
   * @param transactionId the payload's id
   * @param requesterSessionId the session asking
   * @return the stored bytes; {@link StoredBytesStream#envelope()} gives sizes, compression and checksum
   * @throws PayloadNotFoundException if the id is malformed or no payload with it is visible to the
   *     requester
   * @throws PayloadExpiredException if the payload's TTL has passed
   * @throws PayloadIntegrityException if the stored record is damaged
   * @throws PayloadTooLargeException if the payload is larger than this resolver accepts
   * @throws StoreUnavailableException if the store failed with a retryable error
   * @throws PayloadStoreException if the store failed with a permanent error
   */
  public StoredBytesStream openStoredById(String transactionId, String requesterSessionId) {
    if (!PayloadHeader.isValidId(transactionId)) {
      throw failed(new PayloadNotFoundException(String.valueOf(transactionId)));
    }
    Located p = locate(transactionId, requesterSessionId, null);
    return new StoredBytesStream(openStored(p), p.described, () -> onDelivered(p.described, p.startNanos));
  }

  /**
   * {@link #resolve(PayloadEnvelope, String)} on the executor.
   *
   * @param envelope the envelope received
   * @param requesterSessionId the session asking
   * @return the bytes, or a future failed with the exceptions of the synchronous method, or with
   *     {@link java.util.concurrent.RejectedExecutionException} if the executor refuses the task (the
   *     resolver's own executor does after {@link #close()})
   */
  public CompletableFuture<byte[]> resolveAsync(PayloadEnvelope envelope, String requesterSessionId) {
    return async.supply(() -> resolve(envelope, requesterSessionId));
  }

  /**
   * {@link #resolve(String, String)} on the executor.
   *
   * @param envelopeJson the envelope's JSON text
   * @param requesterSessionId the session asking
   * @return the bytes, or a future failed with the exceptions of the synchronous method, or with
   *     {@link java.util.concurrent.RejectedExecutionException} if the executor refuses the task
   */
  public CompletableFuture<byte[]> resolveAsync(String envelopeJson, String requesterSessionId) {
    return async.supply(() -> resolve(envelopeJson, requesterSessionId));
  }

  /** Shuts down the executor if the resolver created it. Does not close the store. Idempotent. */
  @Override
  public void close() {
    async.close();
  }

  /** A payload found, owned by the requester, unexpired and consistent with its envelope. */
  private static final class Located {
    final StoredPayload stored;
    final PayloadRecord record;
    final Codec codec;
    final PayloadEnvelope described;
    final long startNanos;

    Located(StoredPayload stored, Codec codec, long startNanos) {
      this.stored = stored;
      this.record = stored.record();
      this.codec = codec;
      this.described = PayloadEnvelope.of(record);
      this.startNanos = startNanos;
    }
  }

  private Located locate(String id, String requesterSessionId, PayloadEnvelope envelope) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    StoredPayload stored = storeCall(id, () -> Objects.requireNonNull(
        store.openForReading(id, requesterSessionId, now), "openForReading() returned null"))
        .orElseThrow(() -> failed(new PayloadNotFoundException(id)));
    PayloadRecord record = storeCall(id, () -> Objects.requireNonNull(stored.record(), "record() returned null"));
    if (!record.id().equals(id)) {
      throw failed(new PayloadIntegrityException(id, "the record of " + id, "the record of " + record.id()));
    }
    if (record.sessionId().isPresent() && !record.sessionId().get().equals(requesterSessionId)) {
      throw failed(new PayloadNotFoundException(id));
    }
    if (!now.isBefore(record.expiresAt())) {
      throw failed(new PayloadExpiredException(id, record.expiresAt()));
    }
    Compression compression = checkRecord(record);
    if (envelope != null) {
      checkAgrees(envelope, record);
    }
    if (record.originalSizeBytes() > maxPayloadBytes) {
      throw failed(new PayloadTooLargeException("Payload " + id + " of " + record.originalSizeBytes()
          + " bytes is larger than this resolver accepts (" + maxPayloadBytes + " bytes). Raise the"
          + " resolver's maxPayloadBytes to read it.", id, record.originalSizeBytes(), maxPayloadBytes));
    }
    return new Located(stored, Codec.of(compression, 1), start);
  }

  /**
   * Checks what the store returned before anything is read or allocated on its word. A store whose
   * records come from rows that anyone can edit may return any value its record builder accepts.
   */
  private Compression checkRecord(PayloadRecord record) {
    String id = record.id();
    long size = record.originalSizeBytes();
    long storedSize = record.storedSizeBytes();
    Compression compression = Compression.fromWireName(record.compression())
        .orElseThrow(() -> failed(new PayloadIntegrityException(id, "compression zstd, gzip or none",
            "compression '" + Texts.abbreviate(record.compression()) + "'")));
    String checksum = record.checksum().orElse(null);
    if (checksum != null && ChecksumAlgorithm.ofChecksum(checksum).isEmpty()) {
      throw failed(new PayloadIntegrityException(id, "a checksum sha256:<64 hex> or crc32c:<8 hex>",
          "checksum '" + Texts.abbreviate(checksum) + "'"));
    }
    if (storedSize > Codecs.maxStoredBytes(compression, size)
        || size > Codecs.maxOriginalBytes(compression, storedSize)) {
      throw failed(new PayloadIntegrityException(id, compression == Compression.NONE
          ? "equal original and stored sizes for compression none"
          : "sizes that " + compression.wireName() + " can produce",
          "original size " + size + " and stored size " + storedSize));
    }
    return compression;
  }

  private PayloadStream open(String id, String requesterSessionId, PayloadEnvelope envelope) {
    Located p = locate(id, requesterSessionId, envelope);
    return new PayloadStream(decoded(p), p.described);
  }

  /**
   * The stream pipeline read into one array of the declared size: the array is the stream's
   * degenerate case, and the probe past the size makes the stream verify before this returns.
   */
  private byte[] readAll(Located p) {
    String id = p.record.id();
    InputStream in = decoded(p);
    try (in) {
      return Streams.readAtMost(in, (int) p.record.originalSizeBytes());
    } catch (CodecException | PayloadIntegrityException e) {
      throw failed(e);
    } catch (IOException e) {
      throw failed(storeReadFailure(id, e));
    } catch (PayloadOffloadException e) {
      throw failed(fromStore(id, e));
    }
  }

  /** The original bytes of a located payload, decompressed, capped and verified at their end. */
  private InputStream decoded(Located p) {
    String id = p.record.id();
    InputStream raw = openStored(p);
    try {
      InputStream plain = p.codec.decompress(raw, p.record.originalSizeBytes());
      return new VerifyingInputStream(plain, id, p.record.originalSizeBytes(),
          p.record.checksum().orElse(null), () -> onVerified(p.described, p.startNanos));
    } catch (IOException e) {
      closeQuietly(raw);
      throw failed(storeReadFailure(id, e));
    } catch (PayloadOffloadException e) {
      closeQuietly(raw);
      throw failed(fromStore(id, e));
    }
  }

  /** The stored bytes, held to the record's stored size and to the SPI's error contract. */
  private InputStream openStored(Located p) {
    String id = p.record.id();
    InputStream in = storeCall(id, p.stored::openStream);
    try {
      return new StoredBytesInputStream(in, id, p.record.storedSizeBytes());
    } catch (PayloadStoreException e) {
      throw failed(e);
    }
  }

  private void onVerified(PayloadEnvelope envelope, long startNanos) {
    onDelivered(envelope, startNanos);
    if (deleteAfterRead) {
      try {
        store.delete(envelope.transactionId());
      } catch (RuntimeException e) {
        LOG.warn("Could not delete payload {} after reading it; its TTL will remove it: {}",
            envelope.transactionId(), StoredBytesInputStream.storeDefect(envelope.transactionId(), e).getMessage());
      }
    }
  }

  private void onDelivered(PayloadEnvelope envelope, long startNanos) {
    Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
    LOG.debug("payload {} resolved ({} bytes) in {} ms", envelope.transactionId(),
        envelope.payloadSizeBytes(), latency.toMillis());
    listener.onResolved(envelope, latency);
  }

  private void checkAgrees(PayloadEnvelope envelope, PayloadRecord record) {
    String id = record.id();
    if (envelope.payloadSizeBytes() != record.originalSizeBytes()) {
      throw failed(new PayloadIntegrityException(id, envelope.payloadSizeBytes() + " bytes",
          record.originalSizeBytes() + " bytes stored"));
    }
    if (envelope.storedSizeBytes() != record.storedSizeBytes()) {
      throw failed(new PayloadIntegrityException(id, envelope.storedSizeBytes() + " stored bytes",
          record.storedSizeBytes() + " stored bytes in the store's record"));
    }
    if (!envelope.compression().wireName().equals(record.compression())) {
      throw failed(new PayloadIntegrityException(id, "compression " + envelope.compression().wireName(),
          "compression " + record.compression() + " stored"));
    }
    if (!envelope.checksum().equals(record.checksum())) {
      throw failed(new PayloadIntegrityException(id, envelope.checksum().orElse("no checksum"),
          record.checksum().orElse("no checksum") + " stored"));
    }
  }

  private <T> T storeCall(String id, Supplier<T> call) {
    try {
      return call.get();
    } catch (UncheckedIOException e) {
      throw failed(storeReadFailure(id, e.getCause()));
    } catch (RuntimeException e) {
      throw failed(fromStore(id, StoredBytesInputStream.storeDefect(id, e)));
    }
  }

  /**
   * A failure met while talking to the store: a retryable store error as unavailability, and a record
   * the store found corrupt as the integrity error it carries.
   */
  private static PayloadOffloadException fromStore(String id, PayloadOffloadException e) {
    if (e instanceof PayloadStoreException && e.getCause() instanceof PayloadIntegrityException) {
      return (PayloadIntegrityException) e.getCause();
    }
    if (e instanceof PayloadStoreException && ((PayloadStoreException) e).isRetryable()) {
      return new StoreUnavailableException("The payload store is unavailable while reading payload "
          + id + ": " + e.getMessage() + " Try again shortly.", id, e);
    }
    return e;
  }

  private static PayloadStoreException storeReadFailure(String id, IOException e) {
    return new PayloadStoreException("Reading payload " + id + " from the store failed: " + e.getMessage()
        + ". Try again.", id, true, e);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // The open failed already; that failure is the one reported.
    }
  }

  private <E extends PayloadOffloadException> E failed(E e) {
    listener.onFailure(OffloadListener.Operation.RESOLVE, e);
    return e;
  }

  /** Builds a {@link PayloadResolver}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder extends StoreClientBuilder<Builder> {
    private boolean deleteAfterRead;
    private long maxPayloadBytes = Long.MAX_VALUE;

    private Builder() {
      super("PayloadResolver");
    }

    /**
     * Deletes each payload once it has been read to its end and verified. Default {@code false}:
     * payloads stay until their TTL, so a client may fetch again. A failed delete is logged at WARN
     * and does not fail the read.
     *
     * @param delete whether to delete after a verified read
     * @return this builder
     */
    public Builder deleteAfterRead(boolean delete) {
      this.deleteAfterRead = delete;
      return this;
    }

    /**
     * Sets the largest payload this resolver accepts. Default: no limit ({@link Long#MAX_VALUE});
     * {@code resolve} to a byte array is limited to what a Java array holds in any case.
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxPayloadBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxPayloadBytes must be >= 0: " + bytes);
      }
      this.maxPayloadBytes = bytes;
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return a thread-safe resolver
     * @throws IllegalStateException if no store was set
     */
    public PayloadResolver build() {
      return new PayloadResolver(this);
    }
  }
}

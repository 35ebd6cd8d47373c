package io.payloadoffload.s3;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.s3.internal.AsyncClientBridge;
import io.payloadoffload.s3.internal.DataStream;
import io.payloadoffload.s3.internal.HeldResponse;
import io.payloadoffload.s3.internal.Keys;
import io.payloadoffload.s3.internal.RecordJson;
import io.payloadoffload.s3.internal.S3Errors;
import io.payloadoffload.s3.internal.SingleObject;
import io.payloadoffload.s3.internal.SweepClaims;
import io.payloadoffload.s3.internal.Uploader;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link PayloadStore} on Amazon S3 or an S3-compatible object store (MinIO, Cloudflare R2, Ceph
 * RGW, s3proxy), on the AWS SDK for Java v2 with the Apache HttpClient 5 transport, or on an
 * {@code S3Client} or {@code S3AsyncClient} of the caller's.
 *
 * <p>A put writes an empty expiry marker ({@code <prefix>expiry/<yyyy-MM-ddTHH>/<id>}) and reads
 * any existing record while the first part of the body is read and compressed, and waits for the
 * marker before any other object of the payload is written. A payload whose stored bytes fit in one
 * part ({@link Builder#partSizeBytes(long)}) is then one object at {@code <prefix>records/<id>}: a
 * header holding the final record, then the stored bytes, written by one PutObject. A larger one goes
 * to a data object unique to the attempt ({@code <prefix>data/<id>/<uuid>}, a multipart upload with
 * bounded parts in flight), and then the record object ({@code <prefix>records/<id>}, JSON with the
 * record and the data object's key and ETag) makes it visible. Either way a reader never sees a
 * payload before its bytes are complete. {@link #open} reads the record object with one GET: of a
 * single object only its header, then it drops the response; {@link #openForReading} keeps it for the
 * first stream when the record lets the reader in, so a resolve is one GET. Record objects
 * of the multipart layout written by earlier versions are read as well. {@link #deleteExpired} lists
 * the expiry markers of the hours up to now, never the whole bucket.
 *
 * <p>Memory per put is bounded by {@link Builder#partSizeBytes(long)} ×
 * {@link Builder#uploadConcurrency(int)}, whatever the payload's size. Every failure is a
 * {@link PayloadStoreException} whose message carries the HTTP status, S3 error code and request id;
 * no SDK type is its cause.
 *
 * <p>Concurrent deletes and sweeps of one store instance delete each payload exactly once. Across
 * nodes, a sweeper claims each expired payload with a conditional PutObject ({@code If-None-Match: *})
 * before deleting it, so on a server that honours the header (AWS S3, MinIO, Cloudflare R2) each is
 * counted by one node. On a server that ignores it (found out on the first sweep; s3proxy 2.6.0 does),
 * or with {@link Builder#sweepClaims(boolean) sweepClaims(false)}, two nodes sweeping the same payload
 * at the same instant may both count it (it is deleted either way).
 *
 * <p>Thread-safe. Built with {@link #builder()}.
 */
public final class S3PayloadStore implements PayloadStore {
  /** Default part size of multipart uploads: {@value} bytes (8 MiB). */
  public static final long DEFAULT_PART_SIZE_BYTES = 8L * 1024 * 1024;
  /** Smallest part size S3 accepts (but for the last part): {@value} bytes (5 MiB). */
  public static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;
  /** Largest part size this store buffers: {@value} bytes (512 MiB). */
  public static final long MAX_PART_SIZE_BYTES = 512L * 1024 * 1024;
  /** Default number of parts in flight per multipart upload: {@value}. */
  public static final int DEFAULT_UPLOAD_CONCURRENCY = 4;
  /** Region used with an endpoint override when none is set: {@value}. */
  public static final String DEFAULT_COMPATIBLE_REGION = "us-east-1";
  /** How old an expiry marker without a record must be before the sweeper removes it: one hour. */
  static final Duration ORPHAN_GRACE = Duration.ofHours(1);
  private static final int LIST_PAGE = 1000;
  /** Up to this many unread stored bytes are read to the end rather than dropped with the connection. */
  private static final long DRAIN_BYTES = 64 * 1024;

  private final S3Client s3;
  private final boolean ownsClient;
  private final String bucket;
  private final Keys keys;
  private final UploadChecksum checksum;
  private final Uploader uploader;
  private final SweepClaims claims;
  private final ExecutorService partPool;
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * How uploads are checked by the server in transit.
   *
   * <p>{@link #CRC32C} is what AWS S3 supports best; several S3-compatible servers (s3proxy 2.6.0 among
   * them) reject the SDK's streamed trailing checksums, so stores with an endpoint override default to
   * {@link #CONTENT_MD5}, which every S3-compatible server verifies.
   */
  public enum UploadChecksum {
    /**
     * The SDK computes a CRC32C of every object and part and sends it as a trailing checksum; the
     * server verifies and keeps it, and reads ask for it back and let the SDK verify the bytes.
     */
    CRC32C,
    /**
     * The store sends the Content-MD5 of every object and part (computed over the buffered bytes),
     * which the server verifies; the SDK's own request checksums and response validation are set to
     * "when required".
     */
    CONTENT_MD5
  }

  private S3PayloadStore(Builder b) {
    this.bucket = b.bucket;
    this.keys = new Keys(b.keyPrefix);
    this.checksum = b.checksum != null ? b.checksum
        : b.endpointOverride != null || b.client != null || b.asyncClient != null
            ? UploadChecksum.CONTENT_MD5 : UploadChecksum.CRC32C;
    if (b.client != null) {
      this.s3 = b.client;
      this.ownsClient = false;
    } else if (b.asyncClient != null) {
      this.s3 = new AsyncClientBridge(b.asyncClient);
      this.ownsClient = false;
    } else {
      this.s3 = buildClient(b, checksum, b.uploadConcurrency);
      this.ownsClient = true;
    }
    AtomicInteger threads = new AtomicInteger();
    this.partPool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "payload-offload-s3-part-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.uploader = new Uploader(s3, bucket, (int) b.partSizeBytes, b.uploadConcurrency,
        checksum == UploadChecksum.CRC32C, partPool);
    this.claims = new SweepClaims(s3, bucket, keys, b.sweepClaims, ORPHAN_GRACE);
  }

  private static S3Client buildClient(Builder b, UploadChecksum checksum, int concurrency) {
    S3ClientBuilder c = S3Client.builder()
        .httpClient(Apache5HttpClient.builder().maxConnections(Math.max(50, 4 * concurrency)).build())
        .credentialsProvider(b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build())
        .forcePathStyle(b.pathStyle);
    if (b.region != null) {
      c.region(Region.of(b.region));
    } else if (b.endpointOverride != null) {
      c.region(Region.of(DEFAULT_COMPATIBLE_REGION));
    }
    if (b.endpointOverride != null) {
      c.endpointOverride(b.endpointOverride);
    }
    if (checksum == UploadChecksum.CONTENT_MD5) {
      c.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return c.build();
  }

  /**
   * A new builder.
   *
   * @return a builder with no bucket, an empty key prefix, part size {@value #DEFAULT_PART_SIZE_BYTES}
   *     and upload concurrency {@value #DEFAULT_UPLOAD_CONCURRENCY}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bucket.
   *
   * @return the bucket's name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * The upload checksum in use.
   *
   * @return the setting given, or the default for the client: {@link UploadChecksum#CRC32C} for AWS,
   *     {@link UploadChecksum#CONTENT_MD5} with an endpoint override or a client (sync or async) of the
   *     caller's
   */
  public UploadChecksum uploadChecksum() {
    return checksum;
  }

  @Override
  public void put(PayloadBody body) {
    Objects.requireNonNull(body, "body");
    requireOpen(null);
    PayloadHeader header = body.header();
    String id = header.id();
    // The marker and the check for an existing record overlap the body's compression; the marker is
    // awaited before any object of the payload can exist, so the sweeper finds every object a put leaves.
    CompletableFuture<?> marker;
    CompletableFuture<Optional<PayloadRecord>> existing;
    try {
      marker = CompletableFuture.runAsync(() -> call("write the expiry marker of payload " + id, id,
          () -> s3.putObject(PutObjectRequest.builder().bucket(bucket)
              .key(keys.expiryMarker(id, header.expiresAt())).build(), RequestBody.empty())), partPool);
      existing = CompletableFuture.supplyAsync(() -> readRecord(id).map(Found::discard), partPool);
    } catch (RejectedExecutionException e) {
      throw closedDuringPut(id);
    }
    String dataKey = keys.newData(id);
    Uploader.Uploaded uploaded;
    try {
      Uploader.First first = uploader.readFirst(body, body.knownStoredSizeBytes().orElse(-1));
      await(marker, id);
      if (first.ended()) {
        // One object at the record key, header and bytes: the record is final, since the body has ended.
        PayloadRecord record = body.record();
        requireStoredSize(id, first.length(), record);
        if (!storedAlready(id, record, await(existing, id))) {
          uploader.putObject(keys.record(id), SingleObject.header(record), first);
        }
        return;
      }
      uploaded = uploader.multipart(body, dataKey, first);
    } catch (IOException e) {
      throw new PayloadStoreException("Could not read the body of payload " + id + ": " + e.getMessage(),
          id, false, null);
    } catch (InterruptedException e) {
      throw interrupted(id);
    } catch (SdkException e) {
      throw S3Errors.translate("upload payload " + id + " to bucket " + bucket, bucket, id, e);
    } catch (RejectedExecutionException e) {
      throw closedDuringPut(id);
    }
    PayloadRecord record = body.record();
    Optional<PayloadRecord> found;
    try {
      requireStoredSize(id, uploaded.bytes(), record);
      found = await(existing, id);
    } catch (PayloadStoreException e) {
      deleteQuietly(dataKey);
      throw e;
    }
    if (found.isPresent()) {
      deleteQuietly(dataKey);
      storedAlready(id, record, found);
      return;
    }
    byte[] json = RecordJson.encode(new RecordJson.Stored(record, dataKey, uploaded.eTag()));
    call("write the record of payload " + id, id, () -> s3.putObject(PutObjectRequest.builder().bucket(bucket)
        .key(keys.record(id)).contentType("application/json").build(), RequestBody.fromBytes(json)));
  }

  private static void requireStoredSize(String id, long bytes, PayloadRecord record) {
    if (bytes != record.storedSizeBytes()) {
      throw new PayloadStoreException("The body of payload " + id + " held " + bytes
          + " bytes, its record says " + record.storedSizeBytes() + "; nothing was stored", id, false, null);
    }
  }

  /**
   * Whether the payload is stored already with these bytes (a retried put); a put of other bytes under
   * a stored id fails.
   */
  private static boolean storedAlready(String id, PayloadRecord record, Optional<PayloadRecord> found) {
    if (found.isEmpty()) {
      return false;
    }
    PayloadRecord old = found.get();
    if (old.checksum().equals(record.checksum()) && old.storedSizeBytes() == record.storedSizeBytes()) {
      return true;
    }
    throw new PayloadStoreException("Payload " + id + " exists already with another checksum or size;"
        + " the stored one is kept", id, false, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One GET of the record object; for a payload stored as one object, only its record header is
   * read and the response is then dropped, so the stream fetches the bytes with a ranged GET of its
   * own.
   */
  @Override
  public Optional<StoredPayload> open(String id) {
    return opened(id, record -> false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One GET of the record object. For a payload stored as one object that the reader may read
   * (its session, not expired), the first stream goes on reading that response, so a resolve is one
   * request; for any other reader the response is dropped after the record header, as in
   * {@link #open(String)}.
   */
  @Override
  public Optional<StoredPayload> openForReading(String id, String requesterSessionId, Instant now) {
    Objects.requireNonNull(now, "now");
    return opened(id, record -> record.sessionId().map(s -> s.equals(requesterSessionId)).orElse(true)
        && now.isBefore(record.expiresAt()));
  }

  /** Opens a payload; {@code keep} says whether the first stream may read the open's response. */
  private Optional<StoredPayload> opened(String id, Predicate<PayloadRecord> keep) {
    requireOpen(id);
    if (!PayloadHeader.isValidId(id)) {
      return Optional.empty();
    }
    return readRecord(id).map(found -> {
      PayloadRecord record = found.record();
      Function<SdkException, String> describe =
          e -> S3Errors.translate("read payload " + id + " from bucket " + bucket, bucket, id, e).getMessage();
      boolean crc32c = checksum == UploadChecksum.CRC32C;
      if (found.head() instanceof SingleObject.Inline inline) {
        String eTag = found.rest().response().eTag();
        boolean kept = keep.test(record);
        if (!kept) {
          found.discard();
        }
        HeldResponse held = new HeldResponse(kept ? found.rest() : null);
        return StoredPayload.of(record, () -> new DataStream(s3, bucket, keys.record(id), eTag,
            inline.headerBytes(), record.storedSizeBytes(), crc32c, id, describe, held));
      }
      RecordJson.Stored stored = ((SingleObject.Pointer) found.head()).stored();
      return StoredPayload.of(record, () -> new DataStream(s3, bucket, stored.dataKey(), stored.dataETag(),
          0, record.storedSizeBytes(), crc32c, id, describe, () -> null));
    });
  }

  @Override
  public boolean delete(String id) {
    requireOpen(id);
    if (!PayloadHeader.isValidId(id)) {
      return false;
    }
    return deleteOnce(id, null, null);
  }

  @Override
  public long deleteExpired(Instant now, int batchSize) {
    Objects.requireNonNull(now, "now");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    requireOpen(null);
    String bound = keys.expiryBound(now);
    long deleted = 0;
    String token = null;
    ListObjectsV2Response page;
    do {
      ListObjectsV2Request.Builder list = ListObjectsV2Request.builder().bucket(bucket)
          .prefix(keys.expiryPrefix()).maxKeys(LIST_PAGE);
      if (token != null) {
        list.continuationToken(token);
      }
      page = call("list the expiry markers in bucket " + bucket, null, () -> s3.listObjectsV2(list.build()));
      for (S3Object marker : page.contents()) {
        if (marker.key().compareTo(bound) >= 0) {
          return deleted;
        }
        Optional<String> id = keys.idOfMarker(marker.key()).filter(PayloadHeader::isValidId);
        if (id.isPresent() && sweep(id.get(), marker, now) && ++deleted == batchSize) {
          return deleted;
        }
      }
      token = page.nextContinuationToken();
    } while (Boolean.TRUE.equals(page.isTruncated()));
    return deleted;
  }

  /** Deletes the payload of an expiry marker if it expired by {@code now}; removes old orphan markers. */
  private boolean sweep(String id, S3Object marker, Instant now) {
    if (deleteOnce(id, now, marker.key())) {
      return true;
    }
    if (marker.lastModified() != null && marker.lastModified().plus(ORPHAN_GRACE).isBefore(Instant.now())
        && recordAbsent(id)) {
      // A put that crashed before its record: the marker and any bytes it left.
      deleteDataOf(id);
      deleteQuietly(marker.key());
    }
    return false;
  }

  /**
   * Deletes a payload once, even when threads of this store race for it.
   *
   * @param expiredBy delete only if it expired at or before this, or {@code null} for any
   * @param markerKey the expiry marker that was listed, or {@code null}
   */
  private boolean deleteOnce(String id, Instant expiredBy, String markerKey) {
    if (!deleting.add(id)) {
      return false;
    }
    try {
      Optional<Found> stored;
      try {
        stored = readRecord(id);
        stored.ifPresent(Found::discard);
      } catch (PayloadStoreException e) {
        if (!(e.getCause() instanceof PayloadIntegrityException)) {
          throw e;
        }
        // A corrupt record: the payload cannot be read, so it goes with every data object of its id.
        delete(keys.record(id), id);
        deleteDataOf(id);
        if (markerKey != null) {
          delete(markerKey, id);
        }
        return true;
      }
      if (stored.isEmpty()
          || (expiredBy != null && stored.get().record().expiresAt().isAfter(expiredBy))) {
        return false;
      }
      SweepClaims.Claim claim = expiredBy == null ? SweepClaims.Claim.NONE
          : call("claim payload " + id + " for deletion", id, () -> claims.claim(id));
      if (claim == SweepClaims.Claim.LOST) {
        return false;
      }
      try {
        if (claim == SweepClaims.Claim.WON) {
          // Another node may have deleted it between this node's read and its claim.
          stored = readRecord(id);
          stored.ifPresent(Found::discard);
          if (stored.isEmpty()) {
            return false;
          }
        }
        deleteObjectsOf(id, stored.get(), markerKey);
      } finally {
        call("release the claim on payload " + id, id, () -> {
          claims.release(id, claim);
          return null;
        });
      }
      return true;
    } finally {
      deleting.remove(id);
    }
  }

  /**
   * Deletes the record (or single object), any data object and the expiry marker of a payload, and
   * the listed marker if it differs.
   */
  private void deleteObjectsOf(String id, Found found, String markerKey) {
    String expiryMarker = keys.expiryMarker(id, found.record().expiresAt());
    delete(keys.record(id), id);
    found.dataKey().ifPresent(key -> delete(key, id));
    delete(expiryMarker, id);
    if (markerKey != null && !markerKey.equals(expiryMarker)) {
      delete(markerKey, id);
    }
  }

  /**
   * Aborts the multipart uploads of this store's prefix that were started before
   * {@code now - olderThan}: what nodes that crashed mid-upload left. Safe on many nodes at once
   * (aborting an upload twice is harmless). The bucket lifecycle rule in docs/s3.md does the same
   * without a caller.
   *
   * <p>Some compatible servers report no real start time (s3proxy 2.6.0 reports the time of the
   * listing), so nothing there is ever older than a positive {@code olderThan}; on such a server, or
   * to clean up while no put runs, pass {@link Duration#ZERO}, which aborts every upload of the prefix.
   *
   * @param olderThan how old an upload must be, well above the longest upload; zero for every upload
   * @return how many uploads this call aborted
   * @throws PayloadStoreException if the uploads could not be listed or aborted
   * @throws IllegalArgumentException if {@code olderThan} is negative
   */
  public int abortStaleUploads(Duration olderThan) {
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must be >= 0: " + olderThan);
    }
    requireOpen(null);
    Instant cutOff = Instant.now().minus(olderThan);
    List<MultipartUpload> stale = new ArrayList<>();
    String keyMarker = null;
    String uploadMarker = null;
    ListMultipartUploadsResponse page;
    do {
      ListMultipartUploadsRequest.Builder list = ListMultipartUploadsRequest.builder().bucket(bucket)
          .prefix(keys.dataRoot());
      if (keyMarker != null) {
        list.keyMarker(keyMarker).uploadIdMarker(uploadMarker);
      }
      page = call("list the multipart uploads in bucket " + bucket, null,
          () -> s3.listMultipartUploads(list.build()));
      page.uploads().stream()
          .filter(u -> olderThan.isZero() || u.initiated() == null || u.initiated().isBefore(cutOff))
          .forEach(stale::add);
      keyMarker = page.nextKeyMarker();
      uploadMarker = page.nextUploadIdMarker();
    } while (Boolean.TRUE.equals(page.isTruncated()));
    for (MultipartUpload upload : stale) {
      call("abort multipart upload " + upload.uploadId() + " in bucket " + bucket, null,
          () -> s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket)
              .key(upload.key()).uploadId(upload.uploadId()).build()));
    }
    return stale.size();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      partPool.shutdownNow();
      if (ownsClient) {
        s3.close();
      }
    }
  }

  @Override
  public String toString() {
    return "S3PayloadStore{bucket=" + bucket + ", prefix=" + keys.prefix()
        + ", uploadChecksum=" + checksum + (closed.get() ? ", closed" : "") + "}";
  }

  private static PayloadStoreException closedDuringPut(String id) {
    return new PayloadStoreException("This S3PayloadStore was closed while payload " + id
        + " was being uploaded", id, false, null);
  }

  private static PayloadStoreException interrupted(String id) {
    Thread.currentThread().interrupt();
    return new PayloadStoreException("Interrupted while uploading payload " + id, id, true, null);
  }

  /** The value of a task of the put of payload {@code id}; what the task threw, rethrown as it was. */
  private static <T> T await(CompletableFuture<T> task, String id) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      throw interrupted(id);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * A record object read up to a single object's stored bytes: what its head said and, for a single
   * object, the open response positioned at the stored bytes.
   */
  private record Found(SingleObject.Head head, ResponseInputStream<GetObjectResponse> rest) {
    PayloadRecord record() {
      return head instanceof SingleObject.Inline inline ? inline.record()
          : ((SingleObject.Pointer) head).stored().record();
    }

    Optional<String> dataKey() {
      return head instanceof SingleObject.Pointer pointer ? Optional.of(pointer.stored().dataKey())
          : Optional.empty();
    }

    /**
     * Lets go of the response: a short rest is read so that the connection is reused, a long one is
     * dropped with the connection.
     */
    PayloadRecord discard() {
      if (rest != null) {
        if (record().storedSizeBytes() <= DRAIN_BYTES) {
          try {
            rest.close();
          } catch (IOException | SdkException e) {
            rest.abort();
          }
        } else {
          rest.abort();
        }
      }
      return record();
    }
  }

  /**
   * Reads a record object with one GET: a multipart layout's record object to its end, a single
   * object up to its stored bytes, whose response stays open in the result.
   */
  private Optional<Found> readRecord(String id) {
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(keys.record(id));
    if (checksum == UploadChecksum.CRC32C) {
      get.checksumMode(ChecksumMode.ENABLED);
    }
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(get.build());
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.translate("read the record of payload " + id + " from bucket " + bucket, bucket, id, e);
    }
    Long length = in.response().contentLength();
    try {
      SingleObject.Head head = SingleObject.read(id, in, length == null ? -1 : length);
      if (head instanceof SingleObject.Pointer) {
        in.close();
        return Optional.of(new Found(head, null));
      }
      return Optional.of(new Found(head, in));
    } catch (IllegalArgumentException e) {
      in.abort();
      throw new PayloadStoreException("The record of payload " + id + " in bucket " + bucket + " is corrupt: "
          + e.getMessage(), id, false, new PayloadIntegrityException(id, "a record object", e.getMessage()));
    } catch (SdkException e) {
      in.abort();
      throw S3Errors.translate("read the record of payload " + id + " from bucket " + bucket, bucket, id, e);
    } catch (IOException e) {
      in.abort();
      throw new PayloadStoreException("Could not read the record of payload " + id + " from bucket " + bucket
          + ": " + e.getMessage(), id, true, null);
    }
  }

  /** Whether the payload has no record object; {@code false} when that cannot be told. */
  private boolean recordAbsent(String id) {
    try {
      return readRecord(id).map(Found::discard).isEmpty();
    } catch (PayloadStoreException e) {
      return false;
    }
  }

  private void deleteDataOf(String id) {
    ListObjectsV2Response data = call("list the data objects of payload " + id, id,
        () -> s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(keys.dataPrefix(id)).build()));
    data.contents().forEach(o -> delete(o.key(), id));
  }

  private void delete(String key, String id) {
    call("delete object " + key + " from bucket " + bucket, id,
        () -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
  }

  /** Best effort, after a put failed: the sweeper and the lifecycle rule catch what is left. */
  private void deleteQuietly(String key) {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (SdkException e) {
      // The put's own error is what the caller needs; the object is an orphan the sweeper removes.
    }
  }

  private <T> T call(String what, String id, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw S3Errors.translate(what, bucket, id, e);
    }
  }

  private void requireOpen(String id) {
    if (closed.get()) {
      throw new PayloadStoreException("This S3PayloadStore is closed. Build a new store, or stop using"
          + " this one after closing it", id, false, null);
    }
  }

  /**
   * Builds an {@link S3PayloadStore}. Not thread-safe; each setter checks its argument at once, and
   * {@link #build()} checks the combination.
   */
  public static final class Builder {
    private String bucket;
    private String keyPrefix = "";
    private String region;
    private URI endpointOverride;
    private boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private long partSizeBytes = DEFAULT_PART_SIZE_BYTES;
    private int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
    private UploadChecksum checksum;
    private S3Client client;
    private S3AsyncClient asyncClient;
    private boolean sweepClaims = true;

    private Builder() {}

    /**
     * Sets the bucket. Required; the bucket must exist.
     *
     * @param bucket the bucket's name
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if blank
     */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (bucket.isBlank()) {
        throw new IllegalArgumentException("bucket must not be blank");
      }
      this.bucket = bucket;
      return this;
    }

    /**
     * Sets the key prefix under which every object of this store lives. Default: none (the bucket's
     * root). A {@code /} is appended when missing.
     *
     * @param keyPrefix the prefix, such as {@code payloads} or {@code team-a/payloads/}
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if it starts with {@code /}
     */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (keyPrefix.startsWith("/")) {
        throw new IllegalArgumentException("keyPrefix must not start with /: " + keyPrefix);
      }
      this.keyPrefix = keyPrefix.isEmpty() || keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
      return this;
    }

    /**
     * Sets the region. Default: the SDK's region chain (AWS_REGION, the profile, the instance), or
     * {@value #DEFAULT_COMPATIBLE_REGION} with an endpoint override.
     *
     * @param region the region's id, such as {@code eu-west-1}; R2 uses {@code auto}
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the endpoint of an S3-compatible server. Default: none (AWS). With an override the upload
     * checksum defaults to {@link UploadChecksum#CONTENT_MD5}.
     *
     * @param endpoint such as {@code http://127.0.0.1:9000}
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if it is not an absolute http or https URI
     */
    public Builder endpointOverride(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
        throw new IllegalArgumentException("endpoint must be an http or https URI: " + endpoint);
      }
      this.endpointOverride = endpoint;
      return this;
    }

    /**
     * Sets path-style access ({@code endpoint/bucket/key}) instead of virtual-hosted style
     * ({@code bucket.endpoint/key}). Default: {@code false}; MinIO and s3proxy usually need
     * {@code true}.
     *
     * @param pathStyle whether to use path-style requests
     * @return this builder
     */
    public Builder pathStyleAccess(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Sets the credentials. Default: the SDK's default chain (environment, system properties, profile,
     * container and instance roles).
     *
     * @param credentials the provider
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Sets the size of multipart upload parts, and the size up to which a payload goes up in one
     * PutObject. Default {@value #DEFAULT_PART_SIZE_BYTES}.
     *
     * @param bytes from {@value #MIN_PART_SIZE_BYTES} to {@value #MAX_PART_SIZE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder partSizeBytes(long bytes) {
      if (bytes < MIN_PART_SIZE_BYTES || bytes > MAX_PART_SIZE_BYTES) {
        throw new IllegalArgumentException("partSizeBytes must be between " + MIN_PART_SIZE_BYTES + " and "
            + MAX_PART_SIZE_BYTES + ": " + bytes);
      }
      this.partSizeBytes = bytes;
      return this;
    }

    /**
     * Sets how many parts of one multipart upload may be buffered and in flight at once. A put holds
     * at most this many part buffers. Default {@value #DEFAULT_UPLOAD_CONCURRENCY}.
     *
     * @param parts from 1 to 64
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder uploadConcurrency(int parts) {
      if (parts < 1 || parts > 64) {
        throw new IllegalArgumentException("uploadConcurrency must be between 1 and 64: " + parts);
      }
      this.uploadConcurrency = parts;
      return this;
    }

    /**
     * Sets how the server checks uploads. Default: {@link UploadChecksum#CRC32C} against AWS,
     * {@link UploadChecksum#CONTENT_MD5} with an endpoint override or a client of the caller's.
     *
     * @param checksum the mode
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder uploadChecksum(UploadChecksum checksum) {
      this.checksum = Objects.requireNonNull(checksum, "checksum");
      return this;
    }

    /**
     * Uses a client of the caller's instead of building one. The store does not close it. Region,
     * endpoint, path style and credentials are then the client's, and must not be set here. For
     * {@link UploadChecksum#CONTENT_MD5} (the default with such a client), build it with
     * {@code requestChecksumCalculation(WHEN_REQUIRED)} and
     * {@code responseChecksumValidation(WHEN_REQUIRED)}.
     *
     * @param client the client
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses an async client of the caller's instead of building one, to share an application's
     * {@code S3AsyncClient} and its connection pool. The store does not close it. The store stays
     * synchronous: a put still blocks the caller's thread until its record is written, parts are
     * buffered by the store (at most {@link #partSizeBytes(long)} × {@link #uploadConcurrency(int)}
     * per put, as with a synchronous client) and each request's future is joined; failures become the
     * same {@link PayloadStoreException}s. Region, endpoint, path style and credentials are the
     * client's, and must not be set here, nor may {@link #client(S3Client)}. For
     * {@link UploadChecksum#CONTENT_MD5} (the default with such a client), build it with
     * {@code requestChecksumCalculation(WHEN_REQUIRED)} and
     * {@code responseChecksumValidation(WHEN_REQUIRED)}.
     *
     * @param asyncClient the client, on any async HTTP client (Netty, CRT)
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder asyncClient(S3AsyncClient asyncClient) {
      this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
      return this;
    }

    /**
     * Sets whether sweeps claim each expired payload with a conditional PutObject
     * ({@code If-None-Match: *}) before deleting it, so that with several nodes sweeping one prefix
     * each payload is counted by exactly one. Default: {@code true}; the first sweep then checks
     * whether the server honours the header and, if it does not, sweeps without claims (a payload may
     * then be counted by more than one node; it is deleted once either way). Set {@code false} on a
     * server that emulates the header non-atomically (s3proxy 2.8 to 3.x), where the claims cost one
     * PUT, one GET and one DELETE per payload and guarantee nothing.
     *
     * @param sweepClaims whether to claim payloads before deleting them in a sweep
     * @return this builder
     */
    public Builder sweepClaims(boolean sweepClaims) {
      this.sweepClaims = sweepClaims;
      return this;
    }

    /**
     * Builds the store. It makes no request: a missing bucket or bad credentials show in the first
     * call, as a non-retryable {@link PayloadStoreException} that says what to fix.
     *
     * @return a new store
     * @throws ConfigurationException if the bucket is missing, both a client and an async client are
     *     given, a client of either kind is given together with region, endpoint, path style or
     *     credentials, or the SDK cannot build a client (no region)
     */
    public S3PayloadStore build() {
      List<String> problems = new ArrayList<>();
      if (bucket == null) {
        problems.add("bucket is required");
      }
      if (client != null && asyncClient != null) {
        problems.add("client and asyncClient are both set: set one");
      }
      boolean clientSettings = region != null || endpointOverride != null || pathStyle || credentials != null;
      if (clientSettings && (client != null || asyncClient != null)) {
        problems.add((client != null ? "client" : "asyncClient") + " is set: region, endpointOverride,"
            + " pathStyleAccess and credentialsProvider belong to that client and must not be set");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      try {
        return new S3PayloadStore(this);
      } catch (SdkException e) {
        throw new ConfigurationException(List.of("the S3 client could not be built (set region, or"
            + " AWS_REGION, when the SDK cannot find one): " + e.getMessage()));
      }
    }
  }
}

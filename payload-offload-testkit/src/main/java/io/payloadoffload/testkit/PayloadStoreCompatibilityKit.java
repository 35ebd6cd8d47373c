package io.payloadoffload.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.PayloadSourceException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link PayloadStore} passes, as JUnit 5 tests. A store module's test class
 * extends this kit and implements {@link #createStore()}; every test in the nested groups below then
 * runs against that store:
 *
 * <pre>{@code
 * class MyStoreCompatibilityTest extends PayloadStoreCompatibilityKit {
 *   @Override
 *   protected PayloadStore createStore() {
 *     return new MyStore(...);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a new store from {@link #createStore()} and the kit closes it afterwards, then
 * calls {@link #cleanUp(PayloadStore)}. Ids are random, and the expiry tests use instants in the year
 * 2000, so payloads left by other tests on a shared backend do not disturb them. The largest payload
 * is 16 MiB, written once.
 *
 * <p>Tests run one at a time unless the subclass configures otherwise; one test exercises the store
 * from eight threads at once.
 */
public abstract class PayloadStoreCompatibilityKit {
  /** One mebibyte: {@value} bytes. */
  protected static final int MIB = 1_048_576;

  private static final SecureRandom ID_RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private PayloadStore store;
  private boolean closedByTest;

  /** Creates the kit; subclasses supply the store through {@link #createStore()}. */
  protected PayloadStoreCompatibilityKit() {}

  /**
   * Creates the store under test. Called once before every test.
   *
   * @return a new, open store that holds no payloads with ids this kit generates
   */
  protected abstract PayloadStore createStore();

  /**
   * Called after every test, once the store is closed: override to drop a schema or stop a server
   * started for the test. Does nothing by default.
   *
   * @param store the closed store of the test that just ended
   */
  protected void cleanUp(PayloadStore store) {}

  /**
   * The store of the running test.
   *
   * @return the store {@link #createStore()} returned for this test
   */
  protected final PayloadStore store() {
    return store;
  }

  @BeforeEach
  final void createStoreForTest() {
    store = createStore();
    closedByTest = false;
    assertThat(store).as("createStore()").isNotNull();
  }

  @AfterEach
  final void closeStoreAfterTest() {
    if (store == null) {
      return;
    }
    try {
      if (!closedByTest) {
        store.close();
      }
    } finally {
      cleanUp(store);
    }
  }

  /**
   * A new random transaction id.
   *
   * @return {@code txn_} plus 32 lowercase hex digits from a {@link SecureRandom}
   */
  public static String newId() {
    byte[] bits = new byte[16];
    ID_RANDOM.nextBytes(bits);
    return "txn_" + HEX.formatHex(bits);
  }

  /**
   * A complete record for stored bytes, with every optional field set: session, tool, provider,
   * content type, SHA-256 checksum, sizes, metadata, and timestamps (whole milliseconds, so stores
   * with microsecond precision keep them exactly) from now to an hour from now.
   *
   * @param id the payload's id
   * @param storedBytes the bytes to be stored; the checksum and both sizes are taken from them
   * @return a builder holding those values, for a test to change before building
   */
  public static PayloadRecord.Builder recordFor(String id, byte[] storedBytes) {
    Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return PayloadRecord.builder()
        .id(id)
        .sessionId("session-42")
        .toolName("analyze")
        .providerName("provider-x")
        .contentType("application/json; charset=utf-8")
        .compression("none")
        .checksum(sha256(storedBytes))
        .originalSizeBytes(storedBytes.length)
        .storedSizeBytes(storedBytes.length)
        .createdAt(created)
        .expiresAt(created.plus(Duration.ofHours(1)))
        .metadata(Map.of("trace-id", "4bf92f3577b34da6", "note", "größe ✓"));
  }

  /**
   * Random bytes.
   *
   * @param random the source, seeded by the caller so a failure can be reproduced
   * @param length how many bytes
   * @return a new array of {@code length} random bytes
   */
  public static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * The SHA-256 checksum of bytes in the form records carry.
   *
   * @param bytes the bytes
   * @return {@code sha256:} plus 64 lowercase hex digits
   */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private PayloadRecord putPayload(byte[] bytes) {
    PayloadRecord record = recordFor(newId(), bytes).build();
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    return record;
  }

  private StoredPayload openExisting(String id) {
    Optional<StoredPayload> stored = store.open(id);
    assertThat(stored).as("open(%s) after a successful put", id).isPresent();
    return stored.get();
  }

  private static byte[] readAll(StoredPayload stored) {
    try (InputStream in = stored.openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Field by field, so a failure names the field. */
  private static void assertSameRecord(PayloadRecord actual, PayloadRecord expected) {
    assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
  }

  private void assertRoundTrip(PayloadRecord record, byte[] bytes, String description) {
    StoredPayload stored = openExisting(record.id());
    assertSameRecord(stored.record(), record);
    assertSameBytes(readAll(stored), bytes, description);
  }

  /** Compares without printing the arrays, which may be megabytes long. */
  private static void assertSameBytes(byte[] actual, byte[] expected, String description) {
    int mismatch = Arrays.mismatch(actual, expected);
    assertThat(mismatch)
        .as("%s: %d bytes read, %d expected, first difference at index %d",
            description, actual.length, expected.length, mismatch)
        .isEqualTo(-1);
  }

  /** Put then open: the record and the bytes come back unchanged. */
  @Nested
  @DisplayName("round trip")
  class RoundTrip {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, MIB})
    @DisplayName("returns the record and bytes that were put")
    void roundTrip(int size) {
      byte[] bytes = randomBytes(new Random(size), size);
      PayloadRecord record = putPayload(bytes);
      assertRoundTrip(record, bytes, size + " bytes");
    }

    @Test
    @DisplayName("returns random binary of random length (seed in the message)")
    void randomPayload() {
      long seed = System.nanoTime();
      Random random = new Random(seed);
      int length = random.nextInt(2 * MIB);
      byte[] bytes = randomBytes(random, length);
      PayloadRecord record = putPayload(bytes);
      assertRoundTrip(record, bytes, "random payload of " + length + " bytes, seed " + seed);
    }

    @Test
    @DisplayName("returns 16 MiB read lazily in small buffers")
    void largePayloadReadInSmallBuffers() throws IOException {
      byte[] bytes = randomBytes(new Random(16), 16 * MIB);
      PayloadRecord record = putPayload(bytes);
      StoredPayload stored = openExisting(record.id());
      assertSameRecord(stored.record(), record);
      byte[] read = new byte[bytes.length];
      int total = 0;
      try (InputStream in = stored.openStream()) {
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
          assertThat(total + n).as("bytes read so far").isLessThanOrEqualTo(bytes.length);
          System.arraycopy(buffer, 0, read, total, n);
          total += n;
        }
      }
      assertThat(total).isEqualTo(bytes.length);
      assertSameBytes(read, bytes, "16 MiB read in 4 KiB buffers");
    }

    @Test
    @DisplayName("keeps absent optional fields absent")
    void recordWithoutOptionalFields() {
      byte[] bytes = {1, 2, 3};
      Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      PayloadRecord record = PayloadRecord.builder()
          .id(newId())
          .originalSizeBytes(bytes.length)
          .storedSizeBytes(bytes.length)
          .createdAt(created)
          .expiresAt(created.plus(Duration.ofMinutes(5)))
          .build();
      store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      PayloadRecord stored = openExisting(record.id()).record();
      assertSameRecord(stored, record);
      assertThat(stored.sessionId()).isEmpty();
      assertThat(stored.toolName()).isEmpty();
      assertThat(stored.providerName()).isEmpty();
      assertThat(stored.checksum()).isEmpty();
      assertThat(stored.metadata()).isEmpty();
      assertThat(stored.contentType()).isEqualTo(PayloadHeader.DEFAULT_CONTENT_TYPE);
    }

    @Test
    @DisplayName("keeps compressed payloads' sizes and compression name")
    void compressedRecord() {
      byte[] stored = randomBytes(new Random(7), 1000);
      PayloadRecord record = recordFor(newId(), stored)
          .compression("zstd")
          .originalSizeBytes(250_000)
          .checksum("crc32c:0a1b2c3d")
          .build();
      store.put(PayloadBody.of(record, new ByteArrayInputStream(stored)));
      assertRoundTrip(record, stored, "compressed payload");
    }
  }

  /** A payload offloaded from a stream: sizes and checksum are known only after the last byte. */
  @Nested
  @DisplayName("streamed put")
  class StreamedPut {

    @Test
    @DisplayName("persists the record the body gives at its end, asked for only after the body was drained")
    void persistsFinalRecord() {
      byte[] bytes = randomBytes(new Random(3), 3 * MIB + 17);
      PayloadRecord complete = recordFor(newId(), bytes).build();
      DrainTrackingStream stream = new DrainTrackingStream(new ByteArrayInputStream(bytes));
      PayloadBody body = PayloadBody.streamed(complete.header(), stream, stored -> {
        assertThat(stream.drained()).as("the record is asked for after the body ended").isTrue();
        assertThat(stored).as("stored bytes counted by the body").isEqualTo(bytes.length);
        return complete;
      });

      store.put(body);

      assertThat(stream.drained()).as("the store read the stream to its end").isTrue();
      assertRoundTrip(complete, bytes, "streamed payload");
    }

    @Test
    @DisplayName("a body longer or shorter than its record is refused, not retryable, and leaves nothing")
    void lengthDisagreesWithRecord() {
      byte[] bytes = randomBytes(new Random(4), 2 * MIB + 3);
      for (int delta : new int[] {-1, 1}) {
        PayloadRecord lying = recordFor(newId(), bytes).storedSizeBytes(bytes.length + delta).build();
        assertThatThrownBy(() -> store.put(PayloadBody.of(lying, new ByteArrayInputStream(bytes))))
            .as("a record declaring %+d bytes", delta)
            .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isFalse());
        assertThat(store.open(lying.id())).as("open after the refused put").isEmpty();
      }
    }

    @Test
    @DisplayName("a failure of the caller's source propagates unchanged and leaves nothing")
    void sourceFailurePropagates() {
      byte[] bytes = randomBytes(new Random(6), 3 * MIB);
      PayloadRecord record = recordFor(newId(), bytes).build();
      PayloadSourceException sourceBroke = new PayloadSourceException("the caller's stream broke"
          + " (simulated by the compatibility kit)", record.id(), null);
      InputStream failing = new FailingStream(new ByteArrayInputStream(bytes), 2 * MIB, () -> sourceBroke);

      assertThatThrownBy(() -> store.put(PayloadBody.of(record, failing))).isSameAs(sourceBroke);

      assertThat(store.open(record.id())).as("open after the failed put").isEmpty();
    }
  }

  /** Stored bytes are read lazily, as often as the caller likes. */
  @Nested
  @DisplayName("open stream")
  class OpenStream {

    @Test
    @DisplayName("can be opened twice and yields the same bytes each time")
    void openTwice() throws IOException {
      byte[] bytes = randomBytes(new Random(2), 300_000);
      PayloadRecord record = putPayload(bytes);
      StoredPayload stored = openExisting(record.id());
      try (InputStream first = stored.openStream(); InputStream second = stored.openStream()) {
        byte[] head = first.readNBytes(1000);
        assertSameBytes(second.readAllBytes(), bytes, "second stream, opened while the first was open");
        assertSameBytes(head, Arrays.copyOf(bytes, 1000), "first 1000 bytes of the first stream");
        assertSameBytes(first.readAllBytes(), Arrays.copyOfRange(bytes, 1000, bytes.length),
            "rest of the first stream");
      }
      assertSameBytes(readAll(stored), bytes, "third stream");
    }
  }

  /**
   * {@link io.payloadoffload.spi.PayloadStore#openForReading}, the resolver's open: the same record
   * and bytes as {@code open}, whoever asks and whenever; only the store's cost may differ.
   */
  @Nested
  @DisplayName("open for reading")
  class OpenForReading {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 300_000, 2 * MIB + 5})
    @DisplayName("returns what open returns for the owner, another session, no session, and after expiry")
    void sameAsOpen(int size) {
      byte[] bytes = randomBytes(new Random(size + 11L), size);
      PayloadRecord owned = putPayload(bytes);
      PayloadRecord unowned = recordFor(newId(), bytes).sessionId(null).build();
      store.put(PayloadBody.of(unowned, new ByteArrayInputStream(bytes)));
      Instant now = Instant.now();
      Instant afterExpiry = owned.expiresAt().plusSeconds(1);
      assertOpensForReading(owned, bytes, "session-42", now, "the owner");
      assertOpensForReading(owned, bytes, "session-other", now, "another session");
      assertOpensForReading(owned, bytes, null, now, "no session");
      assertOpensForReading(owned, bytes, "session-42", afterExpiry, "the owner, after expiry");
      assertOpensForReading(unowned, bytes, "session-any", now, "anyone, for a payload of no session");
      assertOpensForReading(unowned, bytes, null, afterExpiry, "no session, after expiry");
    }

    @Test
    @DisplayName("of a never-stored id is empty")
    void unknown() {
      assertThat(store.openForReading(newId(), "session-42", Instant.now())).isEmpty();
    }

    private void assertOpensForReading(PayloadRecord record, byte[] bytes, String session, Instant now,
        String who) {
      Optional<StoredPayload> stored = store.openForReading(record.id(), session, now);
      assertThat(stored).as("openForReading by %s", who).isPresent();
      assertSameRecord(stored.get().record(), record);
      assertSameBytes(readAll(stored.get()), bytes, "openForReading by " + who);
      assertSameBytes(readAll(stored.get()), bytes, "openForReading by " + who + ", second stream");
    }
  }

  /** Ids that were never stored. */
  @Nested
  @DisplayName("not found")
  class NotFound {

    @Test
    @DisplayName("open of a never-stored id is empty")
    void openUnknown() {
      assertThat(store.open(newId())).isEmpty();
    }

    @Test
    @DisplayName("delete of a never-stored id returns false")
    void deleteUnknown() {
      assertThat(store.delete(newId())).isFalse();
    }
  }

  /** Deleting is idempotent. */
  @Nested
  @DisplayName("delete")
  class Delete {

    @Test
    @DisplayName("returns true, then false, and open is empty afterwards")
    void deleteTwice() {
      PayloadRecord record = putPayload(new byte[] {42});
      PayloadRecord other = putPayload(new byte[] {7, 7});
      assertThat(store.delete(record.id())).as("first delete").isTrue();
      assertThat(store.delete(record.id())).as("second delete").isFalse();
      assertThat(store.open(record.id())).isEmpty();
      assertRoundTrip(other, new byte[] {7, 7}, "payload that was not deleted");
    }

    @Test
    @DisplayName("a payload opened, then deleted, fails with an IOException when its stream is read")
    void openedThenDeleted() throws IOException {
      byte[] bytes = randomBytes(new Random(8), 2 * MIB + 5);
      PayloadRecord record = putPayload(bytes);
      StoredPayload opened = openExisting(record.id());
      assertThat(store.delete(record.id())).isTrue();

      try (InputStream in = opened.openStream()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
      }
    }
  }

  /** A put is atomic: all or nothing. */
  @Nested
  @DisplayName("failed put")
  class FailedPut {

    @Test
    @DisplayName("a stream failing after 3 MiB throws PayloadStoreException and leaves nothing")
    void streamFailsMidway() {
      byte[] bytes = randomBytes(new Random(5), 4 * MIB);
      PayloadRecord record = recordFor(newId(), bytes).build();
      InputStream failing = new FailingStream(new ByteArrayInputStream(bytes), 3 * MIB,
          () -> new IOException("source failed (simulated by the compatibility kit)"));

      assertThatThrownBy(() -> store.put(PayloadBody.of(record, failing))).isInstanceOf(PayloadStoreException.class);

      assertThat(store.open(record.id())).as("open after the failed put").isEmpty();
      store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      assertRoundTrip(record, bytes, "payload put again after a failed put");
    }
  }

  /** {@link PayloadStore#deleteExpired} deletes in batches and leaves live payloads. */
  @Nested
  @DisplayName("expiry")
  class Expiry {
    private final Instant created = Instant.parse("2000-01-01T00:00:00Z");
    private final Instant now = created.plus(Duration.ofHours(2));

    private PayloadRecord putExpiringAt(Instant expiresAt) {
      byte[] bytes = expiresAt.toString().getBytes(StandardCharsets.UTF_8);
      PayloadRecord record = recordFor(newId(), bytes).createdAt(created).expiresAt(expiresAt).build();
      store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      return record;
    }

    private List<PayloadRecord> putExpired(int count) {
      List<PayloadRecord> expired = new ArrayList<>();
      expired.add(putExpiringAt(now));
      for (int i = 1; i < count; i++) {
        expired.add(putExpiringAt(created.plus(Duration.ofMinutes(i))));
      }
      return expired;
    }

    @Test
    @DisplayName("returns expired payloads that were not swept yet")
    void expiredButUnsweptIsReturned() {
      PayloadRecord expired = putExpiringAt(created.plus(Duration.ofMinutes(1)));
      assertThat(store.open(expired.id())).as("expired in 2000, never swept").isPresent();
    }

    @Test
    @DisplayName("deletes 25 expired payloads in batches of 10, 10, 5, 0 and keeps 10 live ones")
    void deletesInBatches() {
      List<PayloadRecord> expired = putExpired(25);
      List<PayloadRecord> live = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        live.add(putExpiringAt(now.plus(Duration.ofMinutes(i))));
      }

      List<Long> batches = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        batches.add(store.deleteExpired(now, 10));
      }

      assertThat(batches).containsExactly(10L, 10L, 5L, 0L);
      for (PayloadRecord record : expired) {
        assertThat(store.open(record.id())).as("expired %s after sweeping", record.id()).isEmpty();
      }
      for (PayloadRecord record : live) {
        assertThat(store.open(record.id())).as("live %s after sweeping", record.id()).isPresent();
      }
    }

    @Test
    @DisplayName("concurrent sweeps delete each expired payload exactly once")
    void concurrentSweeps() throws Exception {
      putExpired(60);
      List<Callable<Long>> sweepers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sweepers.add(() -> {
          long total = 0;
          long deleted;
          do {
            deleted = store.deleteExpired(now, 7);
            total += deleted;
          } while (deleted > 0);
          return total;
        });
      }
      long total = 0;
      for (long deleted : runConcurrently(sweepers)) {
        total += deleted;
      }
      assertThat(total).as("payloads deleted by four concurrent sweepers").isEqualTo(60);
      assertThat(store.deleteExpired(now, 10)).isZero();
    }
  }

  /** The store is used from many threads at once. */
  @Nested
  @DisplayName("concurrency")
  class Concurrency {

    @Test
    @DisplayName("8 threads putting and opening 20 payloads each all round-trip")
    void concurrentPutAndOpen() throws Exception {
      long seed = System.nanoTime();
      List<Callable<List<PayloadRecord>>> writers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Random random = new Random(seed + t);
        writers.add(() -> {
          List<PayloadRecord> records = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            byte[] bytes = randomBytes(random, random.nextInt(256 * 1024 + 1));
            PayloadRecord record = putPayload(bytes);
            assertRoundTrip(record, bytes, "payload written concurrently, seed " + seed);
            records.add(record);
          }
          return records;
        });
      }
      List<PayloadRecord> all = new ArrayList<>();
      runConcurrently(writers).forEach(all::addAll);

      assertThat(all).hasSize(160);
      for (PayloadRecord record : all) {
        StoredPayload stored = openExisting(record.id());
        assertSameRecord(stored.record(), record);
        assertThat(sha256(readAll(stored))).as("bytes of %s, seed %d", record.id(), seed)
            .isEqualTo(record.checksum().orElseThrow());
      }
    }
  }

  /** A second put of a stored id. */
  @Nested
  @DisplayName("duplicate id")
  class DuplicateId {

    @Test
    @DisplayName("same id and checksum succeeds (an idempotent retry)")
    void sameChecksumIsIdempotent() {
      byte[] bytes = randomBytes(new Random(11), 5000);
      PayloadRecord record = putPayload(bytes);

      assertThatCode(() -> store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes))))
          .doesNotThrowAnyException();

      assertRoundTrip(record, bytes, "payload after a retried put");
    }

    @Test
    @DisplayName("same id with another checksum fails, not retryable, and keeps the original")
    void differentChecksumFails() {
      byte[] bytes = randomBytes(new Random(12), 5000);
      PayloadRecord record = putPayload(bytes);
      byte[] otherBytes = randomBytes(new Random(13), 5000);
      PayloadRecord other = recordFor(record.id(), otherBytes).build();

      assertThatThrownBy(() -> store.put(PayloadBody.of(other, new ByteArrayInputStream(otherBytes))))
          .isInstanceOfSatisfying(PayloadStoreException.class,
              e -> assertThat(e.isRetryable()).as("retryable").isFalse());

      assertRoundTrip(record, bytes, "original payload after a conflicting put");
    }
  }

  /** Every method fails after {@link PayloadStore#close()}. */
  @Nested
  @DisplayName("after close")
  class AfterClose {
    private PayloadRecord record;
    private byte[] bytes;

    @BeforeEach
    void putAndClose() {
      bytes = new byte[] {1, 2, 3};
      record = putPayload(bytes);
      closedByTest = true;
      store.close();
    }

    @Test
    @DisplayName("put throws a non-retryable PayloadStoreException")
    void putFails() {
      byte[] more = {4, 5};
      PayloadRecord next = recordFor(newId(), more).build();
      assertNotRetryable(() -> store.put(PayloadBody.of(next, new ByteArrayInputStream(more))));
    }

    @Test
    @DisplayName("open throws a non-retryable PayloadStoreException")
    void openFails() {
      assertNotRetryable(() -> store.open(record.id()));
    }

    @Test
    @DisplayName("delete throws a non-retryable PayloadStoreException")
    void deleteFails() {
      assertNotRetryable(() -> store.delete(record.id()));
    }

    @Test
    @DisplayName("deleteExpired throws a non-retryable PayloadStoreException")
    void deleteExpiredFails() {
      assertNotRetryable(() -> store.deleteExpired(Instant.now().plus(Duration.ofDays(1)), 10));
    }

    @Test
    @DisplayName("close again is fine")
    void closeTwice() {
      assertThatCode(store::close).doesNotThrowAnyException();
    }

    private void assertNotRetryable(ThrowingCallable call) {
      assertThatThrownBy(call).isInstanceOfSatisfying(PayloadStoreException.class,
          e -> assertThat(e.isRetryable()).as("retryable").isFalse());
    }
  }

  /** Runs the tasks on their own threads, released together, and returns their results in order. */
  private static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Records whether the end of the stream was reached. */
  private static final class DrainTrackingStream extends FilterInputStream {
    private volatile boolean drained;

    DrainTrackingStream(InputStream in) {
      super(in);
    }

    boolean drained() {
      return drained;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      drained |= b == -1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      drained |= n == -1;
      return n;
    }
  }

  /** Passes a number of bytes through, then throws what it is given (an {@link IOException} or unchecked). */
  private static final class FailingStream extends FilterInputStream {
    private final Supplier<? extends Exception> failure;
    private long remaining;

    FailingStream(InputStream in, long failAfter, Supplier<? extends Exception> failure) {
      super(in);
      this.remaining = failAfter;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        throw fail();
      }
      remaining--;
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining <= 0) {
        throw fail();
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      remaining -= Math.max(n, 0);
      return n;
    }

    private IOException fail() {
      Exception e = failure.get();
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      return (IOException) e;
    }
  }

}

package io.payloadoffload.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.postgres.internal.ChunkInputStream;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.BinaryFormatProbe;

class PostgresPayloadStoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();
  private PostgresPayloadStore store;

  @BeforeEach
  void buildStore() {
    store = db.storeBuilder().chunkSizeBytes(1024).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return "txn_" + HexFormat.of().formatHex(b);
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static PayloadRecord record(String id, byte[] stored) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return PayloadRecord.builder()
        .id(id)
        .sessionId("s-1")
        .toolName("analyze")
        .providerName("acme")
        .contentType("application/json")
        .compression("zstd")
        .checksum("sha256:" + "ab".repeat(32))
        .originalSizeBytes(stored.length * 3L)
        .storedSizeBytes(stored.length)
        .createdAt(now)
        .expiresAt(now.plus(Duration.ofHours(1)))
        .metadata(Map.of("tenant", "t-7", "note", "\"quoted\" \u00e9"))
        .build();
  }

  /**
   * The bytes as a stream that pauses after the first {@code pauseAt} of them: it counts
   * {@code paused} down, then waits up to 30 seconds for {@code resume} before going on.
   */
  static InputStream pausingAfter(byte[] bytes, int pauseAt, CountDownLatch paused, CountDownLatch resume) {
    InputStream pause = new InputStream() {
      @Override
      public int read() throws IOException {
        paused.countDown();
        try {
          resume.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        return -1;
      }
    };
    return new SequenceInputStream(new ByteArrayInputStream(bytes, 0, pauseAt),
        new SequenceInputStream(pause, new ByteArrayInputStream(bytes, pauseAt, bytes.length - pauseAt)));
  }

  static byte[] readAll(StoredPayload payload) throws IOException {
    try (InputStream in = payload.openStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void storesAndReadsBackAPayloadSpanningManyChunks() throws IOException {
    byte[] bytes = randomBytes(10 * 1024 + 17);
    PayloadRecord record = record(newId(), bytes);

    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    StoredPayload opened = store.open(record.id()).orElseThrow();
    assertThat(opened.record()).isEqualTo(record);
    assertThat(readAll(opened)).isEqualTo(bytes);
    assertThat(readAll(opened)).as("a second stream reads the same bytes").isEqualTo(bytes);
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks WHERE payload_id = '"
        + record.id() + "'")).isEqualTo(11);
  }

  @Test
  void streamsAPayloadOfManyMegabytesWithoutEitherSideHoldingItWhole() throws Exception {
    long size = 48L * 1_048_576 + 123;
    PayloadRecord record = PayloadRecord.builder().id(newId()).storedSizeBytes(size).originalSizeBytes(size)
        .createdAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    try (PostgresPayloadStore large = db.storeBuilder().build()) {
      large.put(PayloadBody.of(record, generated(size)));

      try (InputStream in = large.open(record.id()).orElseThrow().openStream()) {
        assertThat(sha256(in)).isEqualTo(sha256(generated(size)));
      }
      assertThat(db.queryLong("SELECT count(*) FROM " + large.schema() + ".payload_chunks")).isEqualTo(49);
    }
  }

  private static byte[] sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      digest.update(buffer, 0, n);
    }
    return digest.digest();
  }

  /** A deterministic stream of pseudo-random bytes, produced as it is read. */
  private static InputStream generated(long size) {
    Random random = new Random(size);
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        byte[] next = new byte[n];
        random.nextBytes(next);
        System.arraycopy(next, 0, b, off, n);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void storesAnEmptyPayloadWithoutChunks() throws IOException {
    PayloadRecord record = record(newId(), new byte[0]);

    store.put(PayloadBody.of(record, InputStream.nullInputStream()));

    assertThat(readAll(store.open(record.id()).orElseThrow())).isEmpty();
  }

  /** A record whose sizes and checksum are known only once {@code in} has been read to its end. */
  /** A body that learns its record only at its end, as the core's streamed puts do. */
  private static PayloadBody streamed(PayloadRecord complete, byte[] bytes) {
    return PayloadBody.streamed(complete.header(), new ByteArrayInputStream(bytes),
        stored -> complete.toBuilder().storedSizeBytes(stored).build());
  }

  @Test
  void storesAStreamedPayloadWithTheFinalRecordsSizesAndChecksum() throws IOException {
    byte[] bytes = randomBytes(3000);
    PayloadRecord complete = record(newId(), bytes);

    store.put(streamed(complete, bytes));

    StoredPayload opened = store.open(complete.id()).orElseThrow();
    assertThat(opened.record()).isEqualTo(complete);
    assertThat(readAll(opened)).isEqualTo(bytes);
  }

  @Test
  void aRepeatedStreamedPutIsComparedByItsFinalRecord() throws IOException {
    byte[] bytes = randomBytes(3000);
    PayloadRecord complete = record(newId(), bytes);
    store.put(streamed(complete, bytes));

    store.put(streamed(complete, bytes));
    PayloadRecord other = complete.toBuilder().checksum("sha256:" + "cd".repeat(32)).build();
    assertThatThrownBy(() -> store.put(streamed(other, bytes)))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isFalse());

    assertThat(readAll(store.open(complete.id()).orElseThrow())).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1023, 1024, 1025, 2048, 4097})
  void roundTripsSizesAroundChunkBoundaries(int size) throws IOException {
    byte[] bytes = randomBytes(size);
    PayloadRecord record = record(newId(), bytes);

    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks WHERE payload_id = '"
        + record.id() + "'")).isEqualTo((size + 1023) / 1024);
  }

  @Test
  void aPayloadDeletedWhileBeingReadFailsTheStreamWithAnIoError() throws IOException {
    byte[] bytes = randomBytes(5000);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    try (InputStream in = store.open(record.id()).orElseThrow().openStream()) {
      in.readNBytes(1500);
      store.delete(record.id());
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
          .hasMessageContaining(record.id()).hasMessageContaining("deleted or swept");
    }
  }

  @Test
  void aRepeatedPutOfTheSamePayloadSucceeds() throws IOException {
    byte[] bytes = randomBytes(2500);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @Test
  void aPutOfOtherContentUnderAnExistingIdFailsForGood() throws IOException {
    byte[] bytes = randomBytes(2500);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    PayloadRecord other = record.toBuilder().checksum("sha256:" + "cd".repeat(32)).build();

    assertThatThrownBy(() -> store.put(PayloadBody.of(other, new ByteArrayInputStream(bytes))))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.payloadId()).contains(record.id());
          assertThat(e).hasMessageContaining("exists already");
        });
    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @Test
  void aStreamLongerThanTheRecordSaysIsRejectedAndNothingStays() {
    byte[] bytes = randomBytes(2048);
    PayloadRecord record = record(newId(), randomBytes(100));

    assertThatThrownBy(() -> store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes))))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isFalse());
    assertThat(store.open(record.id())).isEmpty();
  }

  @Test
  void deletesAPayloadWithItsChunks() {
    byte[] bytes = randomBytes(4000);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    assertThat(store.delete(record.id())).isTrue();
    assertThat(store.delete(record.id())).isFalse();
    assertThat(store.open(record.id())).isEmpty();
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks WHERE payload_id = '"
        + record.id() + "'")).isZero();
  }

  @Test
  void aStreamReadSlowlyHoldsNoConnection() throws IOException {
    try (PostgresPayloadStore single = db.storeBuilder().chunkSizeBytes(1024).maxPoolSize(1)
        .connectionTimeout(Duration.ofSeconds(1)).build()) {
      byte[] bytes = randomBytes(5000);
      PayloadRecord record = record(newId(), bytes);
      single.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      byte[] other = randomBytes(1500);
      PayloadRecord otherRecord = record(newId(), other);

      try (InputStream in = single.open(record.id()).orElseThrow().openStream()) {
        byte[] head = in.readNBytes(1500);
        single.put(PayloadBody.of(otherRecord, new ByteArrayInputStream(other)));
        assertThat(single.delete(otherRecord.id())).isTrue();
        byte[] tail = in.readAllBytes();
        assertThat(head.length + tail.length).isEqualTo(bytes.length);
        assertThat(tail).isEqualTo(Arrays.copyOfRange(bytes, 1500, bytes.length));
      }
    }
  }

  @Test
  void chunksArriveInBinaryFromTheFirstQuery() throws Exception {
    byte[] bytes = randomBytes(1024);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    String sql = "SELECT data FROM \"" + store.schema() + "\".payload_chunks WHERE payload_id = ? AND seq = ?";

    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement plain = c.prepareStatement(sql)) {
        plain.setString(1, record.id());
        plain.setInt(2, 0);
        try (ResultSet rs = plain.executeQuery()) {
          rs.next();
          assertThat(BinaryFormatProbe.isBinary(rs, 1)).as("pgjdbc's default: hex text").isFalse();
        }
      }
      try (PreparedStatement forced = c.prepareStatement(sql)) {
        ChunkInputStream.forceBinaryResults(forced);
        forced.setString(1, record.id());
        forced.setInt(2, 0);
        try (ResultSet rs = forced.executeQuery()) {
          rs.next();
          assertThat(BinaryFormatProbe.isBinary(rs, 1)).isTrue();
          assertThat(rs.getBytes(1)).isEqualTo(bytes);
        }
      }
    }
  }

  @Test
  void prepareThresholdZeroInTheUrlIsRespectedAndReadsStillWork() throws Exception {
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "prepareThreshold=0";
    try (PostgresPayloadStore unprepared = PostgresPayloadStore.builder().jdbcUrl(url)
        .schema(TestDatabase.freshSchema()).chunkSizeBytes(1024).build()) {
      byte[] bytes = randomBytes(3000);
      PayloadRecord record = record(newId(), bytes);
      unprepared.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      assertThat(readAll(unprepared.open(record.id()).orElseThrow())).isEqualTo(bytes);

      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(url);
      try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
          "SELECT data FROM \"" + unprepared.schema() + "\".payload_chunks WHERE payload_id = ? AND seq = 0")) {
        ChunkInputStream.forceBinaryResults(ps);
        ps.setString(1, record.id());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(BinaryFormatProbe.isBinary(rs, 1)).isFalse();
        }
      }
    }
  }

  @Test
  void everyCallAfterCloseFailsForGood() {
    byte[] bytes = randomBytes(10);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    StoredPayload opened = store.open(record.id()).orElseThrow();
    store.close();
    store.close();

    assertThatThrownBy(() -> store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)))).satisfies(PostgresPayloadStoreTest::closedError);
    assertThatThrownBy(() -> store.open(record.id())).satisfies(PostgresPayloadStoreTest::closedError);
    assertThatThrownBy(() -> store.delete(record.id())).satisfies(PostgresPayloadStoreTest::closedError);
    assertThatThrownBy(() -> store.deleteExpired(Instant.now(), 10)).satisfies(PostgresPayloadStoreTest::closedError);
    assertThatThrownBy(opened::openStream).satisfies(PostgresPayloadStoreTest::closedError);
  }

  private static void closedError(Throwable e) {
    assertThat(e).isInstanceOf(PayloadStoreException.class).hasMessageContaining("closed");
    assertThat(((PayloadStoreException) e).isRetryable()).isFalse();
  }

  @Test
  void sweepsOnlyExpiredPayloadsInBatches() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    byte[] bytes = randomBytes(1500);
    for (int i = 0; i < 5; i++) {
      PayloadRecord expired = record(newId(), bytes).toBuilder().createdAt(now.minusSeconds(60))
          .expiresAt(now.minusSeconds(i)).build();
      store.put(PayloadBody.of(expired, new ByteArrayInputStream(bytes)));
    }
    PayloadRecord live = record(newId(), bytes).toBuilder().createdAt(now).expiresAt(now.plusMillis(1)).build();
    store.put(PayloadBody.of(live, new ByteArrayInputStream(bytes)));

    assertThat(store.deleteExpired(now, 3)).isEqualTo(3);
    assertThat(store.deleteExpired(now, 3)).isEqualTo(2);
    assertThat(store.deleteExpired(now, 3)).isZero();
    assertThat(store.open(live.id())).isPresent();
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks")).isEqualTo(2);
    assertThatThrownBy(() -> store.deleteExpired(now, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSchemaHasTheDocumentedShape() {
    String schema = store.schema();
    assertThat(db.queryString("SELECT attstorage FROM pg_attribute WHERE attrelid = '" + schema
        + ".payload_chunks'::regclass AND attname = 'data'")).isEqualTo("e");
    assertThat(db.queryString("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + schema
        + "' AND tablename = 'payloads' AND indexdef LIKE '%(expires_at)%'")).isNotNull();
    assertThat(db.queryLong("SELECT max(version) FROM " + schema + ".schema_version")).isEqualTo(1);
  }

  @Test
  void toStringNamesTheSchemaButNoPassword() {
    assertThat(store.toString()).contains(store.schema()).contains("chunkSizeBytes=1024");
  }
}

package io.payloadoffload.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.PayloadStoreException;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import io.payloadoffload.postgres.internal.ChunkInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.BinaryFormatProbe;

class PostgresPayloadStoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestDatabase db;
  private PostgresPayloadStore store;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    db.close();
  }

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

  static byte[] readAll(StoredPayload payload) throws IOException {
    try (InputStream in = payload.openStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void storesAndReadsBackAPayloadSpanningManyChunks() throws IOException {
    byte[] bytes = randomBytes(10 * 1024 + 17);
    PayloadRecord record = record(newId(), bytes);

    store.put(record, new ByteArrayInputStream(bytes));

    StoredPayload opened = store.open(record.id()).orElseThrow();
    assertThat(opened.record()).isEqualTo(record);
    assertThat(readAll(opened)).isEqualTo(bytes);
    assertThat(readAll(opened)).as("a second stream reads the same bytes").isEqualTo(bytes);
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks WHERE payload_id = '"
        + record.id() + "'")).isEqualTo(11);
  }

  @Test
  void storesAnEmptyPayloadWithoutChunks() throws IOException {
    PayloadRecord record = record(newId(), new byte[0]);

    store.put(record, InputStream.nullInputStream());

    assertThat(readAll(store.open(record.id()).orElseThrow())).isEmpty();
  }

  @Test
  void storesAStreamedPayloadWithTheFinalRecordsSizesAndChecksum() throws IOException {
    byte[] bytes = randomBytes(3000);
    PayloadRecord complete = record(newId(), bytes);
    AtomicReference<PayloadRecord> done = new AtomicReference<>();
    PayloadRecord streamed = complete.toBuilder().originalSizeBytes(-1).storedSizeBytes(-1)
        .checksum(null).completedBy(done::get).build();
    InputStream in = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        int n = super.read(b, off, len);
        if (n <= 0) {
          done.set(complete);
        }
        return n;
      }
    };

    store.put(streamed, in);

    StoredPayload opened = store.open(complete.id()).orElseThrow();
    assertThat(opened.record()).isEqualTo(complete);
    assertThat(readAll(opened)).isEqualTo(bytes);
  }

  @Test
  void aRepeatedPutOfTheSamePayloadSucceeds() throws IOException {
    byte[] bytes = randomBytes(2500);
    PayloadRecord record = record(newId(), bytes);
    store.put(record, new ByteArrayInputStream(bytes));

    store.put(record, new ByteArrayInputStream(bytes));

    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @Test
  void aPutOfOtherContentUnderAnExistingIdFailsForGood() throws IOException {
    byte[] bytes = randomBytes(2500);
    PayloadRecord record = record(newId(), bytes);
    store.put(record, new ByteArrayInputStream(bytes));
    PayloadRecord other = record.toBuilder().checksum("sha256:" + "cd".repeat(32)).build();

    assertThatThrownBy(() -> store.put(other, new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.getPayloadId()).contains(record.id());
          assertThat(e).hasMessageContaining("exists already");
        });
    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @Test
  void aStreamLongerThanTheRecordSaysIsRejectedAndNothingStays() {
    byte[] bytes = randomBytes(2048);
    PayloadRecord record = record(newId(), randomBytes(100));

    assertThatThrownBy(() -> store.put(record, new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isFalse());
    assertThat(store.open(record.id())).isEmpty();
  }

  @Test
  void deletesAPayloadWithItsChunks() {
    byte[] bytes = randomBytes(4000);
    PayloadRecord record = record(newId(), bytes);
    store.put(record, new ByteArrayInputStream(bytes));

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
      single.put(record, new ByteArrayInputStream(bytes));
      byte[] other = randomBytes(1500);
      PayloadRecord otherRecord = record(newId(), other);

      try (InputStream in = single.open(record.id()).orElseThrow().openStream()) {
        byte[] head = in.readNBytes(1500);
        single.put(otherRecord, new ByteArrayInputStream(other));
        assertThat(single.delete(otherRecord.id())).isTrue();
        byte[] tail = in.readAllBytes();
        assertThat(head.length + tail.length).isEqualTo(bytes.length);
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1500, bytes.length));
      }
    }
  }

  @Test
  void chunksArriveInBinaryFromTheFirstQuery() throws Exception {
    byte[] bytes = randomBytes(1024);
    PayloadRecord record = record(newId(), bytes);
    store.put(record, new ByteArrayInputStream(bytes));
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
  void everyCallAfterCloseFailsForGood() {
    byte[] bytes = randomBytes(10);
    PayloadRecord record = record(newId(), bytes);
    store.put(record, new ByteArrayInputStream(bytes));
    StoredPayload opened = store.open(record.id()).orElseThrow();
    store.close();
    store.close();

    assertThatThrownBy(() -> store.put(record, new ByteArrayInputStream(bytes))).satisfies(PostgresPayloadStoreTest::closedError);
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
      store.put(expired, new ByteArrayInputStream(bytes));
    }
    PayloadRecord live = record(newId(), bytes).toBuilder().createdAt(now).expiresAt(now.plusMillis(1)).build();
    store.put(live, new ByteArrayInputStream(bytes));

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

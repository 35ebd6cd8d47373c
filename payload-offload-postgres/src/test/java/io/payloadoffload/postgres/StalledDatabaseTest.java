package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.newId;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.readAll;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A database that stalls rather than fails: another session holds {@code ACCESS EXCLUSIVE} on one
 * of the store's tables for longer than any call may take. Every call must end by itself, with a
 * retryable error, long before the lock is released; afterwards the store works and nothing of the
 * failed calls is left.
 */
class StalledDatabaseTest {
  private static final int CHUNK = 1024;
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(4);
  /** The generous bound on a call against a locked table: the statement timeout plus 5 seconds. */
  private static final Duration BOUND = STATEMENT_TIMEOUT.plusSeconds(5);
  /**
   * The bound on a chunk read through a given data source: pgjdbc sends the describe round trip of a
   * binary-forced statement before it starts the query timeout, so only the network timeout ends a
   * lock wait there (the store's own pool has the server-side lock timeout as well).
   */
  private static final Duration CHUNK_READ_BOUND = NETWORK_TIMEOUT.plusSeconds(5);
  /** How long the lock is held at most; every call must end well before. */
  private static final Duration HELD = Duration.ofSeconds(60);

  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();
  private HikariDataSource applicationPool;
  private PostgresPayloadStore store;

  enum Source { OWN_POOL, DATA_SOURCE }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (applicationPool != null) {
      applicationPool.close();
    }
  }

  private PostgresPayloadStore build(Source source) {
    PostgresPayloadStore.Builder b = PostgresPayloadStore.builder().schema(TestDatabase.freshSchema())
        .chunkSizeBytes(CHUNK).lockTimeout(LOCK_TIMEOUT).statementTimeout(STATEMENT_TIMEOUT)
        .networkTimeout(NETWORK_TIMEOUT);
    if (source == Source.OWN_POOL) {
      b.jdbcUrl(db.jdbcUrl()).maxPoolSize(2);
    } else {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.jdbcUrl());
      config.setMaximumPoolSize(1);
      applicationPool = new HikariDataSource(config);
      b.dataSource(applicationPool);
    }
    store = b.build();
    return store;
  }

  @ParameterizedTest(name = "{0}, {1}, {2} bytes")
  @CsvSource({
      "payloads, OWN_POOL, 500", "payloads, OWN_POOL, 5000",
      "payloads, DATA_SOURCE, 500", "payloads, DATA_SOURCE, 5000",
      "payload_chunks, OWN_POOL, 500", "payload_chunks, OWN_POOL, 5000",
      "payload_chunks, DATA_SOURCE, 500", "payload_chunks, DATA_SOURCE, 5000"})
  void aPutAgainstALockedTableFailsRetryablyByItselfAndLeavesNothing(String table, Source source, int size)
      throws Exception {
    build(source);
    byte[] bytes = randomBytes(size);
    PayloadRecord record = record(newId(), bytes);

    try (TableLock lock = TableLock.hold(store.schema() + "." + table)) {
      long start = System.nanoTime();
      CompletableFuture<Void> put = CompletableFuture.runAsync(
          () -> store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes))));

      assertRetryableFailure(put, start, BOUND);
      assertThat(lock.isHeld()).isTrue();
    }

    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payloads")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks")).isZero();
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"OWN_POOL", "DATA_SOURCE"})
  void anOpenAgainstALockedHeaderTableFailsRetryablyByItself(Source source) throws Exception {
    build(source);
    byte[] bytes = randomBytes(3 * CHUNK);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    try (TableLock lock = TableLock.hold(store.schema() + ".payloads")) {
      long start = System.nanoTime();
      CompletableFuture<Void> open = CompletableFuture.runAsync(() -> store.open(record.id()));

      assertRetryableFailure(open, start, BOUND);
      assertThat(lock.isHeld()).isTrue();
    }
    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"OWN_POOL", "DATA_SOURCE"})
  void openReadsNoChunkAndTheStreamFailsRetryablyByItselfWhileChunksAreLocked(Source source)
      throws Exception {
    build(source);
    byte[] bytes = randomBytes(3 * CHUNK);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));

    try (TableLock lock = TableLock.hold(store.schema() + ".payload_chunks")) {
      StoredPayload payload = CompletableFuture.supplyAsync(() -> store.open(record.id()).orElseThrow())
          .get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(payload.record()).isEqualTo(record);

      long start = System.nanoTime();
      CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
        try (InputStream in = payload.openStream()) {
          return in.readAllBytes();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      Throwable failure = awaitFailure(read, start, source == Source.OWN_POOL ? BOUND : CHUNK_READ_BOUND);
      assertThat(failure).isInstanceOf(IllegalStateException.class).cause().isInstanceOf(IOException.class)
          .cause().isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isTrue());
      assertThat(lock.isHeld()).isTrue();
    }
    assertThat(readAll(store.open(record.id()).orElseThrow())).isEqualTo(bytes);
  }

  @Test
  void theSessionOfAGivenPoolsConnectionIsLeftAsItWas() throws Exception {
    build(Source.DATA_SOURCE);
    int networkTimeoutBefore;
    try (Connection c = applicationPool.getConnection()) {
      networkTimeoutBefore = c.getNetworkTimeout();
    }
    byte[] bytes = randomBytes(5 * CHUNK);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    readAll(store.open(record.id()).orElseThrow());

    try (Connection c = applicationPool.getConnection(); Statement s = c.createStatement()) {
      assertThat(c.getNetworkTimeout()).isEqualTo(networkTimeoutBefore);
      assertThat(show(s, "statement_timeout")).isEqualTo("0");
      assertThat(show(s, "lock_timeout")).isEqualTo("0");
    }
  }

  private static String show(Statement s, String setting) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void assertRetryableFailure(CompletableFuture<?> call, long start, Duration bound)
      throws Exception {
    assertThat(awaitFailure(call, start, bound))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  /** Waits for the call to fail, within {@code bound} of {@code start}; returns its error. */
  private static Throwable awaitFailure(CompletableFuture<?> call, long start, Duration bound)
      throws Exception {
    Throwable failure = call.handle((v, e) -> e).get(HELD.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(failure).as("the call should have failed").isNotNull();
    assertThat(took).isLessThan(bound);
    return failure instanceof CompletionException ? failure.getCause() : failure;
  }

  /** Another session holding {@code ACCESS EXCLUSIVE} on a table until closed. */
  private static final class TableLock implements AutoCloseable {
    private final Connection connection;

    private TableLock(Connection connection) {
      this.connection = connection;
    }

    static TableLock hold(String table) throws SQLException {
      Connection c = db.dataSource().getConnection();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL lock_timeout = 0");
        s.execute("SET LOCAL idle_in_transaction_session_timeout = " + HELD.toMillis());
        s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
      }
      return new TableLock(c);
    }

    boolean isHeld() throws SQLException {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()"
              + " AND mode = 'AccessExclusiveLock' AND locktype = 'relation'")) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        connection.rollback();
      } finally {
        connection.close();
      }
    }
  }
}

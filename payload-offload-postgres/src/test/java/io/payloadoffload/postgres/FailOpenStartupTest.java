package io.payloadoffload.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.postgres.internal.Schema;
import io.payloadoffload.testkit.CapturedOutput;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An application that starts while its database is down: the store builds, offloads fall back inline
 * and say so once at WARN, and once the database is started the same store and offloader store again,
 * with no restart. Each test starts its own embedded server on a port where nothing listened at first.
 */
class FailOpenStartupTest {
  private static final String PASSWORD = "Pw-4f1c9e-never-logged";
  private static final String STORE_FAILURE_WARNING = "WARN io.payloadoffload.PayloadOffloader - Payload"
      + " store call for payload";

  private static byte[] payload(long seed) {
    byte[] b = new byte[200_000];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static PayloadOffloader offloader(PostgresPayloadStore store) {
    return PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(1024).build()).build();
  }

  /** Offloads while the database is down, starts it, offloads again; checks both with a resolver. */
  private static void fallsBackThenStoresOnceTheDatabaseIsUp(TestDatabase db, PostgresPayloadStore store,
      List<byte[]> payloads) {
    try (PayloadOffloader offloader = offloader(store);
        PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
      for (int i = 0; i < 2; i++) {
        byte[] down = payload(i);
        payloads.add(down);
        Delivery d = offloader.offload(down, OffloadContext.of("s-1", "tool"));
        assertThat(d.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
        assertThat(d.inlineBytes()).isEqualTo(down);
        assertThat(d.fallbackCause()).get().isInstanceOfSatisfying(PayloadStoreException.class,
            e -> assertThat(e.isRetryable()).isTrue());
      }

      db.restart();

      byte[] up = payload(7);
      payloads.add(up);
      Delivery d = offloader.offload(up, OffloadContext.of("s-1", "tool"));
      assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
      assertThat(resolver.resolve(d.envelope(), "s-1")).isEqualTo(up);
    }
  }

  private static long lines(String text, String containing) {
    return text.lines().filter(l -> l.contains(containing)).count();
  }

  @Test
  void aStoreWithItsOwnPoolBuildsWhileTheDatabaseIsDownAndStoresOnceItIsUp() throws IOException {
    List<byte[]> payloads = new ArrayList<>();
    try (TestDatabase db = TestDatabase.notStarted();
        CapturedOutput out = CapturedOutput.start()) {
      String schema = TestDatabase.freshSchema();
      try (PostgresPayloadStore store = PostgresPayloadStore.builder()
          .url("postgres://postgres:" + PASSWORD + "@localhost:" + db.port() + "/postgres")
          .schema(schema).build()) {
        fallsBackThenStoresOnceTheDatabaseIsUp(db, store, payloads);
      }
      assertThat(db.queryLong("SELECT count(*) FROM " + schema + ".payloads")).isEqualTo(1);

      String log = out.text();
      assertThat(lines(log, "WARN io.payloadoffload.postgres.internal.SchemaGate - The payload store's"
          + " database is not reachable yet")).isEqualTo(1);
      assertThat(lines(log, STORE_FAILURE_WARNING)).as("two failures in a row, one WARN").isEqualTo(1);
      assertThat(lines(log, "Payload store calls succeed again after 2 failed calls")).isEqualTo(1);
      out.assertNoLeak(payloads, List.of(PASSWORD), List.of());
    }
  }

  @Test
  void aStoreOnTheApplicationsDataSourceBuildsWhileTheDatabaseIsDownAndStoresOnceItIsUp()
      throws IOException {
    List<byte[]> payloads = new ArrayList<>();
    try (TestDatabase db = TestDatabase.notStarted();
        CapturedOutput out = CapturedOutput.start()) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(db.jdbcUrl());
      dataSource.setPassword(PASSWORD);
      String schema = TestDatabase.freshSchema();
      try (PostgresPayloadStore store = PostgresPayloadStore.builder().dataSource(dataSource)
          .schema(schema).build()) {
        fallsBackThenStoresOnceTheDatabaseIsUp(db, store, payloads);
      }
      assertThat(db.queryLong("SELECT count(*) FROM " + schema + ".payloads")).isEqualTo(1);
      assertThat(lines(out.text(), STORE_FAILURE_WARNING)).isEqualTo(1);
      out.assertNoLeak(payloads, List.of(PASSWORD), List.of());
    }
  }

  @Test
  void withoutCreateSchemaTheBuildDoesNotConnectAtAll() throws IOException {
    try (TestDatabase db = TestDatabase.notStarted()) {
      String schema = TestDatabase.freshSchema();
      try (PostgresPayloadStore store = PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl())
          .schema(schema).createSchema(false).build()) {
        assertThatThrownBy(() -> store.open("txn_" + "0".repeat(32)))
            .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isTrue());
        db.restart();
        db.execute(Schema.loadScript().replace("${schema}", schema));
        assertThat(store.open("txn_" + "0".repeat(32))).isEmpty();
      }
    }
  }

  /**
   * Another node holds the schema's installation lock and does not let go (it stalled mid-DDL): on
   * the application's own DataSource, which sets no server-side timeout, the build still returns once
   * the network timeout ends its wait, and the first call after the lock is released installs.
   */
  @Test
  void aStuckInstallationElsewhereDoesNotHoldTheBuildBeyondTheNetworkTimeout() throws Exception {
    try (TestDatabase db = TestDatabase.notStarted()) {
      db.restart();
      String schema = TestDatabase.freshSchema();
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(db.jdbcUrl());
      try (Connection other = db.dataSource().getConnection()) {
        other.setAutoCommit(false);
        try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
          lock.setInt(1, 0x504F4646);
          lock.setInt(2, schema.hashCode());
          lock.execute();
        }
        try (PostgresPayloadStore store = PostgresPayloadStore.builder().dataSource(dataSource).schema(schema)
            .statementTimeout(Duration.ofMillis(500)).networkTimeout(Duration.ofSeconds(1)).build()) {
          assertThatThrownBy(() -> store.open("txn_" + "0".repeat(32)))
              .isInstanceOfSatisfying(PayloadStoreException.class, e -> assertThat(e.isRetryable()).isTrue());
          other.rollback();
          assertThat(store.open("txn_" + "0".repeat(32))).isEmpty();
        }
      }
      assertThat(db.queryLong("SELECT count(*) FROM " + schema + ".schema_version")).isEqualTo(1);
    }
  }

  /**
   * A server that accepts connections and never answers (a frozen host, a half-open proxy): the
   * build returns, and an offload falls back instead of waiting for the server.
   */
  @Test
  void aServerThatNeverAnswersAtStartupStillLetsTheStoreBuildAndOffloadsFallBack() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (IOException closed) {
          // The test is over.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try (PostgresPayloadStore store = PostgresPayloadStore.builder()
              .url("postgres://app:" + PASSWORD + "@127.0.0.1:" + silent.getLocalPort() + "/app").build();
          PayloadOffloader offloader = offloader(store);
          PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
        byte[] bytes = payload(3);
        Delivery d = offloader.offload(bytes, OffloadContext.of("s-1", "tool"));
        assertThat(d.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
        assertThat(d.inlineBytes()).isEqualTo(bytes);
        assertThatThrownBy(() -> resolver.openStreamById("txn_" + "0".repeat(32), "s-1"))
            .isInstanceOf(StoreUnavailableException.class);
      }
      assertThat(accepted).as("the driver did reach the silent server").isNotEmpty();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}

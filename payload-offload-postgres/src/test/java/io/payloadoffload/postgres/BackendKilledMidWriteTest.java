package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.newId;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.pausingAfter;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.testkit.CapturedOutput;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store's backend is killed while it inserts the chunks of an incompressible payload, which
 * pgjdbc would print in hex in its "Batch entry" error. Neither the exception the caller gets nor
 * anything logged (HikariCP logs a broken connection at WARN) may hold a payload byte or the
 * password, and the message stays short.
 */
class BackendKilledMidWriteTest {
  private static final int CHUNK = 256 * 1024;
  private static final String ROLE = "offloader";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();

  enum Source { OWN_POOL, DATA_SOURCE }

  @BeforeAll
  static void createRole() {
    db.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "';"
        + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    db.execute("GRANT CREATE ON DATABASE postgres TO " + ROLE);
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  void theErrorAndTheLogsHoldNoPayloadByteAndNoPassword(Source source) throws Exception {
    byte[] payload = randomBytes(12 * CHUNK);
    PayloadRecord record = record(newId(), payload);
    CountDownLatch firstBatchWritten = new CountDownLatch(1);
    CountDownLatch killed = new CountDownLatch(1);
    InputStream pausing = pausingAfter(payload, 4 * CHUNK, firstBatchWritten, killed);

    try (CapturedOutput out = CapturedOutput.start(); PostgresPayloadStore store = build(source)) {
      CompletableFuture<Void> put = CompletableFuture.runAsync(() -> store.put(PayloadBody.of(record, pausing)));
      assertThat(firstBatchWritten.await(30, TimeUnit.SECONDS)).isTrue();
      long terminated = db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE usename = '" + ROLE + "' AND query LIKE 'INSERT INTO \"" + store.schema()
          + "\".payload_chunks%'");
      killed.countDown();
      Throwable failure = put.handle((v, e) -> e).get(30, TimeUnit.SECONDS);

      assertThat(terminated).isEqualTo(1);
      assertThat(failure).isInstanceOf(CompletionException.class);
      PayloadStoreException error = (PayloadStoreException) failure.getCause();
      assertThat(error.isRetryable()).isTrue();
      assertThat(error.getMessage()).hasSizeLessThan(600).contains(record.id())
          .containsPattern("SQLState (08...|57P01)");
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      out.assertNoLeak(List.of(payload), List.of(PASSWORD), List.of(error.getMessage(), trace.toString()));
    }
  }

  private static PostgresPayloadStore build(Source source) {
    PostgresPayloadStore.Builder b = PostgresPayloadStore.builder().schema(TestDatabase.freshSchema())
        .chunkSizeBytes(CHUNK);
    if (source == Source.OWN_POOL) {
      return b.jdbcUrl(db.jdbcUrl().replaceAll("[?&]user=[^&]*|[?&]password=[^&]*", ""))
          .username(ROLE).password(PASSWORD).maxPoolSize(2).build();
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(ROLE);
    ds.setPassword(PASSWORD);
    return b.dataSource(ds).build();
  }
}

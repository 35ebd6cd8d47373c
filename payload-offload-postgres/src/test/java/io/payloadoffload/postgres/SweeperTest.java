package io.payloadoffload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes sweeping the same expired rows at once. */
class SweeperTest {
  private static final int ROWS = 10_000;
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();

  @Test
  void twoSweepersDeleteEachExpiredPayloadExactlyOnce() throws Exception {
    try (PostgresPayloadStore a = db.storeBuilder().build();
        PostgresPayloadStore b = PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl()).schema(a.schema()).build()) {
      String s = a.schema();
      db.execute("INSERT INTO " + s + ".payloads (id, content_type, compression, original_size_bytes,"
          + " stored_size_bytes, chunk_count, created_at, expires_at)"
          + " SELECT 'txn_' || lpad(to_hex(i), 32, '0'), 'application/json', 'zstd', 64, 16, 1,"
          + " now() - interval '2 days', now() - interval '1 day' FROM generate_series(1, " + ROWS + ") i");
      db.execute("INSERT INTO " + s + ".payload_chunks (payload_id, seq, data)"
          + " SELECT id, 0, gen_random_bytes_16 FROM (SELECT id, decode(md5(id), 'hex') AS gen_random_bytes_16"
          + " FROM " + s + ".payloads) p");
      db.execute("INSERT INTO " + s + ".payloads (id, content_type, compression, original_size_bytes,"
          + " stored_size_bytes, chunk_count, created_at, expires_at)"
          + " VALUES ('txn_" + "f".repeat(32) + "', 'text/plain', 'none', 1, 1, 0, now(), now() + interval '1 day')");
      Instant now = Instant.now();
      CyclicBarrier together = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Long> first = pool.submit(sweeper(a, now, together));
        Future<Long> second = pool.submit(sweeper(b, now, together));
        long byA = first.get(120, TimeUnit.SECONDS);
        long byB = second.get(120, TimeUnit.SECONDS);

        assertThat(byA + byB).isEqualTo(ROWS);
        assertThat(byA).as("both sweepers did work").isPositive();
        assertThat(byB).as("both sweepers did work").isPositive();
      } finally {
        pool.shutdownNow();
      }
      assertThat(db.queryLong("SELECT count(*) FROM " + s + ".payloads")).isEqualTo(1);
      assertThat(db.queryLong("SELECT count(*) FROM " + s + ".payload_chunks")).isZero();
    }
  }

  /** Sweeps in small batches until a batch comes back empty, as a scheduled sweeper would. */
  private static Callable<Long> sweeper(PostgresPayloadStore store, Instant now, CyclicBarrier together) {
    return () -> {
      together.await(30, TimeUnit.SECONDS);
      long total = 0;
      long n;
      while ((n = store.deleteExpired(now, 100)) > 0) {
        total += n;
      }
      return total;
    };
  }
}

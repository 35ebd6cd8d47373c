package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.newId;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.pausingAfter;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A put that fails halfway leaves neither a header nor a chunk behind. */
class AtomicityTest {
  private static final int CHUNK = 1024;
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();
  private PostgresPayloadStore store;

  @BeforeEach
  void buildStore() {
    store = db.storeBuilder().chunkSizeBytes(CHUNK).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aStreamThatThrowsHalfwayLeavesNothing() {
    byte[] bytes = randomBytes(8 * CHUNK);
    PayloadRecord record = record(newId(), bytes);
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(bytes, 0, 4 * CHUNK + 10),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("upstream connection reset");
          }
        });

    assertThatThrownBy(() -> store.put(PayloadBody.of(record, failing)))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e).hasMessageContaining(record.id()).hasMessageContaining("upstream connection reset");
        });
    assertNothingStored(record.id());
  }

  @Test
  void aBackendKilledHalfwayLeavesNothing() throws Exception {
    byte[] bytes = randomBytes(8 * CHUNK);
    PayloadRecord record = record(newId(), bytes);
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch killed = new CountDownLatch(1);
    InputStream pausing = pausingAfter(bytes, 4 * CHUNK, halfway, killed);

    CompletableFuture<Void> put = CompletableFuture.runAsync(() -> store.put(PayloadBody.of(record, pausing)));
    assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
    long terminated = db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE query LIKE 'INSERT INTO \"" + store.schema() + "\".payload_chunks%'");
    killed.countDown();

    assertThat(terminated).isEqualTo(1);
    assertThatThrownBy(put::join).hasCauseInstanceOf(PayloadStoreException.class)
        .cause().satisfies(e -> assertThat(((PayloadStoreException) e).isRetryable()).isTrue());
    assertNothingStored(record.id());
  }

  private void assertNothingStored(String id) {
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payloads WHERE id = '" + id + "'"))
        .isZero();
    assertThat(db.queryLong("SELECT count(*) FROM " + store.schema() + ".payload_chunks WHERE payload_id = '"
        + id + "'")).isZero();
    assertThat(store.open(id)).isEmpty();
  }
}

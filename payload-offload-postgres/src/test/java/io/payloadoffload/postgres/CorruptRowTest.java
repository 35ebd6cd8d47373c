package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.newId;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows no writer of this library produces: a damaged disk, a hand-edited row, another program
 * writing the tables. Every one surfaces as a typed, non-retryable store error, never as a JDK
 * exception.
 */
class CorruptRowTest {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();
  private PostgresPayloadStore store;
  private PayloadRecord record;
  private byte[] bytes;

  @BeforeEach
  void storeOnePayload() {
    store = db.storeBuilder().chunkSizeBytes(1024).build();
    bytes = randomBytes(3000);
    record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    for (String column : new String[] {"content_type", "compression", "original_size_bytes",
        "stored_size_bytes", "chunk_count", "created_at", "expires_at", "metadata"}) {
      db.execute("ALTER TABLE " + store.schema() + ".payloads ALTER COLUMN " + column + " DROP NOT NULL");
    }
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "original_size_bytes = -5",
      "stored_size_bytes = -1",
      "chunk_count = -2",
      "expires_at = created_at - interval '1 hour'",
      "checksum = 'sha256:XYZ'",
      "checksum = 'md5:abc'",
      "checksum = ''",
      "content_type = NULL",
      "compression = NULL",
      "original_size_bytes = NULL",
      "stored_size_bytes = NULL",
      "chunk_count = NULL",
      "created_at = NULL",
      "expires_at = NULL",
      "metadata = NULL",
      "metadata = '[1, 2]'",
      "metadata = '\"text\"'",
      "metadata = 'null'",
      "metadata = '{\"a\": {\"b\": 1}}'",
      "metadata = '{\"a\": null}'"})
  void aCorruptRowIsANonRetryableStoreErrorThatNamesTheIdAndWhatToDo(String damage) {
    corrupt(damage);

    assertThatThrownBy(() -> store.open(record.id()))
        .isExactlyInstanceOf(PayloadStoreException.class)
        .satisfies(e -> {
          PayloadStoreException pse = (PayloadStoreException) e;
          assertThat(pse.isRetryable()).isFalse();
          assertThat(pse.payloadId()).contains(record.id());
          assertThat(pse.getMessage()).contains("corrupt").contains(record.id()).contains("delete the payload")
              .hasSizeLessThan(600);
        });
    assertThat(store.delete(record.id())).isTrue();
  }

  @Test
  void anUnknownCompressionIsReturnedAsItIsForTheResolverToReject() throws IOException {
    corrupt("compression = 'br'");

    StoredPayload payload = store.open(record.id()).orElseThrow();

    assertThat(payload.record().compression()).isEqualTo("br");
    assertThat(PostgresPayloadStoreTest.readAll(payload)).isEqualTo(bytes);
  }

  @Test
  void sweepingWithTheLargestAndSmallestInstantsWorks() {
    PayloadRecord expired = record.toBuilder().id(newId())
        .createdAt(record.createdAt().minus(Duration.ofDays(2)))
        .expiresAt(record.createdAt().minus(Duration.ofDays(1))).build();
    store.put(PayloadBody.of(expired, new ByteArrayInputStream(bytes)));

    assertThat(store.deleteExpired(Instant.MIN, 10)).isZero();
    assertThat(store.deleteExpired(Instant.MAX, 10)).isEqualTo(2);
    assertThat(store.open(record.id())).isEmpty();
  }

  private void corrupt(String damage) {
    db.execute("UPDATE " + store.schema() + ".payloads SET " + damage + " WHERE id = '" + record.id() + "'");
  }
}

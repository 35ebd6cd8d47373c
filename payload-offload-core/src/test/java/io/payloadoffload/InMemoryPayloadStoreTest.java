package io.payloadoffload;

import io.payloadoffload.exception.PayloadStoreException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link InMemoryPayloadStore} adds to the store contract (which the testkit module checks):
 * the byte bound, its accounting, and its argument checks.
 */
class InMemoryPayloadStoreTest {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant EXPIRES = CREATED.plusSeconds(3600);

  private final InMemoryPayloadStore store = new InMemoryPayloadStore(100);
  private int nextId;

  @AfterEach
  void close() {
    store.close();
  }

  private String newId() {
    return String.format("txn_%032x", ++nextId);
  }

  private static PayloadRecord.Builder record(String id, byte[] bytes) {
    return PayloadRecord.builder()
        .id(id)
        .checksum("crc32c:" + Integer.toHexString(Arrays.hashCode(bytes)))
        .originalSizeBytes(bytes.length)
        .storedSizeBytes(bytes.length)
        .createdAt(CREATED)
        .expiresAt(EXPIRES);
  }

  private String put(int size) {
    byte[] bytes = new byte[size];
    String id = newId();
    store.put(PayloadBody.of(record(id, bytes).build(), new ByteArrayInputStream(bytes)));
    return id;
  }

  @Test
  void defaultBoundIs256MiB() {
    assertThat(InMemoryPayloadStore.DEFAULT_MAX_TOTAL_BYTES).isEqualTo(256L * 1024 * 1024);
  }

  @Test
  void rejectsBoundBelowOne() {
    assertThatThrownBy(() -> new InMemoryPayloadStore(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTotalBytes");
    assertThatCode(() -> new InMemoryPayloadStore(1).close()).doesNotThrowAnyException();
  }

  @Test
  void fullStoreRejectsPutWithNonRetryableErrorAndStoresNothing() {
    put(60);
    byte[] bytes = new byte[50];
    String id = newId();

    assertThatThrownBy(() -> store.put(PayloadBody.of(record(id, bytes).build(), new ByteArrayInputStream(bytes))))
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.payloadId()).contains(id);
        })
        .hasMessageContaining("full")
        .hasMessageContaining("60 of 100 bytes")
        .hasMessageContaining("larger maxTotalBytes");

    assertThat(store.open(id)).isEmpty();
    assertThat(store.usedBytes()).isEqualTo(60);
    assertThat(store.size()).isEqualTo(1);
    put(40);
    assertThat(store.usedBytes()).isEqualTo(100);
  }

  @Test
  void payloadLargerThanTheBoundIsRejected() {
    byte[] bytes = new byte[101];
    String id = newId();

    assertThatThrownBy(() -> store.put(PayloadBody.of(record(id, bytes).build(), new ByteArrayInputStream(bytes))))
        .isInstanceOfSatisfying(PayloadStoreException.class,
            e -> assertThat(e.isRetryable()).isFalse());

    assertThat(store.size()).isZero();
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void usedBytesFollowsPutsAndDeletes() {
    String a = put(30);
    String b = put(20);
    assertThat(store.usedBytes()).isEqualTo(50);

    assertThat(store.delete(a)).isTrue();
    assertThat(store.usedBytes()).isEqualTo(20);
    assertThat(store.delete(a)).isFalse();
    assertThat(store.usedBytes()).isEqualTo(20);

    assertThat(store.deleteExpired(EXPIRES, 10)).isEqualTo(1);
    assertThat(store.open(b)).isEmpty();
    assertThat(store.usedBytes()).isZero();
    assertThat(store.size()).isZero();
  }

  @Test
  void idempotentRetryDoesNotCountTwice() {
    byte[] bytes = new byte[30];
    PayloadRecord rec = record(newId(), bytes).build();
    store.put(PayloadBody.of(rec, new ByteArrayInputStream(bytes)));
    store.put(PayloadBody.of(rec, new ByteArrayInputStream(bytes)));
    assertThat(store.usedBytes()).isEqualTo(30);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void withoutChecksumsADuplicateIdMustHoldEqualBytes() {
    String id = newId();
    byte[] bytes = {1, 2, 3};
    byte[] other = {1, 2, 4};
    store.put(PayloadBody.of(record(id, bytes).checksum(null).build(), new ByteArrayInputStream(bytes)));

    assertThatCode(() -> store.put(PayloadBody.of(record(id, bytes).checksum(null).build(),
        new ByteArrayInputStream(bytes)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> store.put(PayloadBody.of(record(id, other).checksum(null).build(),
        new ByteArrayInputStream(other))))
        .isInstanceOfSatisfying(PayloadStoreException.class,
            e -> assertThat(e.isRetryable()).isFalse());
  }

  @Test
  void storedSizeMismatchIsRejected() {
    byte[] bytes = new byte[10];
    PayloadRecord rec = record(newId(), bytes).storedSizeBytes(11).build();

    assertThatThrownBy(() -> store.put(PayloadBody.of(rec, new ByteArrayInputStream(bytes))))
        .isInstanceOfSatisfying(PayloadStoreException.class,
            e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("declares 11 stored bytes but the stream held 10");
    assertThat(store.open(rec.id())).isEmpty();
  }

  @Test
  void failingStreamLeavesAccountingUnchanged() {
    put(10);
    PayloadRecord rec = record(newId(), new byte[20]).build();
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk gone");
      }
    };

    assertThatThrownBy(() -> store.put(PayloadBody.of(rec, failing)))
        .isInstanceOf(PayloadStoreException.class)
        .hasMessageContaining(rec.id())
        .hasCauseInstanceOf(IOException.class);
    assertThat(store.usedBytes()).isEqualTo(10);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void deleteExpiredChecksItsArguments() {
    assertThatThrownBy(() -> store.deleteExpired(EXPIRES, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> store.deleteExpired(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("now");
  }

  @Test
  void closeDropsEveryPayload() {
    put(10);
    store.close();
    assertThat(store.size()).isZero();
    assertThat(store.usedBytes()).isZero();
    assertThatThrownBy(() -> store.open(newId()))
        .isInstanceOf(PayloadStoreException.class)
        .hasMessageContaining("closed");
  }
}

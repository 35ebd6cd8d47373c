package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The core's offloader and resolver over a PostgreSQL store: integrity, expiry and sessions. */
class ResolveThroughPostgresTest {
  private static final int CHUNK = 16 * 1024;
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();
  private PostgresPayloadStore store;
  private PayloadOffloader offloader;
  private PayloadResolver resolver;

  @BeforeEach
  void build() {
    store = db.storeBuilder().chunkSizeBytes(CHUNK).build();
    offloader = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(1024).ttl(Duration.ofHours(1)).build()).build();
    resolver = PayloadResolver.builder().store(store).build();
  }

  @AfterEach
  void close() {
    resolver.close();
    offloader.close();
    store.close();
  }

  private PayloadEnvelope offload(byte[] bytes, String session) {
    Delivery d = offloader.offload(bytes, OffloadContext.of(session, "analyze"));
    assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
    return d.envelope();
  }

  private String chunks() {
    return store.schema() + ".payload_chunks";
  }

  @Test
  void resolvesCompressedJsonSpanningManyChunks() {
    byte[] json = ("{\"rows\":[" + "{\"k\":\"value\",\"n\":12345},".repeat(20_000) + "{}]}")
        .getBytes(StandardCharsets.UTF_8);
    PayloadEnvelope envelope = offload(json, "s-1");

    assertThat(envelope.compression().wireName()).isEqualTo("zstd");
    assertThat(resolver.resolve(envelope.toJson(), "s-1")).isEqualTo(json);
  }

  /** Overwrites 4 bytes in place, cuts a chunk short, or grows one. */
  @ParameterizedTest
  @ValueSource(strings = {"overlay(data placing '\\xdeadbeef'::bytea from 100)",
      "substring(data from 1 for 100)", "data || '\\x00'::bytea"})
  void aCorruptedChunkFailsTheIntegrityCheck(String corrupted) {
    PayloadEnvelope envelope = offload(randomBytes(5 * CHUNK), "s-1");
    String id = envelope.transactionId();
    db.execute("UPDATE " + chunks() + " SET data = " + corrupted + " WHERE payload_id = '" + id
        + "' AND seq = 2");

    assertThatThrownBy(() -> resolver.resolve(envelope, "s-1"))
        .isInstanceOfSatisfying(PayloadIntegrityException.class,
            e -> assertThat(e.payloadId()).contains(id));
  }

  @Test
  void anExpiredPayloadFailsUntilTheSweeperRemovesIt() {
    byte[] bytes = randomBytes(3 * CHUNK);
    PayloadEnvelope envelope = offload(bytes, "s-1");
    Instant later = Instant.now().plus(Duration.ofHours(2));
    try (PayloadResolver lateResolver = PayloadResolver.builder().store(store)
        .clock(Clock.fixed(later, ZoneOffset.UTC)).build()) {

      assertThatThrownBy(() -> lateResolver.resolve(envelope, "s-1"))
          .isInstanceOfSatisfying(PayloadExpiredException.class,
              e -> assertThat(e.expiredAt()).isEqualTo(envelope.expiresAt()));
      assertThat(store.deleteExpired(later, 100)).isEqualTo(1);
      assertThatThrownBy(() -> lateResolver.resolve(envelope, "s-1")).isInstanceOf(PayloadNotFoundException.class);
    }
    assertThat(db.queryLong("SELECT count(*) FROM " + chunks())).isZero();
  }

  @Test
  void anotherSessionsPayloadIsNotFound() {
    byte[] bytes = randomBytes(2 * CHUNK);
    PayloadEnvelope envelope = offload(bytes, "s-owner");

    assertThatThrownBy(() -> resolver.resolve(envelope, "s-other")).isInstanceOf(PayloadNotFoundException.class);
    assertThatThrownBy(() -> resolver.resolve(envelope, null)).isInstanceOf(PayloadNotFoundException.class);
    assertThat(resolver.resolve(envelope, "s-owner")).isEqualTo(bytes);
  }
}

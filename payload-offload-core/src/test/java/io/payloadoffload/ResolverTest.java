package io.payloadoffload;

import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private static final Instant T0 = Instant.parse("2026-11-26T20:00:00Z");

  private final InMemoryPayloadStore store = new InMemoryPayloadStore();
  private final byte[] payload = RoundTripPropertiesTest.payload(300_000, 3, true);

  private PayloadEnvelope offload(String session) {
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC))
        .config(OffloadConfig.builder().thresholdBytes(1000).ttl(Duration.ofHours(1)).build()).build()) {
      return offloader.offload(payload, OffloadContext.of(session, "t")).envelope();
    }
  }

  private PayloadResolver resolver(Instant now) {
    return PayloadResolver.builder().store(store).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  @Test
  void aStoreReturningMoreOrFewerStoredBytesThanRecordedIsAnIntegrityFailure() {
    PayloadEnvelope env = offload("owner");
    long storedSize = store.open(env.transactionId()).orElseThrow().record().storedSizeBytes();
    PayloadStore longer = TestStores.tampering(store, stored -> java.util.Arrays.copyOf(stored, stored.length + 1));
    PayloadStore shorter = TestStores.tampering(store, stored -> java.util.Arrays.copyOf(stored, stored.length - 1));
    try (PayloadResolver r = PayloadResolver.builder().store(longer).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThatThrownBy(() -> r.resolve(env, "owner")).isInstanceOf(PayloadIntegrityException.class)
          .hasMessageContaining("more than " + storedSize + " stored bytes");
    }
    try (PayloadResolver r = PayloadResolver.builder().store(shorter).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThatThrownBy(() -> r.resolve(env, "owner")).isInstanceOf(PayloadIntegrityException.class)
          .hasMessageContaining((storedSize - 1) + " stored bytes");
    }
  }

  @Test
  void anotherSessionGetsNotFoundLikeAMissingId() {
    PayloadEnvelope env = offload("owner");
    try (PayloadResolver r = resolver(T0)) {
      Throwable wrongSession = org.assertj.core.api.Assertions.catchThrowable(() -> r.resolve(env, "intruder"));
      Throwable missing = org.assertj.core.api.Assertions.catchThrowable(
          () -> r.openStreamById("txn_" + "0".repeat(32), "intruder"));
      assertThat(wrongSession).isInstanceOf(PayloadNotFoundException.class);
      assertThat(missing).isInstanceOf(PayloadNotFoundException.class);
      assertThat(wrongSession.getMessage().replace(env.transactionId(), "ID"))
          .isEqualTo(missing.getMessage().replace("txn_" + "0".repeat(32), "ID"));
      assertThat(r.resolve(env, "owner")).isEqualTo(payload);
    }
  }

  @Test
  void expiredPayloadRaisesExpiredUntilSwept() {
    PayloadEnvelope env = offload("s");
    try (PayloadResolver r = resolver(T0.plus(Duration.ofHours(1)))) {
      assertThatThrownBy(() -> r.resolve(env, "s"))
          .isInstanceOfSatisfying(PayloadExpiredException.class,
              e -> assertThat(e.expiredAt()).isEqualTo(T0.plus(Duration.ofHours(1))));
    }
    try (PayloadResolver r = resolver(T0.plus(Duration.ofMinutes(59)))) {
      assertThat(r.resolve(env, "s")).isEqualTo(payload);
    }
  }

  @Test
  void deleteAfterReadRemovesThePayloadOnceVerified() throws Exception {
    PayloadEnvelope env = offload("s");
    try (PayloadResolver r = PayloadResolver.builder().store(store).deleteAfterRead(true)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      try (InputStream in = r.openStream(env, "s")) {
        in.readNBytes(10);
        assertThat(store.open(env.transactionId())).as("not deleted before the end").isPresent();
        in.readAllBytes();
      }
      assertThat(store.open(env.transactionId())).isEmpty();
      assertThatThrownBy(() -> r.resolve(env, "s")).isInstanceOf(PayloadNotFoundException.class);
    }
  }

  @Test
  void envelopeThatDisagreesWithTheStoredRecordIsAnIntegrityError() {
    PayloadEnvelope env = offload("s");
    PayloadEnvelope forged = PayloadEnvelope.parse(env.toJson().replace(
        "\"payload_size_bytes\":" + env.payloadSizeBytes(), "\"payload_size_bytes\":" + (env.payloadSizeBytes() + 1)));
    try (PayloadResolver r = resolver(T0)) {
      assertThatThrownBy(() -> r.resolve(forged, "s")).isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void malformedIdsAreNotFoundAndMalformedEnvelopesAreFormatErrors() {
    try (PayloadResolver r = resolver(T0)) {
      assertThatThrownBy(() -> r.openStreamById("../../etc/passwd", "s")).isInstanceOf(PayloadNotFoundException.class);
      assertThatThrownBy(() -> r.openStreamById(null, "s")).isInstanceOf(PayloadNotFoundException.class);
      assertThatThrownBy(() -> r.resolve("{not json", "s")).isInstanceOf(EnvelopeFormatException.class);
    }
  }

  @Test
  void retryableStoreErrorsBecomeStoreUnavailable() {
    PayloadEnvelope env = offload("s");
    TestStores.Switchable down = new TestStores.Switchable(store, true);
    down.down.set(true);
    try (PayloadResolver r = PayloadResolver.builder().store(down).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThatThrownBy(() -> r.resolve(env, "s")).isInstanceOf(StoreUnavailableException.class)
          .hasCauseInstanceOf(PayloadStoreException.class);
    }
  }

  @Test
  void byIdStreamDescribesThePayload() throws Exception {
    PayloadEnvelope env = offload("s");
    try (PayloadResolver r = resolver(T0); PayloadStream in = r.openStreamById(env.transactionId(), "s")) {
      assertThat(in.envelope()).isEqualTo(env);
      assertThat(in.readAllBytes()).isEqualTo(payload);
    }
  }

  @Test
  void storedBytesStreamGivesTheStoredBytesUndecodedWithTheirEnvelope() throws Exception {
    PayloadEnvelope env = offload("s");
    byte[] stored = store.open(env.transactionId()).orElseThrow().openStream().readAllBytes();
    try (PayloadResolver r = resolver(T0); StoredBytesStream in = r.openStoredById(env.transactionId(), "s")) {
      assertThat(in.envelope()).isEqualTo(env);
      assertThat(in.readAllBytes()).isEqualTo(stored).hasSize((int) env.storedSizeBytes()).isNotEqualTo(payload);
    }
  }

  @Test
  void storedBytesStreamChecksSessionExpiryAndTheStoredSize() throws Exception {
    PayloadEnvelope env = offload("owner");
    PayloadStore shorter = TestStores.tampering(store, stored -> java.util.Arrays.copyOf(stored, stored.length - 1));
    try (PayloadResolver r = resolver(T0)) {
      assertThatThrownBy(() -> r.openStoredById(env.transactionId(), "intruder"))
          .isInstanceOf(PayloadNotFoundException.class);
      assertThatThrownBy(() -> r.openStoredById("txn_123", "owner")).isInstanceOf(PayloadNotFoundException.class);
    }
    try (PayloadResolver r = resolver(T0.plus(Duration.ofHours(1)))) {
      assertThatThrownBy(() -> r.openStoredById(env.transactionId(), "owner"))
          .isInstanceOf(PayloadExpiredException.class);
    }
    try (PayloadResolver r = PayloadResolver.builder().store(shorter).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        StoredBytesStream in = r.openStoredById(env.transactionId(), "owner")) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void storedBytesStreamTellsListenersAtItsEndButDeleteAfterReadKeepsThePayload() throws Exception {
    PayloadEnvelope env = offload("s");
    java.util.List<PayloadEnvelope> resolved = new java.util.concurrent.CopyOnWriteArrayList<>();
    OffloadListener listener = new OffloadListener() {
      @Override
      public void onResolved(PayloadEnvelope envelope, Duration latency) {
        resolved.add(envelope);
      }
    };
    try (PayloadResolver r = PayloadResolver.builder().store(store).deleteAfterRead(true).listener(listener)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      try (StoredBytesStream in = r.openStoredById(env.transactionId(), "s")) {
        in.readNBytes((int) env.storedSizeBytes() - 1);
        assertThat(resolved).as("before the end").isEmpty();
        assertThat(in.readAllBytes()).hasSize(1);
        assertThat(in.read()).isEqualTo(-1);
      }
      assertThat(resolved).containsExactly(env);
      assertThat(store.open(env.transactionId())).isPresent();
    }
  }

  @Test
  void aPayloadAboveTheResolversLimitNamesTheResolversSettingAndNoEnvironmentVariable() {
    PayloadEnvelope env = offload("owner");
    try (PayloadResolver r = PayloadResolver.builder().store(store).maxPayloadBytes(1000)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThatThrownBy(() -> r.resolve(env, "owner"))
          .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
            assertThat(e.payloadId()).contains(env.transactionId());
            assertThat(e.sizeBytes()).isEqualTo(payload.length);
            assertThat(e.limitBytes()).isEqualTo(1000);
            assertThat(e.getMessage()).contains("maxPayloadBytes").doesNotContain("MESSAGE_BUS");
          });
    }
  }

  @Test
  void aPayloadTooLargeForOneArrayPointsToTheStreamingRead() {
    byte[] mixed = RoundTripPropertiesTest.payload(300_000, 3, false);
    System.arraycopy(payload, 0, mixed, 0, 150_000);
    PayloadEnvelope env;
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).clock(Clock.fixed(T0, ZoneOffset.UTC))
        .config(OffloadConfig.builder().thresholdBytes(1000).ttl(Duration.ofHours(1)).build()).build()) {
      env = offloader.offload(mixed, OffloadContext.of("owner", "t")).envelope();
    }
    long declared = env.storedSizeBytes() * 32_768;
    assertThat(declared).isGreaterThan(Integer.MAX_VALUE);
    PayloadStore lying = TestStores.rewriting(store, b -> b.originalSizeBytes(declared));
    PayloadEnvelope agreeing = PayloadEnvelope.parse(env.toJson().replace(
        "\"payload_size_bytes\":" + mixed.length, "\"payload_size_bytes\":" + declared));
    try (PayloadResolver r = PayloadResolver.builder().store(lying).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThatThrownBy(() -> r.resolve(agreeing, "owner"))
          .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
            assertThat(e.payloadId()).contains(env.transactionId());
            assertThat(e.sizeBytes()).isEqualTo(declared);
            assertThat(e.getMessage()).contains("openStream").doesNotContain("MESSAGE_BUS");
          });
    }
  }

  @Test
  void everyReadOpensForReadingWithTheRequestersSessionAndTheResolversClock() throws Exception {
    PayloadEnvelope env = offload("owner");
    Instant now = T0.plusSeconds(5);
    java.util.List<String> calls = new java.util.ArrayList<>();
    PayloadStore recording = new io.payloadoffload.spi.ForwardingPayloadStore(store) {
      @Override
      public java.util.Optional<io.payloadoffload.spi.StoredPayload> openForReading(String id,
          String requesterSessionId, Instant at) {
        calls.add(id + " " + requesterSessionId + " " + at);
        return store.openForReading(id, requesterSessionId, at);
      }
    };
    try (PayloadResolver r = PayloadResolver.builder().store(recording).clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
      assertThat(r.resolve(env, "owner")).isEqualTo(payload);
      try (InputStream in = r.openStream(env, "owner")) {
        assertThat(in.readAllBytes()).isEqualTo(payload);
      }
      assertThatThrownBy(() -> r.resolve(env, "intruder")).isInstanceOf(PayloadNotFoundException.class);
    }
    String expected = env.transactionId() + " owner " + now;
    assertThat(calls).containsExactly(expected, expected, env.transactionId() + " intruder " + now);
  }

  @Test
  void aForwardingStoreThatChangesOpenIsNotBypassed() {
    PayloadEnvelope env = offload("owner");
    PayloadStore damaged = TestStores.tampering(store, stored -> new byte[stored.length]);
    try (PayloadResolver r = PayloadResolver.builder().store(damaged).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      assertThatThrownBy(() -> r.resolve(env, "owner")).isInstanceOf(io.payloadoffload.exception.CodecException.class)
          .hasMessageContaining("corrupt");
    }
  }
}

package io.payloadoffload.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.Delivery;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PayloadClient} against a real HTTP fetch endpoint that resolves through the core. */
class PayloadClientTest {
  private static final String SESSION = "s-7f3a9c51d2e84b06";
  private static final String OTHER_SESSION = "s-0b1c2d3e4f5a6b7c";
  private static final int SIZE = 3_000_000;

  private final AtomicBoolean storeDown = new AtomicBoolean();
  private final AtomicBoolean storeBroken = new AtomicBoolean();
  private final List<String> messages = new ArrayList<>();
  private InMemoryPayloadStore memory;
  private FetchServer server;
  private byte[] payload;
  private PayloadEnvelope envelope;

  @BeforeEach
  void offloadAPayloadAndServeIt() throws IOException {
    memory = new InMemoryPayloadStore();
    ForwardingPayloadStore store = new ForwardingPayloadStore(memory) {
      @Override
      public Optional<StoredPayload> open(String id) {
        if (storeDown.get()) {
          throw new PayloadStoreException("the store's database is down", id, true, null);
        }
        if (storeBroken.get()) {
          throw new PayloadStoreException("the store's table is missing", id, false, null);
        }
        return super.open(id);
      }
    };
    server = new FetchServer(store);
    server.admit(SESSION);
    server.admit(OTHER_SESSION);
    payload = new byte[SIZE];
    new Random(11).nextBytes(payload);
    envelope = offload(payload, SESSION, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
    for (String m : messages) {
      assertThat(m).as("no exception message holds a bearer token").doesNotContain(SESSION)
          .doesNotContain(OTHER_SESSION);
    }
  }

  private PayloadEnvelope offload(byte[] bytes, String session, Clock clock) {
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(memory).clock(clock)
        .config(OffloadConfig.builder().thresholdBytes(1024).build()).build()) {
      Delivery d = offloader.offload(bytes, OffloadContext.of(session, "tool"));
      assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
      return d.envelope();
    }
  }

  private PayloadClient client(String path) {
    return PayloadClient.builder(server.uri(path)).build();
  }

  /** Runs a fetch that must fail, keeping its message for the token check. */
  private RuntimeException failure(Runnable fetch) {
    try {
      fetch.run();
    } catch (RuntimeException e) {
      messages.add(String.valueOf(e.getMessage()));
      return e;
    }
    throw new AssertionError("the fetch did not fail");
  }

  @Test
  void fetchesAnOffloadedPayloadAndVerifiesIt() throws IOException {
    PayloadClient client = client("/payloads");
    assertThat(client.fetch(envelope, SESSION)).isEqualTo(payload);
    try (InputStream in = client.openStream(envelope, SESSION)) {
      assertThat(in.readAllBytes()).isEqualTo(payload);
    }
  }

  @Test
  void findsAnEnvelopeInAMessageAndNothingInAPayload() {
    assertThat(PayloadClient.envelopeIn(envelope.toJson())).contains(envelope);
    assertThat(PayloadClient.envelopeIn("a plain-text result")).isEmpty();
    assertThat(PayloadClient.envelopeIn("{\"rows\":[1,2,3],\"retrieval_required\":false}")).isEmpty();
    assertThat(PayloadClient.envelopeIn("")).isEmpty();
    assertThat(PayloadClient.envelopeIn(null)).isEmpty();
    String wrongVersion = envelope.toJson().replace("\"envelope_version\":1", "\"envelope_version\":9");
    assertThat(wrongVersion).isNotEqualTo(envelope.toJson());
    assertThatThrownBy(() -> PayloadClient.envelopeIn(wrongVersion)).isInstanceOf(EnvelopeFormatException.class);
  }

  @Test
  void aWrongFetchAddressIsABadRequest() {
    RuntimeException e = failure(() -> client("/payloads/v2/").fetch(envelope, SESSION));
    assertThat(e).isInstanceOfSatisfying(BadFetchRequestException.class,
        b -> assertThat(b.statusCode()).hasValue(400));
    assertThat(e).hasMessageContaining("fetch address").hasMessageContaining("Malformed transaction id");
  }

  @Test
  void anUnknownTokenIsUnauthorized() {
    RuntimeException e = failure(() -> client("/payloads/").fetch(envelope, "s-never-issued"));
    assertThat(e).isInstanceOfSatisfying(UnauthorizedFetchException.class,
        u -> assertThat(u.statusCode()).hasValue(401));
    assertThat(e).hasMessageNotContaining("s-never-issued");
  }

  @Test
  void anotherSessionsPayloadIsNotFound() {
    assertThat(failure(() -> client("/payloads/").fetch(envelope, OTHER_SESSION)))
        .isInstanceOf(PayloadNotFoundException.class);
  }

  @Test
  void anExpiredPayloadIsGone() {
    Clock threeDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(3)), ZoneOffset.UTC);
    PayloadEnvelope old = offload(payload, SESSION, threeDaysAgo);
    assertThat(failure(() -> client("/payloads/").fetch(old, SESSION)))
        .isInstanceOfSatisfying(PayloadExpiredException.class,
            e -> assertThat(e.expiredAt()).isEqualTo(old.expiresAt()));
  }

  @Test
  void aStoreThatIsDownIsUnavailableAndABrokenOneIsAServerError() {
    storeDown.set(true);
    assertThat(failure(() -> client("/payloads/").fetch(envelope, SESSION)))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("503");
    storeDown.set(false);
    storeBroken.set(true);
    assertThat(failure(() -> client("/payloads/").fetch(envelope, SESSION)))
        .isInstanceOfSatisfying(PayloadFetchException.class, e -> assertThat(e.statusCode()).hasValue(500))
        .hasMessageContaining("internal_error");
    storeBroken.set(false);
    assertThat(client("/payloads/").fetch(envelope, SESSION)).isEqualTo(payload);
  }

  @Test
  void changedOrMissingBytesAreAnIntegrityError() throws IOException {
    assertThat(failure(() -> client("/tampered/").fetch(envelope, SESSION)))
        .isInstanceOf(PayloadIntegrityException.class);
    assertThat(failure(() -> client("/truncated/").fetch(envelope, SESSION)))
        .isInstanceOf(PayloadIntegrityException.class);
    try (InputStream in = client("/tampered/").openStream(envelope, SESSION)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(PayloadIntegrityException.class);
    }
  }

  @Test
  void aServerThatStopsSendingFailsTheFetchAfterTheTimeout() throws IOException {
    PayloadClient impatient = PayloadClient.builder(server.uri("/stalled/"))
        .timeout(Duration.ofMillis(500)).build();
    assertThat(failure(() -> impatient.fetch(envelope, SESSION)))
        .isInstanceOfSatisfying(PayloadFetchException.class, e -> {
          assertThat(e.statusCode()).isEmpty();
          assertThat(e).hasCauseInstanceOf(HttpTimeoutException.class);
        });
    try (InputStream in = impatient.openStream(envelope, SESSION)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(HttpTimeoutException.class);
    }
  }

  @Test
  void aPayloadAboveTheLimitIsRefusedBeforeAnyRequest() {
    PayloadClient small = PayloadClient.builder(server.uri("/payloads/")).maxPayloadBytes(SIZE - 1).build();
    int before = server.requests.get();
    assertThat(failure(() -> small.fetch(envelope, SESSION)))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
          assertThat(e.sizeBytes()).isEqualTo(SIZE);
          assertThat(e.limitBytes()).isEqualTo(SIZE - 1);
        });
    assertThatThrownBy(() -> small.openStream(envelope, SESSION)).isInstanceOf(PayloadTooLargeException.class);
    assertThat(server.requests.get()).isEqualTo(before);
  }

  @Test
  void badSettingsAndTokensAreRejectedAtOnce() {
    assertThatThrownBy(() -> PayloadClient.builder(URI.create("ftp://host/payloads/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    assertThatThrownBy(() -> PayloadClient.builder(URI.create("/payloads/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PayloadClient.builder(URI.create("http://host/payloads/?x=1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    assertThatThrownBy(() -> PayloadClient.builder(null)).isInstanceOf(NullPointerException.class);
    PayloadClient.Builder b = PayloadClient.builder(server.uri("/payloads"));
    assertThatThrownBy(() -> b.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxPayloadBytes(0)).isInstanceOf(IllegalArgumentException.class);
    PayloadClient client = b.build();
    assertThat(client.payloadsUri().toString()).endsWith("/payloads/");
    assertThatThrownBy(() -> client.fetch(envelope, " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.fetch(envelope, "a\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.fetch(null, SESSION)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> client.fetch(envelope, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    PayloadClient client = client("/payloads/");
    assertThat(client.timeout()).isEqualTo(PayloadClient.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    assertThat(client.maxPayloadBytes()).isEqualTo(PayloadClient.DEFAULT_MAX_PAYLOAD_BYTES)
        .isEqualTo(OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES);
  }
}

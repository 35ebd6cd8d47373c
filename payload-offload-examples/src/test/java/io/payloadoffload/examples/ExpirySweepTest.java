package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example server runs an expiry sweeper: expired rows leave the database while it runs. */
class ExpirySweepTest {
  private static final String SCHEMA = "payload_offload";
  /** Only a guard against a sweeper that never runs; the test ends as soon as the row is gone. */
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

  @Test
  void theRunningServerDeletesExpiredPayloadsAndKeepsLiveOnes() throws InterruptedException {
    String url = "postgres://postgres:unused@127.0.0.1:" + TestDatabase.get().getPort() + "/postgres";
    String expired;
    String live;
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().url(url).createSchema(true).build()) {
      expired = storedAt(store, Instant.now().minus(Duration.ofDays(3)));
      live = storedAt(store, Instant.now());
    }
    assertThat(TestDatabase.rows(SCHEMA, expired)).isEqualTo(1);

    try (ExampleServer server = ExampleServer.run(Map.of("DATABASE_URL", url, "PORT", "0",
        "SWEEP_INTERVAL_SECONDS", "1"))) {
      waitUntilGone(expired);

      assertThat(TestDatabase.rows(SCHEMA, live)).isEqualTo(1);
    }
  }

  @Test
  void aSweepIntervalThatIsNotAPositiveNumberOfSecondsStopsStartupWithAnErrorNamingIt() {
    assertThatThrownBy(() -> ExampleServer.run(Map.of("SWEEP_INTERVAL_SECONDS", "0", "PORT", "0")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("SWEEP_INTERVAL_SECONDS='0'"));
  }

  /** Offloads a 2 MB payload as if it had been sent at {@code sentAt}: it expires 48 hours after that. */
  private static String storedAt(PostgresPayloadStore store, Instant sentAt) {
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(OffloadConfig.builder().build())
        .clock(Clock.fixed(sentAt, ZoneOffset.UTC)).build()) {
      Delivery delivery = offloader.offload(TextGenerator.generate(2_000_000), OffloadContext.of("s-sweep", "generate_text"));
      assertThat(delivery.mode()).isEqualTo(Delivery.Mode.REFERENCE);
      return delivery.envelope().transactionId();
    }
  }

  private static void waitUntilGone(String id) throws InterruptedException {
    Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
    while (TestDatabase.rows(SCHEMA, id) > 0) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("the example server's sweeper did not delete expired payload " + id);
      }
      Thread.sleep(100);
    }
  }
}

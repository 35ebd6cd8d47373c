package io.payloadoffload;

import io.payloadoffload.exception.PayloadStoreException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpirySweeperTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** Generous bound on waiting for a background sweep; the tests never measure time. */
  private static final long WAIT_SECONDS = 30;

  private final RecordingStore store = new RecordingStore();
  private int nextId;

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void putExpiringAt(Instant expiresAt, int count) {
    for (int i = 0; i < count; i++) {
      byte[] bytes = {(byte) i};
      PayloadRecord record = PayloadRecord.builder()
          .id(String.format("txn_%032x", ++nextId))
          .originalSizeBytes(1)
          .storedSizeBytes(1)
          .createdAt(expiresAt.minusSeconds(3600))
          .expiresAt(expiresAt)
          .build();
      store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    }
  }

  @Test
  void defaults() {
    ExpirySweeper sweeper = ExpirySweeper.builder().store(store).build();
    assertThat(sweeper.interval()).isEqualTo(ExpirySweeper.DEFAULT_INTERVAL).hasMinutes(5);
    assertThat(sweeper.batchSize()).isEqualTo(ExpirySweeper.DEFAULT_BATCH_SIZE).isEqualTo(1000);
  }

  @Test
  void builderChecksEachArgumentAtOnce() {
    ExpirySweeper.Builder builder = ExpirySweeper.builder();
    assertThatThrownBy(() -> builder.store(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("store");
    assertThatThrownBy(() -> builder.interval(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> builder.interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> builder.interval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> builder.batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> builder.clock(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
  }

  @Test
  void sweepNowDeletesEveryExpiredPayloadInBatches() {
    putExpiringAt(NOW.minusSeconds(60), 24);
    putExpiringAt(NOW, 1);
    putExpiringAt(NOW.plusMillis(1), 5);
    ExpirySweeper sweeper = ExpirySweeper.builder().store(store).clock(CLOCK).batchSize(10).build();

    assertThat(sweeper.sweepNow()).isEqualTo(25);

    assertThat(store.batches).containsExactly(10L, 10L, 5L);
    assertThat(store.cutOffs).containsOnly(NOW);
    assertThat(store.memory.size()).isEqualTo(5);
    assertThat(sweeper.sweepNow()).isZero();
  }

  @Test
  void sweepNowStopsAfterTheFirstShortBatch() {
    putExpiringAt(NOW.minusSeconds(60), 20);
    ExpirySweeper sweeper = ExpirySweeper.builder().store(store).clock(CLOCK).batchSize(10).build();

    assertThat(sweeper.sweepNow()).isEqualTo(20);

    assertThat(store.batches).containsExactly(10L, 10L, 0L);
  }

  @Test
  void sweepNowPassesStoreFailuresToTheCaller() {
    store.failures.set(1);
    ExpirySweeper sweeper = ExpirySweeper.builder().store(store).clock(CLOCK).build();

    assertThatThrownBy(sweeper::sweepNow).isInstanceOf(PayloadStoreException.class);
  }

  @Test
  void startSweepsPeriodicallyOnOneDaemonThreadUntilClosed() throws InterruptedException {
    putExpiringAt(NOW.minusSeconds(60), 3);
    store.calls = new CountDownLatch(3);
    ExpirySweeper sweeper = ExpirySweeper.builder()
        .store(store).clock(CLOCK).interval(Duration.ofMillis(10)).build();

    sweeper.start();
    assertThat(store.calls.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("three sweeps ran").isTrue();
    sweeper.close();

    assertThat(store.memory.size()).isZero();
    assertThat(store.threads).isNotEmpty().allSatisfy(t -> {
      assertThat(t.getName()).isEqualTo(ExpirySweeper.THREAD_NAME).isEqualTo("payload-offload-sweeper");
      assertThat(t.isDaemon()).isTrue();
      assertThat(t.isAlive()).as("sweeper thread after close()").isFalse();
    });
    assertThat(store.threads.stream().distinct()).hasSize(1);
    int callsAtClose = store.batches.size();
    assertThat(sweeper.sweepNow()).isZero();
    assertThat(store.batches).hasSize(callsAtClose + 1);
  }

  @Test
  void closeIsIdempotentAndStartAfterCloseFails() {
    ExpirySweeper sweeper = ExpirySweeper.builder().store(store).build();
    sweeper.start();
    assertThatThrownBy(sweeper::start).isInstanceOf(IllegalStateException.class);
    sweeper.close();
    assertThatCode(sweeper::close).doesNotThrowAnyException();
    assertThatThrownBy(sweeper::start).isInstanceOf(IllegalStateException.class);
    assertThatCode(ExpirySweeper.builder().store(store).build()::close).doesNotThrowAnyException();
  }

  @Test
  void failingScheduledSweepsAreLoggedOnceEachAndSweepingGoesOn() throws InterruptedException {
    putExpiringAt(NOW.minusSeconds(60), 2);
    store.failures.set(3);
    store.calls = new CountDownLatch(5);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8);
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ExpirySweeper sweeper = ExpirySweeper.builder()
        .store(store).clock(CLOCK).interval(Duration.ofMillis(10)).build();
    // slf4j-simple looks System.err (or System.out, if so configured) up on every message.
    System.setOut(capture);
    System.setErr(capture);
    try {
      sweeper.start();
      assertThat(store.calls.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("five sweeps ran").isTrue();
      sweeper.close();
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    assertThat(store.memory.size()).as("payloads left after the store recovered").isZero();
    String output = log.toString(StandardCharsets.UTF_8);
    List<String> warnings = output.lines()
        .filter(line -> line.contains("WARN " + ExpirySweeper.class.getName()))
        .toList();
    assertThat(warnings).hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("Sweeping expired payloads failed"));
    assertThat(output).contains(RecordingStore.FAILURE_MESSAGE);
  }

  /** An in-memory store that records each deleteExpired call and can fail a number of them. */
  private static final class RecordingStore extends ForwardingPayloadStore {
    static final String FAILURE_MESSAGE = "simulated sweep failure";

    final InMemoryPayloadStore memory;
    final List<Long> batches = new CopyOnWriteArrayList<>();
    final List<Instant> cutOffs = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    volatile CountDownLatch calls = new CountDownLatch(0);

    RecordingStore() {
      this(new InMemoryPayloadStore());
    }

    private RecordingStore(InMemoryPayloadStore memory) {
      super(memory);
      this.memory = memory;
    }

    @Override
    public long deleteExpired(Instant now, int batchSize) {
      threads.add(Thread.currentThread());
      cutOffs.add(now);
      try {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new PayloadStoreException(FAILURE_MESSAGE, null, true, null);
        }
        long deleted = super.deleteExpired(now, batchSize);
        batches.add(deleted);
        return deleted;
      } finally {
        calls.countDown();
      }
    }
  }
}

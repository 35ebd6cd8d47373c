package io.payloadoffload;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A store that stalls the way a JDBC call on a locked table does: it ignores interrupts and does not
 * return until the stall ends. The caller's wait must still be bounded by the store timeout.
 */
class StalledStoreTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  /** Blocks every put, uninterruptibly, until released; then stores it. */
  static final class StallingStore extends ForwardingPayloadStore {
    final InMemoryPayloadStore memory;
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger putsStarted = new AtomicInteger();
    final AtomicInteger putsFinished = new AtomicInteger();

    StallingStore() {
      this(new InMemoryPayloadStore());
    }

    private StallingStore(InMemoryPayloadStore memory) {
      super(memory);
      this.memory = memory;
    }

    @Override
    public void put(PayloadBody body) {
      putsStarted.incrementAndGet();
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      super.put(body);
      putsFinished.incrementAndGet();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static OffloadConfig config(boolean fallback) {
    return OffloadConfig.builder()
        .thresholdBytes(1024)
        .storeTimeout(TIMEOUT)
        .maxRetries(2)
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .fallbackToInline(fallback)
        .build();
  }

  private static byte[] payload() {
    byte[] b = new byte[5_000];
    new Random(7).nextBytes(b);
    return b;
  }

  @Test
  void aStoreThatIgnoresInterruptsBlocksTheCallerOnlyForTheTimeoutsThenFallsBack() throws Exception {
    StallingStore store = new StallingStore();
    try (PayloadOffloader o = PayloadOffloader.builder().store(store).config(config(true)).build()) {
      long start = System.nanoTime();
      Delivery d = o.offload(payload(), OffloadContext.of("s", "t"));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(d.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(d.inlineBytes()).isEqualTo(payload());
      assertThat(d.fallbackCause()).get().isInstanceOf(PayloadStoreException.class)
          .satisfies(e -> assertThat(((PayloadStoreException) e).isRetryable()).isTrue());
      // Three attempts of 300 ms plus two short backoffs; the stall itself lasts until released.
      assertThat(tookMs).isLessThan(3 * TIMEOUT.toMillis() + 2_000);
      assertThat(store.putsStarted.get()).isEqualTo(3);
      store.release.countDown();
    }
  }

  @Test
  void aTimedOutCallCountsAsAFailureAndOpensTheBreaker() {
    StallingStore store = new StallingStore();
    OffloadConfig c = config(true).toBuilder().maxRetries(0).failureThreshold(2).build();
    try (PayloadOffloader o = PayloadOffloader.builder().store(store).config(c).build()) {
      o.offload(payload(), OffloadContext.of("s", "t"));
      o.offload(payload(), OffloadContext.of("s", "t"));
      assertThat(o.circuitState()).isEqualTo(CircuitState.OPEN);
      Delivery third = o.offload(payload(), OffloadContext.of("s", "t"));
      assertThat(third.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(third.fallbackCause()).get().isInstanceOf(StoreUnavailableException.class);
      assertThat(store.putsStarted.get()).isEqualTo(2);
      store.release.countDown();
    }
  }

  @Test
  void aPutThatFinishesAfterItsCallerGaveUpIsDeletedAndNeverReported() throws Exception {
    StallingStore store = new StallingStore();
    try (PayloadOffloader o = PayloadOffloader.builder().store(store).config(config(false)).build()) {
      assertThatThrownBy(() -> o.offload(payload(), OffloadContext.of("s", "t")))
          .isInstanceOf(StoreUnavailableException.class)
          .cause().isInstanceOf(PayloadStoreException.class).hasMessageContaining("did not answer within");
      store.release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (store.putsFinished.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(store.putsFinished.get()).isEqualTo(3);
      // Each late put is followed by its delete on the same thread; give the last one a moment.
      while (store.memory.size() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(store.memory.size()).isZero();
    }
  }

  @Test
  void noFailsafeTypeIsObservableAsACause() {
    StallingStore store = new StallingStore();
    try (PayloadOffloader o = PayloadOffloader.builder().store(store)
        .config(config(true).toBuilder().maxRetries(0).failureThreshold(1).build()).build()) {
      Delivery timedOut = o.offload(payload(), OffloadContext.of("s", "t"));
      Delivery rejected = o.offload(payload(), OffloadContext.of("s", "t"));
      for (Delivery d : new Delivery[] {timedOut, rejected}) {
        Throwable t = d.fallbackCause().orElseThrow();
        while (t != null) {
          assertThat(t.getClass().getName()).doesNotStartWith("dev.failsafe");
          t = t.getCause();
        }
      }
      store.release.countDown();
    }
  }
}

package io.payloadoffload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 200 offloads from 16 threads while the database stops midway and comes back later. This test
 * always starts its own embedded server, since it must stop and restart it.
 */
class DatabaseOutageTest {
  private static final int CALLS = 200;
  private static final int THREADS = 16;
  private static final int STOP_AFTER = 40;
  private static final int PHASE_TWO = 80;
  private static final int PHASE_THREE = 140;
  private static final long MAX_INLINE = 64 * 1024;
  private static final Duration OPEN_DURATION = Duration.ofSeconds(2);
  @RegisterExtension
  static final TestDatabase db = TestDatabase.restartablePerClass();

  @Test
  void everyCallEndsAsAResolvableReferenceAFallbackOrATypedError() throws Exception {
    Random random = new Random(7);
    byte[][] payloads = new byte[CALLS][];
    for (int i = 0; i < CALLS; i++) {
      payloads[i] = new byte[2048 + random.nextInt(126 * 1024)];
      random.nextBytes(payloads[i]);
    }
    List<CircuitState> transitions = Collections.synchronizedList(new ArrayList<>());
    OffloadListener listener = new OffloadListener() {
      @Override
      public void onCircuitStateChange(CircuitState from, CircuitState to) {
        transitions.add(to);
      }
    };
    OffloadConfig config = OffloadConfig.builder().thresholdBytes(1024).maxInlineBytes(MAX_INLINE)
        .openDuration(OPEN_DURATION).storeTimeout(Duration.ofSeconds(5)).build();
    Map<Integer, PayloadEnvelope> references = new ConcurrentHashMap<>();
    AtomicInteger fallbacks = new AtomicInteger();
    Map<String, AtomicInteger> typed = new ConcurrentHashMap<>();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger completed = new AtomicInteger();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch phaseTwoDone = new CountDownLatch(PHASE_THREE - PHASE_TWO);
    CountDownLatch restarted = new CountDownLatch(1);

    try (PostgresPayloadStore store = PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl())
            .schema(TestDatabase.freshSchema()).chunkSizeBytes(16 * 1024).maxPoolSize(8)
            .connectionTimeout(Duration.ofSeconds(1)).build();
        PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config)
            .listener(listener).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> calls = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        int n = i;
        calls.add(pool.submit(() -> {
          awaitTurn(n, start, stopped, restarted);
          try {
            Delivery d = offloader.offload(payloads[n], OffloadContext.of("s-" + n, "tool"));
            if (d.mode() == Delivery.Mode.REFERENCE) {
              references.put(n, d.envelope());
            } else if (d.mode() == Delivery.Mode.FALLBACK_INLINE && Arrays.equals(d.inlineBytes(), payloads[n])) {
              fallbacks.incrementAndGet();
            } else {
              wrong.add(n + ": " + d);
            }
          } catch (PayloadOffloadException e) {
            typed.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
          } catch (RuntimeException e) {
            wrong.add(n + ": " + e);
          } finally {
            completed.incrementAndGet();
            if (n >= PHASE_TWO && n < PHASE_THREE) {
              phaseTwoDone.countDown();
            }
          }
          return null;
        }));
      }
      while (completed.get() < STOP_AFTER) {
        Thread.sleep(5);
      }
      db.stop();
      stopped.countDown();
      assertThat(phaseTwoDone.await(120, TimeUnit.SECONDS)).isTrue();
      db.restart();
      restarted.countDown();
      for (Future<?> f : calls) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      CircuitState end = offloader.circuitState();

      int resolved = 0;
      List<String> unresolved = new ArrayList<>();
      try (PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
        for (Map.Entry<Integer, PayloadEnvelope> r : references.entrySet()) {
          try {
            if (Arrays.equals(resolver.resolve(r.getValue(), "s-" + r.getKey()), payloads[r.getKey()])) {
              resolved++;
            } else {
              unresolved.add(r.getKey() + ": different bytes");
            }
          } catch (RuntimeException e) {
            unresolved.add(r.getKey() + ": " + e);
          }
        }
      }
      int typedCount = typed.values().stream().mapToInt(AtomicInteger::get).sum();
      System.out.printf("Outage under load: %d references (%d resolved), %d fallbacks, %d typed errors %s,"
          + " breaker transitions %s, final state %s%n", references.size(), resolved, fallbacks.get(),
          typedCount, typed, transitions, end);

      assertThat(wrong).isEmpty();
      assertThat(unresolved).isEmpty();
      assertThat(references.size() + fallbacks.get() + typedCount).isEqualTo(CALLS);
      assertThat(references).isNotEmpty();
      assertThat(fallbacks.get()).isPositive();
      assertThat(typed.keySet()).containsOnly("StoreUnavailableException");
      assertThat(transitions).contains(CircuitState.OPEN);
      assertThat(transitions.subList(transitions.lastIndexOf(CircuitState.OPEN), transitions.size()))
          .as("after the last opening the breaker closed again").endsWith(CircuitState.CLOSED);
      assertThat(end).isEqualTo(CircuitState.CLOSED);
    }
  }

  /**
   * Spreads the calls out: the first phase over 1.6 s (the database stops during it), the second
   * only once the database is down, the third once it is back, spread over 4 s so that the
   * breaker's open duration passes while calls keep coming.
   */
  private static void awaitTurn(int n, long start, CountDownLatch stopped, CountDownLatch restarted)
      throws InterruptedException {
    long offsetMs;
    long from;
    if (n < PHASE_TWO) {
      from = start;
      offsetMs = n * 20L;
    } else if (n < PHASE_THREE) {
      stopped.await();
      from = System.nanoTime();
      offsetMs = (n - PHASE_TWO) * 10L;
    } else {
      restarted.await();
      from = System.nanoTime();
      offsetMs = (n - PHASE_THREE) * 70L;
    }
    long wait = from + offsetMs * 1_000_000 - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000);
    }
  }
}

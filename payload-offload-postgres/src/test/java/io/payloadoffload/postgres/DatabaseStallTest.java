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
import io.payloadoffload.testkit.CapturedOutput;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database that stalls rather than fails: one connection holds an exclusive lock on the payloads
 * table for 10 s while 16 threads offload 1 MB payloads with a 1 s store timeout. No call may wait
 * for the lock; the breaker must open, and close again once the lock is gone; every reference must
 * resolve; and a put that finished after its caller gave up must not stay behind.
 */
class DatabaseStallTest {
  private static final int THREADS = 16;
  private static final int PAYLOAD_BYTES = 1_000_000;
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
  private static final int MAX_RETRIES = 1;
  private static final Duration RETRY_MAX_DELAY = Duration.ofMillis(100);
  private static final long LOCK_MS = 10_000;
  private static final long AFTER_LOCK_MS = 6_000;
  private static final long PACE_MS = 250;
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();

  private static byte[] payload(long seed) {
    byte[] b = new byte[PAYLOAD_BYTES];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * One offload per thread before the stall, each deleted again: zstd's native library, the JIT and
   * the pool's connections are then ready, so the durations measured below are waits for the
   * database, not a cold JVM.
   */
  private static void warmUp(PayloadOffloader offloader, PostgresPayloadStore store) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Delivery>> warm = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = -1 - t;
        warm.add(pool.submit(() -> offloader.offload(payload(seed), OffloadContext.of("warm", "tool"))));
      }
      for (Future<Delivery> d : warm) {
        assertThat(store.delete(d.get(60, TimeUnit.SECONDS).envelope().transactionId())).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void everyCallReturnsWithinTheTimeoutsTheBreakerOpensAndClosesAndEveryReferenceResolves()
      throws Exception {
    List<CircuitState> transitions = Collections.synchronizedList(new ArrayList<>());
    OffloadListener listener = new OffloadListener() {
      @Override
      public void onCircuitStateChange(CircuitState from, CircuitState to) {
        transitions.add(to);
      }
    };
    OffloadConfig config = OffloadConfig.builder().thresholdBytes(64 * 1024)
        .storeTimeout(STORE_TIMEOUT).maxRetries(MAX_RETRIES)
        .retryBackoff(Duration.ofMillis(50), RETRY_MAX_DELAY)
        .openDuration(Duration.ofSeconds(2)).build();
    long bound = STORE_TIMEOUT.toMillis() * (MAX_RETRIES + 1) + RETRY_MAX_DELAY.toMillis() + 1_000;
    String schema = TestDatabase.freshSchema();
    Map<Long, PayloadEnvelope> references = new ConcurrentHashMap<>();
    AtomicInteger fallbacks = new AtomicInteger();
    Map<String, AtomicInteger> typed = new ConcurrentHashMap<>();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    List<String> clientMessages = Collections.synchronizedList(new ArrayList<>());
    AtomicLong slowestMs = new AtomicLong();
    List<Long> durationsMs = Collections.synchronizedList(new ArrayList<>());
    AtomicLong slowestDuringLockMs = new AtomicLong();
    AtomicInteger referencesAfterRelease = new AtomicInteger();
    AtomicLong seeds = new AtomicLong();

    try (CapturedOutput out = CapturedOutput.start();
        PostgresPayloadStore store = PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl()).schema(schema)
            .maxPoolSize(THREADS).connectionTimeout(Duration.ofSeconds(1)).build();
        PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config)
            .listener(listener).build()) {
      warmUp(offloader, store);
      long start = System.nanoTime();
      long lockedUntil = start + TimeUnit.MILLISECONDS.toNanos(LOCK_MS);
      long end = lockedUntil + TimeUnit.MILLISECONDS.toNanos(AFTER_LOCK_MS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
      Future<?> lock = pool.submit(() -> {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
          c.setAutoCommit(false);
          s.execute("LOCK TABLE " + schema + ".payloads IN ACCESS EXCLUSIVE MODE");
          Thread.sleep(TimeUnit.NANOSECONDS.toMillis(lockedUntil - System.nanoTime()));
          c.commit();
        }
        return null;
      });
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            long seed = seeds.incrementAndGet();
            byte[] payload = payload(seed);
            long callStart = System.nanoTime();
            try {
              Delivery d = offloader.offload(payload, OffloadContext.of("s-" + seed, "tool"));
              if (d.mode() == Delivery.Mode.REFERENCE) {
                references.put(seed, d.envelope());
                if (callStart > lockedUntil) {
                  referencesAfterRelease.incrementAndGet();
                }
              } else if (d.mode() == Delivery.Mode.FALLBACK_INLINE && Arrays.equals(d.inlineBytes(), payload)) {
                fallbacks.incrementAndGet();
              } else {
                wrong.add(seed + ": " + d.mode());
              }
            } catch (PayloadOffloadException e) {
              typed.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
              clientMessages.add(e.getMessage());
            } catch (RuntimeException e) {
              wrong.add(seed + ": " + e);
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callStart);
            slowestMs.accumulateAndGet(tookMs, Math::max);
            durationsMs.add(tookMs);
            if (callStart < lockedUntil) {
              slowestDuringLockMs.accumulateAndGet(tookMs, Math::max);
            }
            Thread.sleep(PACE_MS);
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get(60, TimeUnit.SECONDS);
      }
      lock.get(10, TimeUnit.SECONDS);
      pool.shutdown();

      int resolved = 0;
      List<String> unresolved = new ArrayList<>();
      try (PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
        for (Map.Entry<Long, PayloadEnvelope> r : references.entrySet()) {
          byte[] back = resolver.resolve(r.getValue(), "s-" + r.getKey());
          if (Arrays.equals(back, payload(r.getKey()))) {
            resolved++;
          } else {
            unresolved.add(r.getKey() + ": different bytes");
          }
        }
      }
      // Puts abandoned during the stall finish once the lock is gone; each is deleted at once.
      long rows = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        rows = db.queryLong("SELECT count(*) FROM " + schema + ".payloads");
        if (rows == references.size()) {
          break;
        }
        Thread.sleep(100);
      }
      int typedCount = typed.values().stream().mapToInt(AtomicInteger::get).sum();
      List<Long> sorted = new ArrayList<>(durationsMs);
      Collections.sort(sorted);
      System.out.printf("Stall call durations: median %d ms, p95 %d ms, p99 %d ms%n",
          sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 95 / 100),
          sorted.get(sorted.size() * 99 / 100));
      System.out.printf("Stall: %d calls; %d references (%d after the release, %d resolved), %d fallbacks,"
          + " %d typed errors %s; slowest call %d ms (during the lock %d ms, bound %d ms); breaker %s;"
          + " %d rows left for %d references%n", seeds.get(), references.size(),
          referencesAfterRelease.get(), resolved, fallbacks.get(), typedCount, typed, slowestMs.get(),
          slowestDuringLockMs.get(), bound, transitions, rows, references.size());

      assertThat(wrong).isEmpty();
      assertThat(unresolved).isEmpty();
      assertThat(slowestMs.get()).as("slowest call in ms").isLessThanOrEqualTo(bound);
      assertThat(fallbacks.get()).isPositive();
      assertThat(typed.keySet()).isSubsetOf("StoreUnavailableException");
      assertThat(transitions).contains(CircuitState.OPEN);
      assertThat(offloader.circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(referencesAfterRelease.get()).isPositive();
      assertThat(rows).as("payload rows left, against references delivered").isEqualTo(references.size());
      List<byte[]> samples = new ArrayList<>();
      for (long seed = 1; seed <= Math.min(seeds.get(), 40); seed++) {
        samples.add(payload(seed));
      }
      out.assertNoLeak(samples, List.of(), clientMessages);
    }
  }
}

package io.payloadoffload.benchmarks;

import io.payloadoffload.Delivery;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The pipeline's CPU work on a 1 MiB JSON document, without a database: offload as bytes, offload
 * as a tree, resolve. {@link FastPathComparison} runs it with each fast path switched on and off (a
 * system property of the forked JVM), side by side. The store is in memory, so the store call costs
 * next to nothing and the scores are the compression, checksum, serialization and decoding work the
 * fast paths are meant to speed up. JMH creates one instance per trial; not for use outside JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FastPathBenchmark {
  private static final OffloadContext CONTEXT = OffloadContext.of(LibraryPath.SESSION, "static_analysis");

  private Payload payload;
  private InMemoryPayloadStore store;
  private PayloadOffloader offloader;
  private PayloadResolver resolver;
  private PayloadEnvelope stored;

  /** Builds the document, an in-memory store, and one payload stored for {@link #resolve()}. */
  @Setup(Level.Trial)
  public void setUp() {
    payload = Payload.json("1 MiB JSON", Settings.SEED + Settings.MIB, Settings.MIB);
    store = new InMemoryPayloadStore();
    offloader = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(Settings.THRESHOLD_BYTES).fallbackToInline(false).build())
        .build();
    resolver = PayloadResolver.builder().store(store).build();
    stored = offloader.offload(payload.bytes(), CONTEXT).envelope();
  }

  /** Closes the offloader, the resolver and the store. */
  @TearDown(Level.Trial)
  public void tearDown() {
    offloader.close();
    resolver.close();
    store.close();
  }

  /**
   * {@code offload(byte[])}: compress and checksum an array, then store it; the payload is deleted
   * again so the store does not fill up.
   *
   * @return the envelope
   */
  @Benchmark
  public PayloadEnvelope offloadBytes() {
    return stored(offloader.offload(payload.bytes(), CONTEXT));
  }

  /**
   * {@code offloadJson(tree)}: serialize, compress and checksum, then store; deleted again.
   *
   * @return the envelope
   */
  @Benchmark
  public PayloadEnvelope offloadJson() {
    return stored(offloader.offloadJson(payload.tree(), CONTEXT));
  }

  /**
   * {@code resolve}: read, decompress and verify the stored payload.
   *
   * @return the original bytes
   */
  @Benchmark
  public byte[] resolve() {
    return resolver.resolve(stored, LibraryPath.SESSION);
  }

  private PayloadEnvelope stored(Delivery d) {
    if (d.mode() != Delivery.Mode.REFERENCE) {
      throw new IllegalStateException("the 1 MiB payload was not stored: " + d);
    }
    store.delete(d.envelope().transactionId());
    return d.envelope();
  }
}

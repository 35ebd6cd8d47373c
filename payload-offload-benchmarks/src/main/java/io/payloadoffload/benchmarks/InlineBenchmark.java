package io.payloadoffload.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Comparison 3, in JMH: a payload below the threshold through {@code offloadJson}, against plain
 * Jackson serialization of the same document to bytes. Both return the bytes to send. Sampled
 * times, so that the report can use medians, which a busy machine disturbs less than means. JMH
 * creates one instance per trial; not for use outside JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InlineBenchmark {
  /** Payload size in bytes. */
  @Param({"10240", "102400"})
  public int size;

  private ObjectNode document;
  private PayloadOffloader offloader;
  private final OffloadContext context = OffloadContext.of(LibraryPath.SESSION, "static_analysis");

  /** Builds the document and an offloader whose store refuses every call. */
  @Setup(Level.Trial)
  public void setUp() {
    document = ToolOutput.tree(Settings.SEED, size);
    offloader = PayloadOffloader.builder().store(new RefusingStore()).build();
  }

  /** Closes the offloader. */
  @TearDown(Level.Trial)
  public void tearDown() {
    offloader.close();
  }

  /**
   * The baseline: Jackson alone.
   *
   * @return the serialized document
   * @throws JsonProcessingException never for this document
   */
  @Benchmark
  public byte[] jackson() throws JsonProcessingException {
    return ToolOutput.MAPPER.writeValueAsBytes(document);
  }

  /**
   * The library: serialize once, measure, route inline.
   *
   * @return the bytes to send
   */
  @Benchmark
  public byte[] offloadJson() {
    return offloader.offloadJson(document, context).inlineBytes();
  }

  /**
   * Checks that both benchmarks produce the same bytes, for the quick test.
   *
   * @param size the payload size
   * @return whether {@link #offloadJson()} gave an inline delivery of exactly Jackson's bytes
   * @throws JsonProcessingException never for this document
   */
  public static boolean sameBytes(int size) throws JsonProcessingException {
    InlineBenchmark b = new InlineBenchmark();
    b.size = size;
    b.setUp();
    try {
      Delivery d = b.offloader.offloadJson(b.document, b.context);
      return d.mode() == Delivery.Mode.INLINE && Arrays.equals(d.inlineBytes(), b.jackson());
    } finally {
      b.tearDown();
    }
  }

  /** A store for payloads that must never reach one. */
  private static final class RefusingStore implements PayloadStore {
    @Override
    public void put(PayloadBody body) {
      throw refused();
    }

    @Override
    public Optional<StoredPayload> open(String id) {
      throw refused();
    }

    @Override
    public boolean delete(String id) {
      throw refused();
    }

    @Override
    public long deleteExpired(Instant now, int batchSize) {
      throw refused();
    }

    @Override
    public void close() {}

    private static PayloadStoreException refused() {
      return new PayloadStoreException("the inline benchmark reached the store", null, false, null);
    }
  }
}

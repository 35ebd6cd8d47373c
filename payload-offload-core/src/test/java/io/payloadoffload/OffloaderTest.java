package io.payloadoffload;

import io.payloadoffload.exception.PayloadSourceException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.integrity.Checksummer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OffloaderTest {
  private final InMemoryPayloadStore store = new InMemoryPayloadStore();

  @Test
  void offloadJsonSerializesOnceAndRecordsJsonContentType() throws Exception {
    ObjectNode tree = new ObjectMapper().createObjectNode();
    tree.put("text", "x".repeat(3000));
    try (PayloadOffloader o = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(1000).build()).build();
         PayloadResolver r = PayloadResolver.builder().store(store).build()) {
      Delivery d = o.offloadJson(tree, OffloadContext.empty());
      assertThat(d.envelope().contentType()).isEqualTo("application/json");
      assertThat(new ObjectMapper().readTree(r.resolve(d.envelope(), null))).isEqualTo(tree);
      Delivery record = o.offloadJson(Map.of("k", "v"), OffloadContext.empty());
      assertThat(record.transportText()).isEqualTo("{\"k\":\"v\"}");
    }
  }

  /** About {@code bytes} of JSON tool output, large enough that offloadJson compresses while serializing. */
  private static ObjectNode largeDocument(int bytes) {
    ObjectNode tree = new ObjectMapper().createObjectNode();
    Random random = new Random(bytes);
    for (int i = 0; tree.toString().length() < bytes; i++) {
      tree.put("line" + i, "value " + random.nextInt() + " " + "abc def ghi ".repeat(200));
    }
    return tree;
  }

  @Test
  void largeJsonIsStoredWithTheChecksumOfExactlyTheSerializedBytesUnderEveryCodec() throws Exception {
    ObjectNode tree = largeDocument(1_500_000);
    byte[] json = new ObjectMapper().writeValueAsBytes(tree);
    for (Compression compression : Compression.values()) {
      for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
        try (PayloadOffloader o = PayloadOffloader.builder().store(store).config(OffloadConfig.builder()
            .thresholdBytes(100_000).compression(compression).checksumAlgorithm(alg).build()).build();
             PayloadResolver r = PayloadResolver.builder().store(store).build()) {
          Delivery d = o.offloadJson(tree, OffloadContext.empty());
          assertThat(d.mode()).isEqualTo(Delivery.Mode.REFERENCE);
          assertThat(d.envelope().compression()).isEqualTo(compression);
          assertThat(d.envelope().payloadSizeBytes()).isEqualTo(json.length);
          assertThat(d.envelope().checksum()).contains(Checksummer.of(alg, json));
          assertThat(r.resolve(d.envelope(), null)).isEqualTo(json);
        }
      }
    }
  }

  @Test
  void largeJsonFallsBackInlineWithExactlyTheSerializedBytesWhenTheStoreIsDown() throws Exception {
    ObjectNode tree = largeDocument(1_500_000);
    byte[] json = new ObjectMapper().writeValueAsBytes(tree);
    TestStores.Switchable down = new TestStores.Switchable(store, true);
    down.down.set(true);
    try (PayloadOffloader o = PayloadOffloader.builder().store(down)
        .config(OffloadConfig.builder().thresholdBytes(100_000).build()).build()) {
      Delivery d = o.offloadJson(tree, OffloadContext.empty());
      assertThat(d.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(d.inlineBytes()).isEqualTo(json);
    }
    try (PayloadOffloader o = PayloadOffloader.builder().store(down)
        .config(OffloadConfig.builder().thresholdBytes(100_000).maxInlineBytes(1_000_000).build()).build()) {
      assertThatThrownBy(() -> o.offloadJson(tree, OffloadContext.empty()))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining(json.length + " bytes");
    }
  }

  @Test
  void jsonLargerThanTheMaximumIsRejectedWithItsSerializedSize() throws Exception {
    ObjectNode tree = largeDocument(1_500_000);
    byte[] json = new ObjectMapper().writeValueAsBytes(tree);
    try (PayloadOffloader o = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(100_000).maxPayloadBytes(1_000_000).build()).build()) {
      assertThatThrownBy(() -> o.offloadJson(tree, OffloadContext.empty()))
          .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining(String.valueOf(json.length));
    }
    assertThat(store.size()).isZero();
  }

  @Test
  void valuesThatCannotBeSerializedAreRejectedClearly() {
    try (PayloadOffloader o = PayloadOffloader.builder().store(store).build()) {
      assertThatThrownBy(() -> o.offloadJson(new Object(), OffloadContext.empty()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
  }

  @Test
  void incompressiblePayloadsAreStoredUncompressed() {
    byte[] random = new byte[200_000];
    new Random(1).nextBytes(random);
    try (PayloadOffloader o = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(1000).build()).build()) {
      assertThat(o.offload(random, OffloadContext.empty()).envelope().compression()).isEqualTo(Compression.NONE);
      assertThat(o.offload(new ByteArrayInputStream(random), OffloadContext.empty()).envelope().compression())
          .isEqualTo(Compression.NONE);
      assertThat(o.offload(new byte[200_000], OffloadContext.empty()).envelope().compression())
          .isEqualTo(Compression.ZSTD);
    }
  }

  @Test
  void asyncOffloadRunsOnTheExecutorNotTheCaller() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    OffloadListener l = new OffloadListener() {
      @Override
      public void onInline(OffloadContext context, long sizeBytes) {
        thread.set(Thread.currentThread().getName());
      }
    };
    try (PayloadOffloader o = PayloadOffloader.builder().store(store).listener(l).build()) {
      o.offloadAsync(new byte[10], OffloadContext.empty()).get();
      assertThat(thread.get()).startsWith("payload-offload-").isNotEqualTo(Thread.currentThread().getName());
      assertThat(o.offloadAsync(new byte[200 << 20], OffloadContext.empty()))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(PayloadTooLargeException.class);
    }
  }

  @Test
  void aThrowingListenerNeverBreaksDelivery() {
    OffloadListener broken = new OffloadListener() {
      @Override
      public void onInline(OffloadContext context, long sizeBytes) {
        throw new IllegalStateException("listener bug");
      }
    };
    try (PayloadOffloader o = PayloadOffloader.builder().store(store).listener(broken).build()) {
      assertThat(o.offload(new byte[10], OffloadContext.empty()).mode()).isEqualTo(Delivery.Mode.INLINE);
    }
  }

  @Test
  void streamWithBreakerOpenFallsBackWithAllItsBytes() {
    TestStores.Switchable down = new TestStores.Switchable(store, true);
    down.down.set(true);
    byte[] payload = RoundTripPropertiesTest.payload(50_000, 9, true);
    try (PayloadOffloader o = PayloadOffloader.builder().store(down).config(OffloadConfig.builder()
        .thresholdBytes(1000).failureThreshold(1).maxRetries(0).build()).build()) {
      assertThat(o.offload(payload.clone(), OffloadContext.empty()).mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(o.circuitState()).isEqualTo(CircuitState.OPEN);
      Delivery d = o.offload(new ByteArrayInputStream(payload), OffloadContext.empty());
      assertThat(d.mode()).isEqualTo(Delivery.Mode.FALLBACK_INLINE);
      assertThat(d.inlineBytes()).isEqualTo(payload);
    }
  }

  @Test
  void aCallersStreamThatBreaksMidwayIsTheCallersTypedErrorLeavesNothingAndNeverOpensTheBreaker() {
    try (PayloadOffloader o = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(1000).failureThreshold(1).build()).build()) {
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> o.offload(breakingAfter(100_000), OffloadContext.empty()))
            .isInstanceOf(PayloadSourceException.class).hasMessageContaining("not stored")
            .hasRootCauseMessage("source broke");
      }
      assertThat(store.size()).isZero();
      assertThat(o.circuitState()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void aCallersStreamThatBreaksBeforeTheThresholdIsTheCallersTypedError() {
    try (PayloadOffloader o = PayloadOffloader.builder().store(store)
        .config(OffloadConfig.builder().thresholdBytes(1000).failureThreshold(1).build()).build()) {
      assertThatThrownBy(() -> o.offload(breakingAfter(10), OffloadContext.empty()))
          .isInstanceOf(PayloadSourceException.class).hasRootCauseMessage("source broke");
      assertThat(store.size()).isZero();
      assertThat(o.circuitState()).isEqualTo(CircuitState.CLOSED);
    }
  }

  private static InputStream breakingAfter(int bytes) {
    return new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ > bytes) {
          throw new IOException("source broke");
        }
        return 'a';
      }
    };
  }
}

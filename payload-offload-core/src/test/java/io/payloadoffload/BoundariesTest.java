package io.payloadoffload;

import io.payloadoffload.exception.CodecException;
import io.payloadoffload.exception.PayloadTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.integrity.Checksummer;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Exact edges of the routing rules, and a decompression bomb. */
class BoundariesTest {
  private static final int THRESHOLD = 4096;
  private static final int MAX = 10_000;

  private final InMemoryPayloadStore store = new InMemoryPayloadStore();
  private final PayloadOffloader offloader = PayloadOffloader.builder().store(store).executor(Runnable::run)
      .config(OffloadConfig.builder().thresholdBytes(THRESHOLD).maxPayloadBytes(MAX).build()).build();

  @Test
  void exactlyTheThresholdGoesInlineAndOneMoreIsOffloaded() {
    assertThat(offloader.offload(new byte[THRESHOLD], OffloadContext.empty()).mode())
        .isEqualTo(Delivery.Mode.INLINE);
    assertThat(offloader.offload(new byte[THRESHOLD + 1], OffloadContext.empty()).mode())
        .isEqualTo(Delivery.Mode.REFERENCE);
  }

  @Test
  void exactlyTheMaximumIsOffloadedAndOneMoreIsRejectedBeforeIo() {
    assertThat(offloader.offload(new byte[MAX], OffloadContext.empty()).mode())
        .isEqualTo(Delivery.Mode.REFERENCE);
    int stored = store.size();
    assertThatThrownBy(() -> offloader.offload(new byte[MAX + 1], OffloadContext.empty()))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
          assertThat(e.sizeBytes()).isEqualTo(MAX + 1);
          assertThat(e.limitBytes()).isEqualTo(MAX);
        });
    assertThat(store.size()).isEqualTo(stored);
  }

  @Test
  void streamsFollowTheSameEdges() {
    assertThat(offloader.offload(new ByteArrayInputStream(new byte[THRESHOLD]), OffloadContext.empty()).mode())
        .isEqualTo(Delivery.Mode.INLINE);
    assertThat(offloader.offload(new ByteArrayInputStream(new byte[THRESHOLD + 1]), OffloadContext.empty()).mode())
        .isEqualTo(Delivery.Mode.REFERENCE);
    assertThat(offloader.offload(new ByteArrayInputStream(new byte[MAX]), OffloadContext.empty()).mode())
        .isEqualTo(Delivery.Mode.REFERENCE);
    int stored = store.size();
    assertThatThrownBy(() -> offloader.offload(new ByteArrayInputStream(new byte[MAX + 1]), OffloadContext.empty()))
        .isInstanceOf(PayloadTooLargeException.class);
    assertThat(store.size()).as("an oversized stream leaves nothing stored").isEqualTo(stored);
  }

  @Test
  void decompressionBombRaisesCodecExceptionWithoutAllocatingPastTheCap() throws Exception {
    long bombSize = 1L << 30;
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (OutputStream out = Codec.of(Compression.ZSTD, 3).compress(compressed)) {
      for (long written = 0; written < bombSize; written += zeros.length) {
        out.write(zeros);
      }
    }
    byte[] claimed = new byte[1 << 20];
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    PayloadRecord record = PayloadRecord.builder()
        .id("txn_00000000000000000000000000000b0b")
        .compression("zstd")
        .checksum(Checksummer.of(io.payloadoffload.codec.ChecksumAlgorithm.SHA256, claimed))
        .originalSizeBytes(claimed.length)
        .storedSizeBytes(compressed.size())
        .createdAt(now)
        .expiresAt(now.plusSeconds(60))
        .build();
    store.put(PayloadBody.of(record, new ByteArrayInputStream(compressed.toByteArray())));
    Runtime rt = Runtime.getRuntime();
    try (PayloadResolver resolver = PayloadResolver.builder().store(store).build();
         InputStream in = resolver.openStreamById(record.id(), null)) {
      long before = rt.totalMemory() - rt.freeMemory();
      byte[] buf = new byte[8192];
      long[] read = {0};
      assertThatThrownBy(() -> {
        for (int n; (n = in.read(buf)) >= 0; ) {
          read[0] += n;
        }
      }).isInstanceOfSatisfying(CodecException.class,
          e -> assertThat(e.payloadId()).contains(record.id()));
      assertThat(read[0]).isLessThanOrEqualTo(claimed.length);
      long grew = (rt.totalMemory() - rt.freeMemory()) - before;
      assertThat(grew).as("heap growth while decoding a 1 GiB bomb").isLessThan(256L << 20);
    }
  }
}

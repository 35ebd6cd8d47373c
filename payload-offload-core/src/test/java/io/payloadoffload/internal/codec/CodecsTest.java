package io.payloadoffload.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class CodecsTest {
  private static final byte[] TEXT = "a payload that compresses well, ".repeat(20_000).getBytes();

  /** Bit 2 of a zstd frame's header descriptor, the byte after the 4-byte magic number (RFC 8878). */
  private static boolean hasFrameChecksum(byte[] frame) {
    return (frame[4] & 0x04) != 0;
  }

  private static byte[] streamed(Codec codec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = codec.compress(out)) {
      c.write(TEXT);
    }
    return out.toByteArray();
  }

  @Test
  void zstdFramesLeaveOutTheirChecksumOnlyWhenThePayloadHasOne() throws IOException {
    Codec checked = Codecs.forPayloads(Compression.ZSTD, 3, false);
    Codec unchecked = Codecs.forPayloads(Compression.ZSTD, 3, true);
    assertThat(hasFrameChecksum(checked.compress(TEXT))).isTrue();
    assertThat(hasFrameChecksum(streamed(checked))).isTrue();
    assertThat(hasFrameChecksum(unchecked.compress(TEXT))).isFalse();
    assertThat(hasFrameChecksum(streamed(unchecked))).isFalse();
    assertThat(hasFrameChecksum(Codec.of(Compression.ZSTD, 3).compress(TEXT))).isTrue();
    Codec reader = Codec.of(Compression.ZSTD, 1);
    assertThat(reader.decompress(unchecked.compress(TEXT), TEXT.length)).isEqualTo(TEXT);
    assertThat(reader.decompress(checked.compress(TEXT), TEXT.length)).isEqualTo(TEXT);
    assertThat(Codecs.forPayloads(Compression.GZIP, 6, true)).isSameAs(Codec.of(Compression.GZIP, 6));
  }

  @Test
  void theOffloaderStoresFramesWithoutTheirChecksumExactlyWhenItKeepsAPayloadChecksum() throws IOException {
    for (boolean payloadChecksum : new boolean[] {true, false}) {
      InMemoryPayloadStore store = new InMemoryPayloadStore();
      try (PayloadOffloader o = PayloadOffloader.builder().store(store).config(OffloadConfig.builder()
          .thresholdBytes(1000).checksumEnabled(payloadChecksum).build()).build();
           PayloadResolver r = PayloadResolver.builder().store(store).build()) {
        PayloadEnvelope env = o.offload(TEXT, OffloadContext.empty()).envelope();
        byte[] stored;
        try (InputStream in = store.open(env.transactionId()).orElseThrow().openStream()) {
          stored = in.readAllBytes();
        }
        assertThat(hasFrameChecksum(stored)).as("payload checksum %s", payloadChecksum).isEqualTo(!payloadChecksum);
        assertThat(env.checksum().isPresent()).isEqualTo(payloadChecksum);
        assertThat(r.resolve(env, null)).isEqualTo(TEXT);
      }
    }
  }
}

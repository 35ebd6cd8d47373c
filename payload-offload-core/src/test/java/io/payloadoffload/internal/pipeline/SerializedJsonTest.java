package io.payloadoffload.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.internal.codec.Codec;
import io.payloadoffload.internal.integrity.Checksummer;
import java.io.IOException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SerializedJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** About {@code bytes} of JSON: an array of random strings with escapes and non-ASCII. */
  private static ArrayNode document(int bytes, long seed) {
    Random random = new Random(seed);
    ArrayNode array = MAPPER.createArrayNode();
    String alphabet = "abcdefghij klmnop\"\\\n\tçé€😀0123456789{}";
    int written = 2;
    while (written < bytes) {
      int length = random.nextInt(Math.min(4000, Math.max(1, bytes - written)) + 1);
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      array.add(sb.toString());
      written += length + 3;
    }
    return array;
  }

  @Property(tries = 40)
  void bytesCompressionAndChecksumMatchJacksonAtEverySize(
      @ForAll @IntRange(min = 0, max = 3 << 20) int size, @ForAll @IntRange(min = 0, max = 2 << 20) int compressAbove,
      @ForAll Compression compression, @ForAll ChecksumAlgorithm checksum) throws IOException {
    ArrayNode doc = document(size, size);
    byte[] expected = MAPPER.writeValueAsBytes(doc);
    Codec codec = compression == Compression.NONE ? null : Codec.of(compression, 3);
    try (SerializedJson json = SerializedJson.serialize(MAPPER, doc, codec, compressAbove, checksum)) {
      assertThat(json.size()).isEqualTo(expected.length);
      assertThat(json.bytes()).isEqualTo(expected);
      if (codec != null) {
        byte[] compressed = json.compressed();
        assertThat(codec.decompress(compressed, expected.length)).isEqualTo(expected);
        assertThat(json.checksum()).isEqualTo(Checksummer.of(checksum, expected));
      }
    }
  }

  @Test
  void aThreadsKeptBlockNeverChangesBytesAlreadyReturned() throws IOException {
    byte[] first;
    byte[] firstExpected = MAPPER.writeValueAsBytes(document(100_000, 1));
    try (SerializedJson json = SerializedJson.serialize(MAPPER, document(100_000, 1), null, 0, null)) {
      first = json.bytes();
    }
    for (long seed = 2; seed < 6; seed++) {
      ArrayNode doc = document(200_000, seed);
      try (SerializedJson json = SerializedJson.serialize(MAPPER, doc, Codec.of(Compression.ZSTD, 3), 1000,
          ChecksumAlgorithm.SHA256)) {
        assertThat(json.bytes()).isEqualTo(MAPPER.writeValueAsBytes(doc));
        json.compressed();
      }
    }
    assertThat(first).isEqualTo(firstExpected);
  }

  @Test
  void checksumIsAvailableOnlyAfterCompressingAndCompressingOnlyOnce() throws IOException {
    try (SerializedJson json = SerializedJson.serialize(MAPPER, document(300_000, 7), Codec.of(Compression.GZIP, 6),
        100, ChecksumAlgorithm.CRC32C)) {
      assertThatThrownBy(json::checksum).isInstanceOf(IllegalStateException.class);
      json.compressed();
      assertThat(json.checksum()).startsWith("crc32c:");
      assertThatThrownBy(json::compressed).isInstanceOf(IllegalStateException.class);
    }
    try (SerializedJson json = SerializedJson.serialize(MAPPER, "x", null, 0, null)) {
      assertThatThrownBy(json::compressed).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without a codec");
    }
  }

  @Test
  void aValueThatFailsHalfwayStopsTheCompressorAndLeavesTheThreadUsable() throws IOException {
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> SerializedJson.serialize(MAPPER, new FailsAfterWriting(), Codec.of(Compression.ZSTD, 3),
          1000, ChecksumAlgorithm.SHA256)).isInstanceOf(JsonMappingException.class)
          .hasMessageContaining("fails after 2 MiB");
    }
    ArrayNode doc = document(500_000, 9);
    try (SerializedJson json = SerializedJson.serialize(MAPPER, doc, Codec.of(Compression.ZSTD, 3), 1000, null)) {
      assertThat(Codec.of(Compression.ZSTD, 3).decompress(json.compressed(), (int) json.size()))
          .isEqualTo(MAPPER.writeValueAsBytes(doc));
    }
  }

  /** Writes 2 MiB of JSON, then throws, as a broken custom serializer would. */
  @JsonSerialize(using = FailsAfterWriting.Serializer.class)
  static final class FailsAfterWriting {
    static final class Serializer extends JsonSerializer<FailsAfterWriting> {
      @Override
      public void serialize(FailsAfterWriting value, JsonGenerator gen, SerializerProvider serializers)
          throws IOException {
        gen.writeStartArray();
        String chunk = "y".repeat(1024);
        for (int i = 0; i < 2048; i++) {
          gen.writeString(chunk);
        }
        throw JsonMappingException.from(gen, "fails after 2 MiB");
      }
    }
  }
}

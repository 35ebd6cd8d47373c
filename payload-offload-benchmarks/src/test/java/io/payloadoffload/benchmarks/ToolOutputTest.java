package io.payloadoffload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ToolOutputTest {

  @Test
  void sameSeedGivesSameDocument() {
    assertThat(ToolOutput.bytes(ToolOutput.tree(7, 50_000)))
        .isEqualTo(ToolOutput.bytes(ToolOutput.tree(7, 50_000)))
        .isNotEqualTo(ToolOutput.bytes(ToolOutput.tree(8, 50_000)));
  }

  @Test
  void treeReachesTheTargetSizeWithinOneFinding() {
    int size = ToolOutput.bytes(ToolOutput.tree(1, 200_000)).length;
    assertThat(size).isBetween(200_000, 200_000 + 4_000);
  }

  @Test
  void documentIsFourToSixTimesCompressibleByZstd3() {
    byte[] doc = ToolOutput.bytes(ToolOutput.tree(3, 4 * Settings.MIB));
    double ratio = (double) doc.length / Zstd.compress(doc, 3).length;
    assertThat(ratio).isBetween(4.0, 6.0);
  }

  @Test
  void streamYieldsExactlyTheLengthAsValidJson() throws IOException {
    for (long length : new long[] {2, 3, 700, 123_457}) {
      byte[] all;
      try (InputStream in = ToolOutput.stream(5, length)) {
        all = in.readAllBytes();
      }
      assertThat(all).hasSize((int) length);
      JsonNode parsed = ToolOutput.MAPPER.readTree(all);
      assertThat(parsed.isArray()).as("length %d", length).isTrue();
    }
  }

  @Test
  void streamIsDeterministic() throws IOException {
    try (InputStream a = ToolOutput.stream(9, 50_000); InputStream b = ToolOutput.stream(9, 50_000)) {
      assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
    }
  }

  @Test
  void streamRejectsALengthTooShortForJson() {
    assertThatThrownBy(() -> ToolOutput.stream(1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length");
  }

  @Test
  void binaryDoesNotCompress() {
    byte[] bytes = ToolOutput.binary(1, 1_000_000);
    assertThat(Zstd.compress(bytes, 3).length).isGreaterThanOrEqualTo(bytes.length);
  }
}

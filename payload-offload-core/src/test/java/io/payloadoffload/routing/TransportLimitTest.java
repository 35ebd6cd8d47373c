package io.payloadoffload.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link TransportLimit#framedSizeBytes} against what Jackson actually writes. */
class TransportLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TransportLimit LIMIT = TransportLimit.jsonRpc(65_536);

  private static long jacksonStringBytes(String s) throws JsonProcessingException {
    return JSON.writeValueAsBytes(s).length - 2;
  }

  @Property(tries = 2000)
  void theFramedSizeOfValidUtf8IsExactlyWhatJacksonWrites(@ForAll String text) throws JsonProcessingException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    String valid = new String(utf8, StandardCharsets.UTF_8);
    assertThat(LIMIT.framedSizeBytes(utf8) - LIMIT.wrapperBytes()).isEqualTo(jacksonStringBytes(valid));
  }

  @Property(tries = 2000)
  void theFramedSizeOfTextOutsideTheBasicPlaneIsExactlyWhatJacksonWrites(@ForAll("codePoints") String text)
      throws JsonProcessingException {
    assertThat(LIMIT.framedSizeBytes(text.getBytes(StandardCharsets.UTF_8)) - LIMIT.wrapperBytes())
        .isEqualTo(jacksonStringBytes(text));
  }

  @Provide
  Arbitrary<String> codePoints() {
    return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
        .list().ofMaxSize(20)
        .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString());
  }

  @Property(tries = 2000)
  void theFramedSizeOfAnyBytesBoundsWhatJacksonWritesOfTheirDecoding(@ForAll byte[] bytes)
      throws JsonProcessingException {
    assertThat(LIMIT.framedSizeBytes(bytes) - LIMIT.wrapperBytes())
        .isGreaterThanOrEqualTo(jacksonStringBytes(new String(bytes, StandardCharsets.UTF_8)));
  }

  @Test
  void escapesAndInvalidBytesCountAsTheirEncodedLength() {
    assertThat(LIMIT.framedSizeBytes(new byte[] {'"', '\n', 0x01, (byte) 0xff, 'a'}))
        .isEqualTo(LIMIT.wrapperBytes() + 2 + 2 + 6 + 3 + 1);
    TransportLimit binary = new TransportLimit(10_000, 100, TransportLimit.Encoding.BINARY);
    assertThat(binary.framedSizeBytes(new byte[] {'"', (byte) 0xff})).isEqualTo(102);
    assertThat(LIMIT.framedSizeBytes("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)))
        .as("an emoji, written as two escapes").isEqualTo(LIMIT.wrapperBytes() + 12);
    assertThat(LIMIT.framedSizeBytes(new byte[] {'x', '"', 'y'}, 1, 1)).isEqualTo(LIMIT.wrapperBytes() + 2);
    assertThat(LIMIT.fits(65_536)).isTrue();
    assertThat(LIMIT.fits(65_537)).isFalse();
  }

  @Test
  void aLimitWithoutRoomForAReferenceIsRejected() {
    assertThatThrownBy(() -> TransportLimit.jsonRpc(5_119)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4096");
    assertThatThrownBy(() -> new TransportLimit(10_000, -1, TransportLimit.Encoding.BINARY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrapperBytes");
  }
}

package io.payloadoffload.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadBodyTest {
  private static final PayloadHeader HEADER = new PayloadHeader("txn_0123456789abcdef0123456789abcdef",
      Optional.of("s"), Optional.empty(), Optional.empty(), PayloadHeader.DEFAULT_CONTENT_TYPE, "none",
      Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Map.of());

  @Test
  void aStreamedBodyMakesItsRecordFromTheBytesReadOnceItHasEnded() throws IOException {
    PayloadBody body = PayloadBody.streamed(HEADER, new ByteArrayInputStream(new byte[1234]),
        stored -> PayloadRecord.of(HEADER, 5000, stored, null));

    assertThat(body.header()).isEqualTo(HEADER);
    assertThat(body.knownStoredSizeBytes()).isEmpty();
    assertThatThrownBy(body::record).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before its body was read to the end");
    assertThat(body.readAllBytes()).hasSize(1234);
    assertThat(body.record()).isEqualTo(PayloadRecord.of(HEADER, 5000, 1234, null));
  }

  @Test
  void aBodyOfAnArrayKnowsItsSizeAndRecordButGivesTheRecordOnlyAfterItsEnd() throws IOException {
    PayloadRecord record = PayloadRecord.of(HEADER, 10, 3, null);
    PayloadBody body = PayloadBody.of(record, new byte[3]);

    assertThat(body.knownStoredSizeBytes()).hasValue(3);
    assertThatThrownBy(body::record).isInstanceOf(IllegalStateException.class);
    assertThat(body.readAllBytes()).hasSize(3);
    assertThat(body.record()).isSameAs(record);
  }

  @Test
  void anArrayOfAnotherSizeThanItsRecordIsRefused() {
    assertThatThrownBy(() -> PayloadBody.of(PayloadRecord.of(HEADER, 10, 3, null), new byte[4]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 3 stored bytes");
  }

  @Test
  void aHeaderRefusesAMalformedIdAndAnExpiryBeforeItsCreation() {
    assertThatThrownBy(() -> new PayloadHeader("txn_XYZ", Optional.empty(), Optional.empty(),
        Optional.empty(), "a/b", "none", Instant.EPOCH, Instant.EPOCH, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PayloadHeader(HEADER.id(), Optional.empty(), Optional.empty(),
        Optional.empty(), "a/b", "none", Instant.EPOCH, Instant.EPOCH.minusSeconds(1), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before createdAt");
  }

  @Test
  void aRecordWithoutSizesCannotBeBuilt() {
    assertThatThrownBy(() -> PayloadRecord.builder().id(HEADER.id()).createdAt(Instant.EPOCH)
        .expiresAt(Instant.EPOCH).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("required");
    assertThatThrownBy(() -> PayloadRecord.builder().originalSizeBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

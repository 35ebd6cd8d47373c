package io.payloadoffload.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.OffloadConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardPolicyTest {

  @Test
  void toBuilderKeepsEverySetting() {
    StandardPolicy p = RoutingPolicy.builder().enabled(false).thresholdBytes(10).toolThresholdBytes("t", 20)
        .maxPayloadBytes(100).maxInlineBytes(50).fallbackToInline(false).offloadContentType("Image/*")
        .tokenBudget(7).transportLimit(TransportLimit.jsonRpc(65_536)).build();
    StandardPolicy copy = p.toBuilder().build();
    assertThat(copy.enabled()).isFalse();
    assertThat(copy.thresholdBytes()).isEqualTo(10);
    assertThat(copy.toolThresholdBytes()).isEqualTo(Map.of("t", 20L));
    assertThat(copy.maxPayloadBytes()).isEqualTo(100);
    assertThat(copy.maxInlineBytes()).isEqualTo(50);
    assertThat(copy.fallbackToInline()).isFalse();
    assertThat(copy.offloadedContentTypes()).isEqualTo(List.of("image/*"));
    assertThat(copy.tokenBudget()).hasValue(7);
    assertThat(copy.transportLimit()).isEqualTo(p.transportLimit());
    assertThat(copy).hasToString(p.toString());
    assertThat(RoutingPolicy.builder().build().tokenBudget()).isEmpty();
  }

  @Test
  void anOffloadConfigKeepsItsRoutingSettingsInItsStandardPolicy() {
    OffloadConfig c = OffloadConfig.builder().enabled(false).thresholdBytes(10).maxPayloadBytes(100)
        .fallbackToInline(false).transportLimitBytes(65_536).tokenBudget(9).build();
    StandardPolicy p = (StandardPolicy) c.routingPolicy();
    assertThat(p.enabled()).isEqualTo(c.enabled()).isFalse();
    assertThat(p.thresholdBytes()).isEqualTo(c.thresholdBytes()).isEqualTo(10);
    assertThat(p.maxPayloadBytes()).isEqualTo(c.maxPayloadBytes()).isEqualTo(100);
    assertThat(p.maxInlineBytes()).isEqualTo(c.maxInlineBytes()).isEqualTo(100);
    assertThat(p.fallbackToInline()).isEqualTo(c.fallbackToInline()).isFalse();
    assertThat(p.transportLimit()).contains(TransportLimit.jsonRpc(65_536));
    assertThat(p.tokenBudget()).isEqualTo(c.tokenBudget()).hasValue(9);
    assertThat(c.toBuilder().build().routingPolicy()).hasToString(p.toString());
  }
}

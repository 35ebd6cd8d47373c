package io.payloadoffload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OffloadContextTest {

  @Test
  void eachWithMethodReturnsANewContextAndLeavesTheOriginalUnchanged() {
    OffloadContext base = OffloadContext.of("s-1", "analyze");
    OffloadContext full = base.withProviderName("p").withContentType("text/plain").withMetadata(Map.of("k", "v"));
    assertThat(base).isEqualTo(new OffloadContext(Optional.of("s-1"), Optional.of("analyze"), Optional.empty(),
        Optional.empty(), Map.of()));
    assertThat(full.sessionId()).contains("s-1");
    assertThat(full.toolName()).contains("analyze");
    assertThat(full.providerName()).contains("p");
    assertThat(full.contentType()).contains("text/plain");
    assertThat(full.metadata()).containsExactly(Map.entry("k", "v"));
    assertThat(full.withContentType(null).contentType()).isEmpty();
    assertThat(OffloadContext.of(null, null)).isEqualTo(OffloadContext.empty());
  }

  @Test
  void metadataIsCopiedAndNullsAreRejectedByName() {
    java.util.HashMap<String, String> meta = new java.util.HashMap<>(Map.of("k", "v"));
    OffloadContext c = OffloadContext.empty().withMetadata(meta);
    meta.put("k2", "v2");
    assertThat(c.metadata()).containsOnlyKeys("k");
    java.util.HashMap<String, String> nullValue = new java.util.HashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> OffloadContext.empty().withMetadata(nullValue)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new OffloadContext(null, Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("sessionId");
  }

  @Test
  void toStringNamesMetadataKeysButNotTheirValues() {
    OffloadContext c = OffloadContext.of("s-1", "t").withMetadata(Map.of("user", "secret-value"));
    assertThat(c.toString()).contains("s-1").contains("user").doesNotContain("secret-value");
  }
}

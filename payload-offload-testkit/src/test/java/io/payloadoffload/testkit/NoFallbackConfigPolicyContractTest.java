package io.payloadoffload.testkit;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.codec.Compression;

/** A configuration without inline fallback keeps the contract. */
class NoFallbackConfigPolicyContractTest extends ConfigPolicyContract {
  @Override
  OffloadConfig config() {
    return OffloadConfig.builder().thresholdBytes(4_096).maxPayloadBytes(65_536).fallbackToInline(false)
        .compression(Compression.NONE).build();
  }
}

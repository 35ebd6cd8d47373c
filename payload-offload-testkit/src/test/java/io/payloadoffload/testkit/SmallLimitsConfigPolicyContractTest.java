package io.payloadoffload.testkit;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.codec.Compression;

/**
 * A configuration with small limits, a transport limit and a token budget keeps the contract; its
 * threshold is small enough that streams are decided on their first bytes.
 */
class SmallLimitsConfigPolicyContractTest extends ConfigPolicyContract {
  @Override
  OffloadConfig config() {
    return OffloadConfig.builder().thresholdBytes(2_000).maxPayloadBytes(100_000).maxInlineBytes(30_000)
        .transportLimitBytes(16_384).tokenBudget(1_200).compression(Compression.GZIP).build();
  }
}

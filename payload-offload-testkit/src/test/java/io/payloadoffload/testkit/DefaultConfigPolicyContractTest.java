package io.payloadoffload.testkit;

import io.payloadoffload.OffloadConfig;

/** The default configuration's policy keeps the contract. */
class DefaultConfigPolicyContractTest extends ConfigPolicyContract {
  @Override
  OffloadConfig config() {
    return OffloadConfig.defaults();
  }
}

package io.payloadoffload.testkit;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.spi.PayloadStore;

/** {@link InMemoryPayloadStore} passes the store contract. */
class InMemoryPayloadStoreCompatibilityTest extends PayloadStoreCompatibilityKit {

  /** Room for the kit's 16 MiB payload plus 160 concurrent payloads of up to 256 KiB. */
  private static final long MAX_TOTAL_BYTES = 128L * MIB;

  @Override
  protected PayloadStore createStore() {
    return new InMemoryPayloadStore(MAX_TOTAL_BYTES);
  }
}

package io.payloadoffload.testkit;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.spi.ForwardingPayloadStore;
import io.payloadoffload.spi.PayloadStore;

/** A {@link ForwardingPayloadStore} that overrides nothing keeps its delegate's contract. */
class ForwardingPayloadStoreCompatibilityTest extends PayloadStoreCompatibilityKit {

  @Override
  protected PayloadStore createStore() {
    return new ForwardingPayloadStore(new InMemoryPayloadStore(128L * MIB)) {};
  }
}

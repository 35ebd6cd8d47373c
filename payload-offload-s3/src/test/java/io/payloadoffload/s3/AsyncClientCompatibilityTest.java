package io.payloadoffload.s3;

import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.testkit.PayloadStoreCompatibilityKit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link S3PayloadStore} on an {@code S3AsyncClient} of the caller's (Netty) passes the store contract
 * against s3proxy, with the part settings of {@link S3PayloadStoreCompatibilityTest}.
 */
class AsyncClientCompatibilityTest extends PayloadStoreCompatibilityKit {
  @RegisterExtension
  static final S3ProxyServer server = S3ProxyServer.withAsyncClients();

  @Override
  protected PayloadStore createStore() {
    return server.storeBuilder().partSizeBytes(S3PayloadStore.MIN_PART_SIZE_BYTES).uploadConcurrency(2).build();
  }
}

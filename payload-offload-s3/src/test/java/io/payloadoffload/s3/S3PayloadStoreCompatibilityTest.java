package io.payloadoffload.s3;

import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.testkit.PayloadStoreCompatibilityKit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link S3PayloadStore} passes the store contract against s3proxy, each test under a key prefix of
 * its own. Parts of the smallest size and two in flight, so the kit's 16 MiB payload is a multipart
 * upload with parts queued behind the limit.
 */
class S3PayloadStoreCompatibilityTest extends PayloadStoreCompatibilityKit {
  @RegisterExtension
  static final S3ProxyServer server = new S3ProxyServer();

  @Override
  protected PayloadStore createStore() {
    return server.storeBuilder().partSizeBytes(S3PayloadStore.MIN_PART_SIZE_BYTES).uploadConcurrency(2).build();
  }
}

package io.payloadoffload.s3;

import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.newId;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.recordFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The fault scenarios on stores that run on an {@code S3AsyncClient} of the caller's (Netty). */
class AsyncClientFaultTest extends S3FaultScenarios {
  @RegisterExtension
  static final S3ProxyServer SERVER = S3ProxyServer.withAsyncClients();

  @Override
  S3ProxyServer server() {
    return SERVER;
  }

  @Test
  void closingTheStoreLeavesTheCallersAsyncClientOpen() {
    try (S3AsyncClient client = SERVER.asyncClientBuilder().build()) {
      S3PayloadStore store = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("shared-client")
          .asyncClient(client).build();
      PayloadRecord record = recordFor(newId(), new byte[] {1, 2, 3}).build();
      store.put(PayloadBody.of(record, new byte[] {1, 2, 3}));
      store.close();

      assertThat(client.listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix("shared-client/records/"))
          .join().contents()).as("records listed on the client after the store closed").hasSize(1);
    }
  }
}

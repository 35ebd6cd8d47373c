package io.payloadoffload.s3;

import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.newId;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.randomBytes;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.recordFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** {@code open} reads the record object only; the payload's bytes are fetched on the stream's first read. */
class OpenReadsNoPayloadByteTest {
  @RegisterExtension
  static final S3ProxyServer server = new S3ProxyServer();

  @Test
  void openGetsOnlyTheRecordAndTheStreamGetsTheDataOnItsFirstRead() throws IOException {
    List<String> gets = new CopyOnWriteArrayList<>();
    try (S3Client s3 = server.client();
        S3PayloadStore store = server.storeBuilder().keyPrefix("lazy").build();
        S3PayloadStore watched = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("lazy")
            .client(recordingGets(s3, gets)).build()) {
      byte[] bytes = randomBytes(new Random(31), 200_000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));

      StoredPayload stored = watched.open(record.id()).orElseThrow();
      assertThat(gets).as("GETs of open").containsExactly("lazy/records/" + record.id());
      try (InputStream in = stored.openStream()) {
        assertThat(gets).as("GETs once the stream is opened, before a read").hasSize(1);
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(gets).as("GETs after the read").hasSize(2);
      assertThat(gets.get(1)).startsWith("lazy/data/" + record.id() + "/");
    }
  }

  /** The client, noting the key of every GetObject. */
  private static S3Client recordingGets(S3Client s3, List<String> gets) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().startsWith("getObject") && args != null && args[0] instanceof GetObjectRequest) {
            gets.add(((GetObjectRequest) args[0]).key());
          }
          try {
            return method.invoke(s3, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}

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
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code open} reads a payload's record and no byte of the payload: a single object up to the end of
 * its header, on the one GET that the stream then goes on reading; a multipart layout's record object
 * alone, the data object being fetched on the stream's first read.
 */
class OpenReadsNoPayloadByteTest {
  private static final int MIB = 1024 * 1024;

  @RegisterExtension
  static final S3ProxyServer server = new S3ProxyServer();

  @Test
  void openOfASingleObjectReadsItsHeaderOnlyAndTheStreamFetchesTheBytesWithARangedGet() throws IOException {
    assertSingleObjectRead(false);
  }

  @Test
  void openForReadingOfASingleObjectReadsItsHeaderOnlyAndTheStreamGoesOnOnTheSameGet() throws IOException {
    assertSingleObjectRead(true);
  }

  private void assertSingleObjectRead(boolean forReading) throws IOException {
    RequestLog log = new RequestLog();
    try (S3Client s3 = server.clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(log)).build();
        S3Client raw = server.client();
        S3PayloadStore store = server.storeBuilder().keyPrefix("lazy-single").build();
        S3PayloadStore watched = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("lazy-single")
            .client(s3).build()) {
      byte[] bytes = randomBytes(new Random(31), 200_000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));
      String key = "lazy-single/records/" + record.id();
      long objectBytes = raw.headObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key)).contentLength();

      StoredPayload stored = forReading
          ? watched.openForReading(record.id(), record.sessionId().orElseThrow(), Instant.now()).orElseThrow()
          : watched.open(record.id()).orElseThrow();
      assertThat(log.gets).as("GETs of open").containsExactly(key);
      assertThat(log.bytesRead.get()).as("bytes open read: the header, no payload byte")
          .isEqualTo(objectBytes - bytes.length);
      try (InputStream in = stored.openStream()) {
        assertThat(log.bytesRead.get()).as("bytes read once the stream is opened, before a read")
            .isEqualTo(objectBytes - bytes.length);
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      if (forReading) {
        assertThat(log.gets).as("GETs after the read: the open's, read on").containsExactly(key);
      } else {
        assertThat(log.gets).as("GETs after the read: the open's, then the stream's ranged one")
            .containsExactly(key, key);
      }
    }
  }

  @Test
  void openOfAMultipartPayloadGetsOnlyTheRecordAndTheStreamGetsTheDataOnItsFirstRead() throws IOException {
    RequestLog log = new RequestLog();
    try (S3Client s3 = server.clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(log)).build();
        S3PayloadStore store = server.storeBuilder().keyPrefix("lazy-multipart")
            .partSizeBytes(S3PayloadStore.MIN_PART_SIZE_BYTES).build();
        S3PayloadStore watched = S3PayloadStore.builder().bucket(S3ProxyServer.BUCKET).keyPrefix("lazy-multipart")
            .client(s3).build()) {
      byte[] bytes = randomBytes(new Random(32), 6 * MIB);
      PayloadRecord record = recordFor(newId(), bytes).build();
      store.put(PayloadBody.of(record, bytes));

      StoredPayload stored = watched.open(record.id()).orElseThrow();
      assertThat(log.gets).as("GETs of open").containsExactly("lazy-multipart/records/" + record.id());
      try (InputStream in = stored.openStream()) {
        assertThat(log.gets).as("GETs once the stream is opened, before a read").hasSize(1);
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(log.gets).as("GETs after the read").hasSize(2);
      assertThat(log.gets.get(1)).startsWith("lazy-multipart/data/" + record.id() + "/");
    }
  }
}

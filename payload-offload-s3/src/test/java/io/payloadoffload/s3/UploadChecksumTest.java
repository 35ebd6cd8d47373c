package io.payloadoffload.s3;

import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.newId;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.randomBytes;
import static io.payloadoffload.testkit.PayloadStoreCompatibilityKit.recordFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What s3proxy 2.6.0 accepts of the two upload checksum modes (docs/s3.md has the other servers). */
class UploadChecksumTest {
  private static final int MIB = 1024 * 1024;

  @RegisterExtension
  static final S3ProxyServer server = new S3ProxyServer();

  @Test
  void contentMd5RoundTripsSingleAndMultipartUploads() throws IOException {
    try (S3PayloadStore store = server.storeBuilder().uploadChecksum(S3PayloadStore.UploadChecksum.CONTENT_MD5)
        .partSizeBytes(5 * MIB).build()) {
      for (int size : new int[] {1000, 12 * MIB + 7}) {
        byte[] bytes = randomBytes(new Random(size), size);
        PayloadRecord record = recordFor(newId(), bytes).build();
        store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
        try (InputStream in = store.open(record.id()).orElseThrow().openStream()) {
          assertThat(in.readAllBytes()).as("%d bytes", size).isEqualTo(bytes);
        }
      }
    }
  }

  /**
   * With the SDK's flexible checksums on (trailing, aws-chunked), s3proxy 2.6.0 refuses the first
   * PutObject with 400 XAmzContentSHA256Mismatch; reads that ask for checksums get 501 NotImplemented.
   */
  @Test
  void crc32cChecksumsAreRejectedByS3proxy() {
    try (S3PayloadStore store = server.storeBuilder().uploadChecksum(S3PayloadStore.UploadChecksum.CRC32C).build()) {
      byte[] bytes = randomBytes(new Random(1), 1000);
      PayloadRecord record = recordFor(newId(), bytes).build();
      assertThatThrownBy(() -> store.put(PayloadBody.of(record, bytes)))
          .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 400", "XAmzContentSHA256Mismatch");
          });
    }
  }
}

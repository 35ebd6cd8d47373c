package io.payloadoffload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payloadoffload.exception.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The builder checks each setting when it is set and the combination when it builds. */
class S3PayloadStoreBuilderTest {

  @Test
  void aStoreWithoutBucketIsAConfigurationError() {
    assertThatThrownBy(() -> S3PayloadStore.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("bucket is required");
  }

  @Test
  void aClientTogetherWithEndpointOrRegionIsAConfigurationError() {
    try (S3Client client = S3Client.builder().region(Region.US_EAST_1).build()) {
      assertThatThrownBy(() -> S3PayloadStore.builder().bucket("b").client(client)
          .endpointOverride(URI.create("http://127.0.0.1:9000")).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("belong to that client");
    }
  }

  @Test
  void anAsyncClientTogetherWithAClientOrWithCredentialsIsAConfigurationError() {
    try (S3Client client = S3Client.builder().region(Region.US_EAST_1).build();
        S3AsyncClient async = S3AsyncClient.builder().region(Region.US_EAST_1).build()) {
      assertThatThrownBy(() -> S3PayloadStore.builder().bucket("b").client(client).asyncClient(async).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("client and asyncClient are both set");
      assertThatThrownBy(() -> S3PayloadStore.builder().bucket("b").asyncClient(async)
          .credentialsProvider(AnonymousCredentialsProvider.create()).pathStyleAccess(true).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("asyncClient is set").hasMessageContaining("belong to that client");
      assertThatThrownBy(() -> S3PayloadStore.builder().asyncClient(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("asyncClient");
    }
  }

  @Test
  void aStoreOnAnAsyncClientDefaultsToContentMd5() {
    try (S3AsyncClient async = S3AsyncClient.builder().region(Region.US_EAST_1).build();
        S3PayloadStore store = S3PayloadStore.builder().bucket("b").asyncClient(async).build()) {
      assertThat(store.uploadChecksum()).isEqualTo(S3PayloadStore.UploadChecksum.CONTENT_MD5);
    }
  }

  @Test
  void outOfRangeSettingsFailWhenSet() {
    S3PayloadStore.Builder b = S3PayloadStore.builder();
    assertThatThrownBy(() -> b.partSizeBytes(S3PayloadStore.MIN_PART_SIZE_BYTES - 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSizeBytes");
    assertThatThrownBy(() -> b.partSizeBytes(S3PayloadStore.MAX_PART_SIZE_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSizeBytes");
    assertThatThrownBy(() -> b.uploadConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploadConcurrency");
    assertThatThrownBy(() -> b.uploadConcurrency(65))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploadConcurrency");
    assertThatThrownBy(() -> b.keyPrefix("/abs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> b.endpointOverride(URI.create("ftp://host")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> b.bucket(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
  }

  @Test
  void theUploadChecksumDefaultsToCrc32cOnAwsAndContentMd5Elsewhere() {
    try (S3PayloadStore aws = S3PayloadStore.builder().bucket("b").region("eu-west-1").build();
        S3PayloadStore compatible = S3PayloadStore.builder().bucket("b")
            .endpointOverride(URI.create("http://127.0.0.1:9000")).build();
        S3PayloadStore chosen = S3PayloadStore.builder().bucket("b")
            .endpointOverride(URI.create("http://127.0.0.1:9000"))
            .uploadChecksum(S3PayloadStore.UploadChecksum.CRC32C).build()) {
      assertThat(aws.uploadChecksum()).isEqualTo(S3PayloadStore.UploadChecksum.CRC32C);
      assertThat(compatible.uploadChecksum()).isEqualTo(S3PayloadStore.UploadChecksum.CONTENT_MD5);
      assertThat(chosen.uploadChecksum()).isEqualTo(S3PayloadStore.UploadChecksum.CRC32C);
    }
  }
}

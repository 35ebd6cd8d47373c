package io.payloadoffload.benchmarks;

import io.payloadoffload.s3.S3PayloadStore;
import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy 2.6.0 in this JVM, on loopback, over jclouds' transient (in-memory) blobstore, with one
 * bucket: the S3 server both S3 paths write to. In memory rather than on disk, so that the disk of a
 * shared machine adds no noise to either path. Not thread-safe to start or close; its clients are.
 */
public final class BenchS3 implements AutoCloseable {
  /** The bucket. */
  public static final String BUCKET = "bench";
  static final String ACCESS_KEY = "bench-access-key";
  static final String SECRET_KEY = "bench-secret-key-not-a-real-one";
  /** What {@code S3Proxy.getState()} says once Jetty listens. */
  private static final String STARTED = "STARTED";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private BenchS3(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.client = client(endpoint);
  }

  /**
   * Starts s3proxy on a free port and creates the bucket.
   *
   * @return the running server
   */
  public static BenchS3 start() {
    try {
      BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
          .build(BlobStoreContext.class);
      S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          .build();
      proxy.start();
      while (!STARTED.equals(proxy.getState())) {
        Thread.sleep(1);
      }
      BenchS3 s3 = new BenchS3(context, proxy);
      s3.client.createBucket(b -> b.bucket(BUCKET));
      return s3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting s3proxy", e);
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start: " + e.getMessage(), e);
    }
  }

  /**
   * The server's address.
   *
   * @return {@code http://127.0.0.1:port}
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * A client with the settings s3proxy needs (path style, checksums only when required); shared,
   * closed by {@link #close()}.
   *
   * @return the client
   */
  public S3Client client() {
    return client;
  }

  /**
   * A store builder for this server: bucket, endpoint, path style and credentials set.
   *
   * @param keyPrefix the store's key prefix
   * @return the builder
   */
  public S3PayloadStore.Builder storeBuilder(String keyPrefix) {
    return storeBuilder(endpoint, keyPrefix);
  }

  static S3PayloadStore.Builder storeBuilder(URI endpoint, String keyPrefix) {
    return S3PayloadStore.builder().bucket(BUCKET).keyPrefix(keyPrefix).endpointOverride(endpoint)
        .pathStyleAccess(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  /**
   * Deletes every object of the bucket, between payload sizes. One DeleteObject per key: the SDK sends
   * DeleteObjects with a CRC32 checksum header, which s3proxy 2.6.0 refuses (501 NotImplemented).
   */
  public void clear() {
    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
      client.deleteObject(b -> b.bucket(BUCKET).key(o.key()));
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop: " + e.getMessage(), e);
    } finally {
      context.close();
    }
  }

  private static S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }
}

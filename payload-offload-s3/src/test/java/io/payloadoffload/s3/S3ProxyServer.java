package io.payloadoffload.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * s3proxy, in this JVM, on loopback, over jclouds' filesystem blobstore in a temporary directory, with
 * AWS signature v4 authentication. One bucket; each store gets a key prefix of its own, so tests
 * sharing the server do not see each other's payloads or expiry markers.
 */
final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {
  static final String BUCKET = "payloads";
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key-not-a-real-one";
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private String owner;
  private Path dir;
  private S3Proxy proxy;
  private BlobStoreContext context;
  private URI endpoint;

  @Override
  public void beforeAll(ExtensionContext extension) throws Exception {
    if (owner != null) {
      return; // a @Nested class of the class that started it
    }
    owner = extension.getUniqueId();
    dir = Files.createTempDirectory("s3proxy");
    start(0);
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
  }

  /**
   * Starts the server, on a port of its choosing (0) or on the given one.
   *
   * @param port the port, or 0
   */
  void start(int port) throws Exception {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
        .overrides(props).build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.sleep(1);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Stops the server; the files stay, so {@link #start(int)} on the same port brings it back. */
  void stop() throws Exception {
    proxy.stop();
    context.close();
  }

  int port() {
    return proxy.getPort();
  }

  /** The directory holding the bucket's files. */
  Path bucketDir() {
    return dir.resolve(BUCKET);
  }

  @Override
  public void afterAll(ExtensionContext extension) throws Exception {
    if (!extension.getUniqueId().equals(owner)) {
      return;
    }
    owner = null;
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * A builder for a store on this server, under a key prefix of its own.
   *
   * @return the builder, with bucket, endpoint, path style and credentials set
   */
  S3PayloadStore.Builder storeBuilder() {
    return S3PayloadStore.builder()
        .bucket(BUCKET)
        .keyPrefix("store-" + PREFIXES.incrementAndGet())
        .endpointOverride(endpoint)
        .pathStyleAccess(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  /** A raw client, for tests that inspect or damage objects; the caller closes it. */
  S3Client client() {
    return clientBuilder().build();
  }

  /** A builder for a raw client of this server, for tests that change how its requests go. */
  S3ClientBuilder clientBuilder() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }
}

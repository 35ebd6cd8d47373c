package io.payloadoffload.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * s3proxy, in this JVM, on loopback, over jclouds' filesystem blobstore in a temporary directory, with
 * AWS signature v4 authentication. One bucket; each store gets a key prefix of its own, so tests
 * sharing the server do not see each other's payloads or expiry markers.
 *
 * <p>Stores come in one of two kinds: built by the store from endpoint and credentials (or, for tests
 * that change how requests go, on a synchronous client of this server), or, from
 * {@link #withAsyncClients()}, on an {@code S3AsyncClient} (Netty) of this server. The server closes
 * the clients it built when it stops for good.
 */
final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {
  static final String BUCKET = "payloads";
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key-not-a-real-one";
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private final boolean asyncClients;
  private final List<SdkAutoCloseable> clients = new ArrayList<>();

  private String owner;
  private Path dir;
  private S3Proxy proxy;
  private BlobStoreContext context;
  private URI endpoint;

  /** A server whose stores build their own synchronous client. */
  S3ProxyServer() {
    this(false);
  }

  private S3ProxyServer(boolean asyncClients) {
    this.asyncClients = asyncClients;
  }

  /** A server whose stores run on an async client of this server, passed with {@code asyncClient}. */
  static S3ProxyServer withAsyncClients() {
    return new S3ProxyServer(true);
  }

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
    clients.forEach(SdkAutoCloseable::close);
    clients.clear();
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
   * @return the builder, with bucket and key prefix set, and endpoint, path style and credentials or
   *     an async client
   */
  S3PayloadStore.Builder storeBuilder() {
    return storeBuilder(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  /**
   * A builder for a store on this server that signs with the given credentials.
   *
   * @param credentials the credentials, right or wrong
   * @return the builder
   */
  S3PayloadStore.Builder storeBuilder(AwsCredentialsProvider credentials) {
    S3PayloadStore.Builder store = S3PayloadStore.builder().bucket(BUCKET).keyPrefix("store-" + PREFIXES.incrementAndGet());
    if (asyncClients) {
      return store.asyncClient(track(asyncClientBuilder().credentialsProvider(credentials).build()));
    }
    return store.endpointOverride(endpoint).pathStyleAccess(true).credentialsProvider(credentials);
  }

  /**
   * A builder for a store on a client of this server whose requests pass the interceptor: a
   * synchronous client passed with {@code client}, or an async one with {@code asyncClient}.
   *
   * @param interceptor sees, changes or fails each request of the store
   * @return the builder
   */
  S3PayloadStore.Builder storeBuilder(ExecutionInterceptor interceptor) {
    S3PayloadStore.Builder store = S3PayloadStore.builder().bucket(BUCKET).keyPrefix("store-" + PREFIXES.incrementAndGet());
    if (asyncClients) {
      return store.asyncClient(track(asyncClientBuilder()
          .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor)).build()));
    }
    return store.client(track(clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(interceptor)).build()));
  }

  private synchronized <C extends SdkAutoCloseable> C track(C client) {
    clients.add(client);
    return client;
  }

  /** A raw client, for tests that inspect or damage objects; the caller closes it. */
  S3Client client() {
    return clientBuilder().build();
  }

  /**
   * A builder for an async client of this server on Netty, with the checksum settings an S3-compatible
   * server needs.
   */
  S3AsyncClientBuilder asyncClientBuilder() {
    return ofThisServer(S3AsyncClient.builder().httpClientBuilder(NettyNioAsyncHttpClient.builder()));
  }

  /** A builder for a raw client of this server, for tests that change how its requests go. */
  S3ClientBuilder clientBuilder() {
    return ofThisServer(S3Client.builder());
  }

  private <B extends S3BaseClientBuilder<B, C>, C> B ofThisServer(B builder) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }
}

package io.payloadoffload.benchmarks;

import io.payloadoffload.s3.S3PayloadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy 2.6.0 in a child JVM, on loopback, over jclouds' transient (in-memory) blobstore, with one
 * bucket: the S3 server both S3 paths write to. In memory rather than on disk, so that the disk of a
 * shared machine adds no noise to either path. In a child JVM because s3proxy is built on Jetty 11 and
 * Servlet 5, whose packages are Jetty 12's, and the HTTP fetch comparison runs Jetty 12 in this JVM;
 * Maven resolves s3proxy as a plugin dependency and writes its class path to the file the
 * {@code s3proxy.classpath} system property names. Not thread-safe to start or close; its clients are.
 */
public final class BenchS3 implements AutoCloseable {
  /** The bucket. */
  public static final String BUCKET = "bench";
  static final String ACCESS_KEY = "bench-access-key";
  static final String SECRET_KEY = "bench-secret-key-not-a-real-one";
  /** The child's heap: the transient blobstore holds every stored object, up to the 1 GiB stream's. */
  private static final String CHILD_HEAP = "-Xmx3g";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final Path dir;
  private final URI endpoint;
  private final S3Client client;

  private BenchS3(Process process, Path dir, URI endpoint) {
    this.process = process;
    this.dir = dir;
    this.endpoint = endpoint;
    this.client = client(endpoint);
  }

  /**
   * Starts s3proxy on a free port, waits until it answers, and creates the bucket. A port taken between
   * choosing and binding it makes the child exit; then another port is tried, up to three times.
   *
   * @return the running server
   */
  public static BenchS3 start() {
    try {
      String classpath = classpath();
      Path dir = Files.createTempDirectory("bench-s3proxy");
      IllegalStateException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
          port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = dir.resolve("s3proxy-" + attempt + ".properties");
        Files.writeString(properties, String.join("\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=transient",
            "jclouds.identity=identity",
            "jclouds.credential=credential"), StandardCharsets.UTF_8);
        Path log = dir.resolve("s3proxy-" + attempt + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            CHILD_HEAP, "-cp", classpath, "org.gaul.s3proxy.Main", "--properties", properties.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchS3 s3 = new BenchS3(process, dir, endpoint);
        try {
          s3.awaitAnswer(log);
          s3.client.createBucket(b -> b.bucket(BUCKET));
          return s3;
        } catch (IllegalStateException e) {
          s3.close();
          last = e;
        }
      }
      throw last;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting s3proxy", e);
    } catch (IOException e) {
      throw new UncheckedIOException("s3proxy did not start: " + e.getMessage(), e);
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

  /** Stops the child (politely, then forcibly after ten seconds) and deletes its files. */
  @Override
  public void close() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("s3proxy's files in " + dir + " could not be deleted", e);
    }
  }

  /** Polls until any HTTP answer comes (an anonymous request gets 403), the child exits or time is up. */
  private void awaitAnswer(Path log) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).GET().build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited with status " + process.exitValue() + " before"
            + " answering on " + endpoint + ": " + tail(log));
      }
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("s3proxy did not answer on " + endpoint + " within " + START_TIMEOUT
        + ": " + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(its output could not be read: " + e.getMessage() + ")";
    }
  }

  private static String classpath() throws IOException {
    String file = System.getProperty("s3proxy.classpath");
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalStateException("s3proxy's class path file is missing (system property"
          + " s3proxy.classpath = " + file + "); run the benchmarks through Maven, which writes it");
    }
    return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
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

package io.payloadoffload.examples;

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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy 2.6.0 in a child JVM, on loopback, over jclouds' filesystem blobstore in a directory of the
 * caller's, with AWS signature v4 authentication.
 *
 * <p>A child JVM rather than this one: s3proxy is built on Jetty 11 and Servlet 5, the example on
 * Jetty 12 with the same package names. Maven resolves s3proxy as a plugin dependency of the
 * examples' antrun plugin (apart from the example's own dependencies), and writes its class path to
 * the file named by the {@code s3proxy.classpath} system property. In its own process s3proxy shares
 * no class, static state (logging, JUL, service loaders) or thread with the server under test, and
 * {@link #close()} ends all of it: the process is destroyed, forcibly if it does not stop in time.
 */
final class S3ProxyProcess implements AutoCloseable {
  static final String ACCESS_KEY = "example-access-key";
  static final String SECRET_KEY = "example-secret-key-not-a-real-one";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private S3ProxyProcess(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /**
   * Starts s3proxy on a free port and waits until it answers HTTP. A port taken between choosing and
   * binding it makes the child exit; then another port is tried, up to three times.
   *
   * @param dir an empty directory for the blobstore, the properties and the child's output
   */
  static S3ProxyProcess start(Path dir) throws IOException, InterruptedException {
    String classpath = classpath();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int port = freePort();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      Path properties = dir.resolve("s3proxy-" + attempt + ".properties");
      Files.writeString(properties, String.join("\n",
          "s3proxy.endpoint=" + endpoint,
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + ACCESS_KEY,
          "s3proxy.credential=" + SECRET_KEY,
          "jclouds.provider=filesystem",
          "jclouds.filesystem.basedir=" + dir.resolve("blobs")), StandardCharsets.UTF_8);
      Path log = dir.resolve("s3proxy-" + attempt + ".log");
      Process process = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-cp", classpath,
          "org.gaul.s3proxy.Main", "--properties", properties.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      S3ProxyProcess proxy = new S3ProxyProcess(process, endpoint, log);
      try {
        proxy.awaitAnswer();
        return proxy;
      } catch (IllegalStateException e) {
        proxy.close();
        last = e;
      }
    }
    throw last;
  }

  URI endpoint() {
    return endpoint;
  }

  /** A client for setting up and inspecting the bucket; the caller closes it. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Stops the child: politely, then forcibly after ten seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Polls until any HTTP answer comes (an anonymous request gets 403), the child exits or time is up. */
  private void awaitAnswer() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).GET().build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited with status " + process.exitValue() + " before"
            + " answering on " + endpoint + ": " + output());
      }
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("s3proxy did not answer on " + endpoint + " within " + START_TIMEOUT
        + ": " + output());
  }

  private String output() {
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
          + " s3proxy.classpath='" + file + "'): run the test through Maven, whose process-test-classes"
          + " phase writes it");
    }
    return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }
}

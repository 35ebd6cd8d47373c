package io.payloadoffload.http;

import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A {@link PayloadServlet} in an embedded Jetty 12 (ee10) on a free loopback port, over a store, with
 * an offloader that writes to the same store. Requests go through the JDK's HTTP client, which sends
 * no {@code Accept-Encoding} unless a test does.
 */
final class ServletServer implements AutoCloseable {
  /** How long a test waits for an answer: far more than a healthy server takes. */
  static final Duration PROMPT = Duration.ofSeconds(60);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final PayloadStore store;
  final PayloadResolver resolver;
  private final Server jetty;
  private final int port;

  private ServletServer(PayloadStore store, UnaryOperator<PayloadServlet.Builder> settings) throws Exception {
    this.store = store;
    this.resolver = PayloadResolver.builder().store(store).build();
    this.jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(settings.apply(PayloadServlet.builder().resolver(resolver)).build()),
        PayloadServlet.DEFAULT_MAPPING);
    jetty.setHandler(context);
    jetty.start();
    this.port = connector.getLocalPort();
  }

  static ServletServer start() throws Exception {
    return start(new InMemoryPayloadStore(), b -> b);
  }

  static ServletServer start(PayloadStore store, UnaryOperator<PayloadServlet.Builder> settings) throws Exception {
    return new ServletServer(store, settings);
  }

  /** Offloads a payload for a session with the given compression and checksum; always to the store. */
  PayloadEnvelope offload(byte[] payload, String session, Compression compression, ChecksumAlgorithm checksum) {
    return offload(payload, session, compression, checksum, Clock.systemUTC());
  }

  PayloadEnvelope offload(byte[] payload, String session, Compression compression, ChecksumAlgorithm checksum,
      Clock clock) {
    OffloadConfig config = OffloadConfig.builder().thresholdBytes(0).compression(compression)
        .checksumAlgorithm(checksum).ttl(Duration.ofHours(1)).build();
    try (PayloadOffloader offloader = PayloadOffloader.builder().store(store).config(config).clock(clock).build()) {
      return offloader.offload(payload, OffloadContext.of(session, "t")
          .withContentType("application/json")).envelope();
    }
  }

  String path(PayloadEnvelope envelope) {
    return "/payloads/" + envelope.transactionId();
  }

  /** Sends a request with header name/value pairs; the body is read whole. */
  HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
    return CLIENT.send(request(method, path, headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a GET and returns the response with its body as a stream the caller reads and closes. */
  HttpResponse<InputStream> stream(String path, String... headers) throws Exception {
    return CLIENT.send(request("GET", path, headers), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpRequest request(String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(PROMPT);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    resolver.close();
    store.close();
  }
}

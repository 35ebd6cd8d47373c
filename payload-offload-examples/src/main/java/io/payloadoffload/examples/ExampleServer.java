package io.payloadoffload.examples;

import io.payloadoffload.exception.ConfigurationException;
import io.payloadoffload.ExpirySweeper;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadListener;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.http.PayloadServlet;
import io.payloadoffload.postgres.PostgresPayloadStore;
import io.payloadoffload.s3.S3PayloadStore;
import io.payloadoffload.spi.PayloadStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal WebSocket tool server that offloads large results: JSON-RPC 2.0 {@code tools/call} over
 * {@code ws://host:port/ws}, payload fetches over {@code GET /payloads/{txn_id}}, and a browser page at
 * {@code /}. Built on Jetty 12's core (non-servlet) WebSocket server. The same tool is served over MCP's
 * Streamable HTTP transport at {@code /mcp} ({@link #mcpUri()}), on the same store.
 *
 * <p>Start it from the command line with {@link #main}, from code with {@link #run(Map)} (environment
 * variables; S3 when {@code S3_BUCKET} is set, else PostgreSQL at {@code DATABASE_URL}, else an embedded
 * PostgreSQL) or with
 * {@link #start(OffloadConfig, PayloadStore, String, int)} (your own store). Thread-safe;
 * {@link #close()} stops it.
 *
 * <p>Jetty's max text message size and max frame size are both set to the WebSocket message limit:
 * {@link OffloadConfig#transportLimitBytes()} when it is set ({@code MESSAGE_BUS_TRANSPORT_LIMIT_BYTES}),
 * else {@link #messageLimitBytes(long)} of {@link OffloadConfig#maxInlineBytes()} (the inline limit
 * plus room for JSON escaping and the JSON-RPC wrapper). The offloader's routing policy is built with
 * that real limit as its transport limit, so no result, inline or as a fallback, is routed into a
 * message the peer would refuse; every reply is still measured before it is sent, and one that is
 * larger gets a JSON-RPC error saying so.
 *
 * <p>An {@link ExpirySweeper} deletes expired payloads from the store every {@link #SWEEP_INTERVAL}
 * (or {@code SWEEP_INTERVAL_SECONDS} with {@link #run(Map)}) while the server runs; {@link #close()}
 * stops it before the store is closed.
 */
public final class ExampleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleServer.class);

  /** Default port when {@code PORT} is not set: {@value}. */
  public static final int DEFAULT_PORT = 8080;
  /** Default interface when {@code HOST} is not set: {@value} (this machine only). */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Room for the JSON-RPC wrapper around a tool result: {@value} bytes. */
  public static final long WRAPPER_ALLOWANCE_BYTES = 64 * 1024;
  /**
   * Room for JSON escaping, as a fraction of the inline limit: one eighth. Each newline, quote or
   * backslash grows by one byte when the result becomes a JSON string; one in eight bytes covers text
   * with short lines and JSON inside JSON.
   */
  public static final int ESCAPING_ALLOWANCE_DIVISOR = 8;
  /** Where payloads are fetched: {@value}, then the transaction id ({@link PayloadServlet}). */
  public static final String PAYLOADS_PATH = "/payloads/";
  /** The WebSocket path: {@value}. */
  public static final String WEBSOCKET_PATH = "/ws";
  /** How long an idle WebSocket stays open: 10 minutes. */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
  /**
   * How often expired payloads are deleted when {@code SWEEP_INTERVAL_SECONDS} is not set: every 5
   * minutes ({@link ExpirySweeper#DEFAULT_INTERVAL}), a few thousand rows at most for a busy server.
   */
  public static final Duration SWEEP_INTERVAL = ExpirySweeper.DEFAULT_INTERVAL;
  private static final int WORKER_THREADS = 16;

  private final Server jetty;
  private final ServerConnector connector;
  private final ExecutorService workers;
  private final PayloadOffloader offloader;
  private final PayloadResolver resolver;
  private final OffloadCounts counts;
  private final McpEndpoint mcp;
  private final ExpirySweeper sweeper;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  private ExampleServer(OffloadConfig config, PayloadStore store, String host, int port,
      OffloadListener listener, Duration sweepInterval) {
    this.counts = new OffloadCounts();
    this.sweeper = ExpirySweeper.builder().store(store).interval(sweepInterval).build();
    this.workers = Executors.newFixedThreadPool(WORKER_THREADS, workerThreads());
    long messageLimit = config.transportLimitBytes().orElse(messageLimitBytes(config.maxInlineBytes()));
    this.offloader = PayloadOffloader.builder().store(store)
        .config(config.toBuilder().transportLimitBytes(messageLimit).build()).listener(counts)
        .listener(listener).executor(workers).build();
    this.resolver = PayloadResolver.builder().store(store).listener(counts).listener(listener)
        .executor(workers).build();

    this.jetty = new Server();
    this.connector = new ServerConnector(jetty);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder("payloads", PayloadServlet.builder().resolver(resolver).build()),
        PayloadServlet.DEFAULT_MAPPING);
    context.addServlet(new ServletHolder("page", new PageServlet()), "/");
    WebSocketUpgradeHandler webSocket = WebSocketUpgradeHandler.from(jetty, context, container -> {
      container.setMaxTextMessageSize(messageLimit);
      container.setMaxFrameSize(messageLimit);
      container.setIdleTimeout(IDLE_TIMEOUT);
      container.addMapping(WEBSOCKET_PATH, (request, response, callback) ->
          new ToolEndpoint(offloader, workers, config.maxPayloadBytes(), messageLimit));
    });
    context.insertHandler(webSocket);
    this.mcp = new McpEndpoint(offloader, resolver, config.maxPayloadBytes());
    jetty.setHandler(new ContextHandlerCollection(context, mcp.handler()));
  }

  /**
   * The WebSocket message limit for an inline limit: {@code maxInlineBytes}, plus one eighth of it
   * for JSON escaping ({@link #ESCAPING_ALLOWANCE_DIVISOR}), plus {@link #WRAPPER_ALLOWANCE_BYTES}.
   * With the default 32 MiB inline limit this is 37,814,272 bytes.
   *
   * @param maxInlineBytes {@link OffloadConfig#maxInlineBytes()}; at least 0
   * @return bytes
   * @throws IllegalArgumentException if {@code maxInlineBytes} is negative
   */
  public static long messageLimitBytes(long maxInlineBytes) {
    if (maxInlineBytes < 0) {
      throw new IllegalArgumentException("maxInlineBytes must be >= 0: " + maxInlineBytes);
    }
    return maxInlineBytes + maxInlineBytes / ESCAPING_ALLOWANCE_DIVISOR + WRAPPER_ALLOWANCE_BYTES;
  }

  /**
   * Starts a server on a store you own, with an expiry sweeper every {@link #SWEEP_INTERVAL}. The
   * server does not close the store.
   *
   * @param config routing, limits and breaker settings
   * @param store where offloaded results go
   * @param host the interface to listen on, such as {@value #DEFAULT_HOST}
   * @param port the port, or 0 for any free port (see {@link #port()})
   * @return the running server
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the port is outside 0 to 65535
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static ExampleServer start(OffloadConfig config, PayloadStore store, String host, int port) {
    return start(config, store, host, port, new OffloadListener() {});
  }

  /**
   * Starts a server on a store you own, with a listener of your own (metrics, logs) besides
   * {@link #counts()} and an expiry sweeper every {@link #SWEEP_INTERVAL}. The server does not close
   * the store.
   *
   * @param config routing, limits and breaker settings
   * @param store where offloaded results go
   * @param host the interface to listen on, such as {@value #DEFAULT_HOST}
   * @param port the port, or 0 for any free port (see {@link #port()})
   * @param listener told about every offload and fetch, on the worker threads
   * @return the running server
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the port is outside 0 to 65535
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static ExampleServer start(OffloadConfig config, PayloadStore store, String host, int port,
      OffloadListener listener) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(listener, "listener");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    ExampleServer server = new ExampleServer(config, store, host, port, listener, SWEEP_INTERVAL);
    server.startJetty();
    return server;
  }

  /**
   * Starts a server the way {@link #main} does: configuration from environment variables (see
   * {@link OffloadConfig#fromEnvironment(Map)}, plus {@code PORT}, default {@value #DEFAULT_PORT}, and
   * {@code HOST}, default {@value #DEFAULT_HOST}, and {@code SWEEP_INTERVAL_SECONDS}, the time between
   * two deletions of expired payloads, default {@link #SWEEP_INTERVAL}); an S3 store when
   * {@code S3_BUCKET} is set (with {@code S3_ENDPOINT}, {@code S3_REGION}, {@code S3_PATH_STYLE},
   * {@code S3_KEY_PREFIX} and the {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} pair, see
   * docs/quickstart.md), else a PostgreSQL store at {@code DATABASE_URL}, or an embedded PostgreSQL
   * started in-process when both are absent. The returned server owns the store and the embedded
   * database and closes them.
   *
   * @param env the variables, usually {@code System.getenv()}
   * @return the running server
   * @throws ConfigurationException naming every bad variable and its value
   * @throws PayloadOffloadException if the database cannot be reached or prepared (a bucket that
   *     cannot be reached shows in the first offload, as a store error)
   * @throws UncheckedIOException if the embedded database cannot start or the port cannot be bound
   */
  public static ExampleServer run(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    List<String> problems = new ArrayList<>();
    OffloadConfig config = null;
    try {
      config = OffloadConfig.fromEnvironment(env);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    int port = port(env.get("PORT"), problems);
    Duration sweepInterval = sweepInterval(env.get("SWEEP_INTERVAL_SECONDS"), problems);
    String host = env.getOrDefault("HOST", "");
    if (host.isBlank()) {
      host = DEFAULT_HOST;
    }
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl != null && databaseUrl.isBlank()) {
      databaseUrl = null;
    }
    PostgresPayloadStore.Builder external = databaseUrl == null ? null : storeBuilder(databaseUrl, problems);
    Optional<S3PayloadStore.Builder> s3 = S3Settings.fromEnvironment(env, problems);
    if (s3.isPresent() && databaseUrl != null) {
      problems.add("DATABASE_URL and S3_BUCKET are both set: set one of them (or neither, for the embedded"
          + " PostgreSQL)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      PayloadStore store;
      if (s3.isPresent()) {
        LOG.info("Using S3: {}", S3Settings.describe(env));
        store = s3.get().build();
      } else if (external != null) {
        LOG.info("Using PostgreSQL at {}", PostgresPayloadStore.maskPassword(databaseUrl));
        store = external.build();
      } else {
        EmbeddedPostgres embedded = startEmbedded();
        resources.push(embedded);
        LOG.info("DATABASE_URL is not set: started an embedded PostgreSQL on 127.0.0.1:{}", embedded.getPort());
        store = PostgresPayloadStore.builder().jdbcUrl(embedded.getJdbcUrl("postgres", "postgres"))
            .username("postgres").createSchema(true).build();
      }
      resources.push(store);
      LOG.info("Configuration: {}", config);
      ExampleServer server = new ExampleServer(config, store, host, port, new OffloadListener() {},
          sweepInterval);
      server.owned.addAll(resources);
      resources.clear();
      server.startJetty();
      return server;
    } finally {
      closeAll(resources);
    }
  }

  private static PostgresPayloadStore.Builder storeBuilder(String databaseUrl, List<String> problems) {
    try {
      PostgresPayloadStore.Builder b = PostgresPayloadStore.builder().createSchema(true);
      return b.url(databaseUrl);
    } catch (IllegalArgumentException e) {
      problems.add("DATABASE_URL='" + PostgresPayloadStore.maskPassword(databaseUrl) + "': " + e.getMessage());
      return null;
    }
  }

  /**
   * Runs the server until the process is stopped. Configuration as in {@link #run(Map)}. A bad
   * environment variable prints a message naming it and exits with status 2; a database that refuses
   * the store (an unknown database, a wrong password) exits with status 1. A database that is down
   * at startup is not an error: results fall back inline until it is up.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ExampleServer server;
    try {
      server = run(System.getenv());
    } catch (ConfigurationException e) {
      System.err.println("payload-offload example server did not start. " + e.getMessage());
      System.exit(2);
      return;
    } catch (PayloadOffloadException | UncheckedIOException e) {
      System.err.println("payload-offload example server did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "example-server-shutdown"));
    server.join();
  }

  /**
   * The bound port; with port 0 at start, the free port that was picked.
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The WebSocket address.
   *
   * @return {@code ws://host:port/ws}
   */
  public URI webSocketUri() {
    return URI.create("ws://" + displayHost() + ":" + port() + WEBSOCKET_PATH);
  }

  /**
   * The HTTP address: the browser page, and {@code payloads/{txn_id}} below it.
   *
   * @return {@code http://host:port/}
   */
  public URI httpUri() {
    return URI.create("http://" + displayHost() + ":" + port() + "/");
  }

  /**
   * The MCP address (Streamable HTTP), serving the same {@code generate_text} tool.
   *
   * @return {@code http://host:port/mcp}
   */
  public URI mcpUri() {
    return URI.create("http://" + displayHost() + ":" + port() + McpEndpoint.PATH);
  }

  /**
   * The offloader, to read its breaker state.
   *
   * @return the offloader this server routes results with
   */
  public PayloadOffloader offloader() {
    return offloader;
  }

  /**
   * What the offloader and resolver did so far.
   *
   * @return the live counts
   */
  public OffloadCounts counts() {
    return counts;
  }

  /** Waits until the server stops. */
  public void join() {
    try {
      jetty.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the server, then closes what it owns: the store and the embedded database when it was
   * started with {@link #run(Map)}. Idempotent.
   */
  @Override
  public void close() {
    mcp.close();
    sweeper.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly: {}", e.toString());
    }
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    offloader.close();
    resolver.close();
    closeAll(owned);
  }

  private void startJetty() {
    try {
      jetty.start();
    } catch (Exception e) {
      close();
      throw new UncheckedIOException("The server could not listen on " + connector.getHost() + ":"
          + connector.getPort() + ": " + e.getMessage() + ". Set PORT to a free port.",
          e instanceof IOException ? (IOException) e : new IOException(e));
    }
    sweeper.start();
    LOG.info("WebSocket: {}", webSocketUri());
    LOG.info("MCP (Streamable HTTP): {}", mcpUri());
    LOG.info("HTTP: {} (browser page), {}payloads/{txn_id} (fetch)", httpUri(), httpUri());
  }

  private String displayHost() {
    String host = connector.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static int port(String raw, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(raw.trim());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name
    }
    problems.add("PORT='" + raw + "': expected a port number from 0 to 65535");
    return DEFAULT_PORT;
  }

  private static Duration sweepInterval(String raw, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      return SWEEP_INTERVAL;
    }
    try {
      long seconds = Long.parseLong(raw.trim());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name
    }
    problems.add("SWEEP_INTERVAL_SECONDS='" + raw + "': expected a whole number of seconds, at least 1");
    return SWEEP_INTERVAL;
  }

  private static EmbeddedPostgres startEmbedded() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("The embedded PostgreSQL did not start: " + e.getMessage()
          + ". Set DATABASE_URL to use an existing server.", e);
    }
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "example-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

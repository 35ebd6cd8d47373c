package io.payloadoffload.benchmarks;

import com.github.luben.zstd.ZstdInputStream;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.http.PayloadServlet;
import io.payloadoffload.spi.StoredPayload;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Comparison 8: fetching a stored payload over HTTP from an embedded Jetty 12, side by side on one
 * machine. Three ways to send the same stored payload: {@link PayloadServlet} passing the stored zstd
 * bytes through to a client that accepts zstd, {@link PayloadServlet} decompressing and verifying for
 * a client that accepts no encoding, and a minimal servlet that streams the stored bytes with no check
 * at all. Client threads fetch in a loop for a fixed time and count fetches and body bytes. The store
 * is in memory, so the comparison measures the HTTP side, not a database. Not thread-safe itself.
 */
public final class HttpFetchComparison {
  /** {@link PayloadServlet}, {@code Accept-Encoding: zstd}: the stored bytes as they are. */
  public static final String PASS_THROUGH = "PayloadServlet, pass-through (Accept-Encoding: zstd)";
  /** {@link PayloadServlet}, no {@code Accept-Encoding}: decompressed and verified. */
  public static final String DECOMPRESS = "PayloadServlet, decompress and send";
  /** A servlet that streams the stored bytes with {@code Content-Encoding} and checks nothing. */
  public static final String MINIMAL = "minimal servlet (stored bytes, no checks)";
  /** Target: pass-through sends at least this many times fewer bytes than decompress-and-send. */
  public static final double BYTES_RATIO = 4.0;
  /** Target: pass-through reaches at least this share of the minimal servlet's fetches per second. */
  public static final double FETCH_SHARE = 0.9;
  /**
   * Slices each path's measured time is cut into: {@value}. The paths take turns slice by slice
   * ({@link SideBySide#inTurns}); with two slices per path, the 10 MiB row measured 1.01x and 0.84x
   * in two runs on the same quiet machine.
   */
  static final int SLICES = 4;
  /**
   * Untimed turns every path takes before the measured slices: {@value}, each a warm-up and then
   * twice as long again, in the same reversed order as the slices. With one untimed round, the JIT was
   * still compiling the HTTP stack the paths share (Jetty's and the client's) during the first
   * measured slice: in probes of pass-through against the minimal servlet alone (4 slices of 5 s),
   * that slice served 0.57–0.77x of the minimal servlet's rate, and the path's figure came out at
   * 0.84–0.94x in five runs; with three untimed turns, no slice fell below 0.84x and the figure came
   * out at 0.94–1.00x in five runs.
   */
  static final int UNTIMED_TURNS = 3;
  /** System property of {@link #main}: the JSON sizes to fetch, in MiB, comma-separated: {@value}. */
  public static final String SIZES_PROPERTY = "http.sizes";
  /** System property of {@link #main}: the measured seconds per path: {@value}. */
  public static final String SECONDS_PROPERTY = "http.seconds";

  private static final String SESSION = "sess_benchmark";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private HttpFetchComparison() {}

  /**
   * Measures every path for every payload: after {@value #UNTIMED_TURNS} untimed turns of every path
   * (each a warm-up, then twice as long again), each path runs in {@value #SLICES} slices, the paths
   * taking turns in an order reversed after every turn, with a warm-up before each slice.
   *
   * @param payloads the payloads, each offloaded once with zstd
   * @param threads client threads
   * @param warmup warm-up per slice
   * @param duration measured time per path (split in {@value #SLICES} slices)
   * @return one row per payload and path
   * @throws IllegalStateException if a fetch failed or returned other bytes than the payload's
   */
  public static Result run(List<Payload> payloads, int threads, Duration warmup, Duration duration) {
    try (InMemoryPayloadStore store = new InMemoryPayloadStore(1024 * Settings.MIB);
         PayloadResolver resolver = PayloadResolver.builder().store(store).build();
         PayloadOffloader offloader = PayloadOffloader.builder().store(store)
             .config(OffloadConfig.builder().thresholdBytes(0).fallbackToInline(false).build()).build()) {
      Server jetty = start(store, resolver);
      try {
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        List<Row> rows = new ArrayList<>();
        for (Payload payload : payloads) {
          PayloadEnvelope envelope = offloader.offload(payload.bytes(), OffloadContext.of(SESSION, null)
              .withContentType("application/json")).envelope();
          List<Fetch> paths = List.of(
              new Fetch(PASS_THROUGH, uri(port, "/payloads/", envelope), "zstd"),
              new Fetch(DECOMPRESS, uri(port, "/payloads/", envelope), null),
              new Fetch(MINIMAL, uri(port, "/minimal/", envelope), "zstd"));
          for (Fetch path : paths) {
            path.check(payload.bytes());
          }
          Duration slice = duration.dividedBy(SLICES);
          // Untimed turns first: the paths measured first would otherwise pay alone for compiling
          // the HTTP stack that every path shares (Jetty's and the client's), and for the JIT's queue.
          SideBySide.inTurns(paths, UNTIMED_TURNS, path -> measure(path, threads, warmup, warmup.multipliedBy(2)));
          List<List<long[]>> slices = new ArrayList<>();
          paths.forEach(path -> slices.add(new ArrayList<>()));
          SideBySide.inTurns(paths, SLICES, path -> slices.get(paths.indexOf(path))
              .add(measure(path, threads, warmup, slice)));
          for (int i = 0; i < paths.size(); i++) {
            rows.add(Row.of(payload.label(), paths.get(i).name, slices.get(i)));
          }
        }
        return new Result(threads, rows);
      } finally {
        stop(jetty);
      }
    }
  }

  /**
   * Runs this comparison alone and prints its section of the report: {@code --quick} for tiny runs,
   * else the full report's sizes and durations. Two system properties narrow a run, e.g. to compare a
   * change or to profile one size: {@value #SIZES_PROPERTY} (JSON sizes in MiB, comma-separated, such as
   * {@code 1,10}) and {@value #SECONDS_PROPERTY} (measured seconds per path).
   *
   * @param args {@code --quick}, or nothing
   * @throws IllegalArgumentException if a property is not a positive whole number (or a list of them)
   */
  public static void main(String[] args) {
    Settings settings = args.length > 0 && args[0].equals("--quick") ? Settings.quick() : Settings.full();
    String sizes = System.getProperty(SIZES_PROPERTY);
    List<Long> chosen = sizes == null ? settings.jsonSizes()
        : Arrays.stream(sizes.split(",")).map(s -> positive(SIZES_PROPERTY, s) * Settings.MIB).toList();
    List<Payload> json = new ArrayList<>();
    for (long size : chosen) {
      json.add(Payload.json(BenchmarkReport.label(size) + " JSON", Settings.SEED + size, size));
    }
    String seconds = System.getProperty(SECONDS_PROPERTY);
    Result result = seconds == null ? BenchmarkReport.httpFetch(settings, json)
        : run(json, 4, Duration.ofSeconds(1), Duration.ofSeconds(positive(SECONDS_PROPERTY, seconds)));
    System.out.print(Report.httpFetch(result));
  }

  private static long positive(String property, String text) {
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(property + " must hold positive whole numbers: '" + text + "'");
    }
    return value;
  }

  private static Server start(InMemoryPayloadStore store, PayloadResolver resolver) {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(PayloadServlet.builder().resolver(resolver).build()),
        PayloadServlet.DEFAULT_MAPPING);
    context.addServlet(new ServletHolder(new MinimalServlet(store)), "/minimal/*");
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start: " + e, e);
    }
    return jetty;
  }

  private static void stop(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop: " + e, e);
    }
  }

  private static URI uri(int port, String prefix, PayloadEnvelope envelope) {
    return URI.create("http://127.0.0.1:" + port + prefix + envelope.transactionId());
  }

  /** Fetches, body bytes and nanoseconds counted during {@code duration}, after {@code warmup}. */
  private static long[] measure(Fetch path, int threads, Duration warmup, Duration duration) {
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong fetches = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[64 * 1024];
        try {
          while (!stop.get()) {
            long n = path.fetch(buffer);
            if (counting.get()) {
              fetches.incrementAndGet();
              bytes.addAndGet(n);
            }
          }
        } catch (IOException | RuntimeException e) {
          failure.compareAndSet(null, e);
          stop.set(true);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-http-" + i);
      workers.add(t);
      t.start();
    }
    long start;
    long end;
    try {
      Thread.sleep(warmup.toMillis());
      counting.set(true);
      start = System.nanoTime();
      Thread.sleep(duration.toMillis());
      counting.set(false);
      end = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring " + path.name, e);
    } finally {
      stop.set(true);
      for (Thread t : workers) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException(path.name + " failed under load: " + failure.get(), failure.get());
    }
    return new long[] {fetches.get(), bytes.get(), end - start};
  }

  /** One way to fetch: a URI and the {@code Accept-Encoding} sent, or none. */
  private static final class Fetch {
    final String name;
    final HttpRequest request;
    final boolean encoded;

    Fetch(String name, URI uri, String acceptEncoding) {
      this.name = name;
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + SESSION)
          .timeout(Duration.ofSeconds(60));
      if (acceptEncoding != null) {
        b.header("Accept-Encoding", acceptEncoding);
      }
      this.request = b.build();
      this.encoded = acceptEncoding != null;
    }

    /** One fetch; the body is read and dropped. Returns the body's size. */
    long fetch(byte[] buffer) throws IOException, InterruptedException {
      HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      long n = 0;
      try (InputStream in = response.body()) {
        for (int r; (r = in.read(buffer)) >= 0; ) {
          n += r;
        }
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(name + " answered " + response.statusCode());
      }
      return n;
    }

    /** Fetches once and checks that the body decodes to exactly the payload. */
    void check(byte[] payload) {
      try {
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        boolean zstd = response.headers().firstValue("Content-Encoding").filter("zstd"::equals).isPresent();
        if (zstd != encoded) {
          throw new IllegalStateException(name + ": Content-Encoding " + response.headers().firstValue("Content-Encoding"));
        }
        byte[] body = zstd ? new ZstdInputStream(new ByteArrayInputStream(response.body())).readAllBytes()
            : response.body();
        if (!Arrays.equals(body, payload)) {
          throw new IllegalStateException(name + " returned other bytes than the payload's");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The baseline: looks the payload up and streams its stored bytes with {@code Content-Encoding},
   * without session, expiry or size checks and without holding anything back.
   */
  private static final class MinimalServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient InMemoryPayloadStore store;

    MinimalServlet(InMemoryPayloadStore store) {
      this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      StoredPayload stored = store.open(request.getPathInfo().substring(1)).orElseThrow();
      response.setContentType(stored.record().contentType());
      response.setHeader("Content-Encoding", stored.record().compression());
      response.setContentLengthLong(stored.record().storedSizeBytes());
      try (InputStream in = stored.openStream()) {
        in.transferTo(response.getOutputStream());
      }
    }
  }

  /**
   * One path's fetches of one payload.
   *
   * @param payload the payload's label
   * @param path the path's name
   * @param bodyBytes bytes of one response body on the wire
   * @param fetches fetches completed while counting
   * @param seconds how long counting lasted
   * @param slowestSlice fetches per second of the path's slowest slice
   * @param fastestSlice fetches per second of the path's fastest slice
   */
  public record Row(String payload, String path, long bodyBytes, long fetches, double seconds,
      double slowestSlice, double fastestSlice) {
    /** A row from a path's slices, each as {@link #measure} returns it: fetches, bytes, nanoseconds. */
    static Row of(String payload, String path, List<long[]> slices) {
      long fetches = slices.stream().mapToLong(s -> s[0]).sum();
      long bytes = slices.stream().mapToLong(s -> s[1]).sum();
      long nanos = slices.stream().mapToLong(s -> s[2]).sum();
      DoubleSummaryStatistics rates = slices.stream().mapToDouble(s -> s[0] / (s[2] / 1e9)).summaryStatistics();
      return new Row(payload, path, bytes / Math.max(1, fetches), fetches, nanos / 1e9, rates.getMin(),
          rates.getMax());
    }

    /**
     * Fetches per second.
     *
     * @return the throughput
     */
    public double perSecond() {
      return fetches / seconds;
    }
  }

  /**
   * Every row of the comparison.
   *
   * @param threads client threads
   * @param rows one per payload and path, in payload order
   */
  public record Result(int threads, List<Row> rows) {
    /**
     * The row of a payload and path.
     *
     * @param payload the payload's label
     * @param path the path's name
     * @return the row
     * @throws IllegalArgumentException if there is none
     */
    public Row row(String payload, String path) {
      return rows.stream().filter(r -> r.payload().equals(payload) && r.path().equals(path)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no row for " + payload + ", " + path));
    }

    /**
     * The payloads' labels, in order.
     *
     * @return the labels
     */
    public List<String> payloads() {
      return rows.stream().map(Row::payload).distinct().toList();
    }
  }
}

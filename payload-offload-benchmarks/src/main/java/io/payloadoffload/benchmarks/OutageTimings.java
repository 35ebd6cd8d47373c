package io.payloadoffload.benchmarks;

import io.payloadoffload.CircuitState;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How long an application waits while its PostgreSQL is unreachable, with every setting at its
 * default: the store's build, each offload of a 5 MB payload until the circuit breaker opens, the
 * calls after that, and a fetch through the resolver. Two outages: a port where nothing listens
 * (connections are refused at once) and a server that accepts connections and never answers (a
 * frozen host, a black-holed route). Run {@link #main} to print the numbers; not thread-safe.
 */
public final class OutageTimings {
  /** The payload offloaded: {@value} bytes, above the default 1 MiB threshold. */
  public static final int PAYLOAD_BYTES = 5 * 1024 * 1024;
  /** The most offloads a run makes while waiting for the breaker to open: {@value}. */
  public static final int MAX_CALLS = 20;

  private OutageTimings() {}

  /** An unreachable database to measure against. */
  public enum Outage {
    /** A port where nothing listens: every connection attempt is refused at once. */
    CLOSED_PORT,
    /** A server that accepts connections and never sends a byte. */
    SILENT_SERVER
  }

  /**
   * What one run measured, in milliseconds.
   *
   * @param outage the kind of outage
   * @param buildMillis how long {@code PostgresPayloadStore.build()} took
   * @param callMillis each offload until the breaker opened, in order
   * @param openedAfterMillis from the first offload's start to the breaker's opening; -1 if it never
   *     opened within {@link #MAX_CALLS} calls
   * @param fallbacks how many of those offloads fell back inline
   * @param callWhileOpenMillis one offload once the breaker is open
   * @param fetchMillis one fetch through the resolver during the outage
   * @param fetchError the fetch's exception class
   */
  public record Result(Outage outage, long buildMillis, List<Long> callMillis, long openedAfterMillis,
      int fallbacks, long callWhileOpenMillis, long fetchMillis, String fetchError) {
    /**
     * The slowest offload.
     *
     * @return milliseconds
     */
    public long worstCallMillis() {
      return callMillis.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s: build %d ms; %d offloads before the breaker opened, each %s ms"
          + " (worst %d ms), %d fell back inline; breaker open after %d ms; an offload while open %d ms;"
          + " a fetch %d ms (%s)", outage, buildMillis, callMillis.size(), callMillis, worstCallMillis(),
          fallbacks, openedAfterMillis, callWhileOpenMillis, fetchMillis, fetchError);
    }
  }

  /**
   * Measures one outage with the default settings of the store, the offloader and the resolver.
   *
   * @param outage what kind of outage
   * @return the timings
   * @throws UncheckedIOException if the silent server cannot listen
   */
  public static Result run(Outage outage) {
    try (ServerSocket server = new ServerSocket(0)) {
      int port = server.getLocalPort();
      List<Socket> held = new CopyOnWriteArrayList<>();
      if (outage == Outage.CLOSED_PORT) {
        server.close();
      } else {
        Thread acceptor = new Thread(() -> acceptForever(server, held), "silent-postgres");
        acceptor.setDaemon(true);
        acceptor.start();
      }
      try {
        return measure(outage, "postgres://app:secret@127.0.0.1:" + port + "/app");
      } finally {
        for (Socket s : held) {
          closeQuietly(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Result measure(Outage outage, String url) {
    byte[] payload = new byte[PAYLOAD_BYTES];
    new Random(Settings.SEED).nextBytes(payload);
    OffloadContext context = OffloadContext.of(LibraryPath.SESSION, "outage");
    long start = System.nanoTime();
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().url(url).build();
        PayloadOffloader offloader = PayloadOffloader.builder().store(store).build();
        PayloadResolver resolver = PayloadResolver.builder().store(store).build()) {
      long buildMillis = millisSince(start);
      List<Long> calls = new ArrayList<>();
      int fallbacks = 0;
      long first = System.nanoTime();
      long openedAfter = -1;
      while (calls.size() < MAX_CALLS) {
        long t = System.nanoTime();
        Delivery d = offloader.offload(payload, context);
        calls.add(millisSince(t));
        fallbacks += d.mode() == Delivery.Mode.FALLBACK_INLINE ? 1 : 0;
        if (offloader.circuitState() == CircuitState.OPEN) {
          openedAfter = millisSince(first);
          break;
        }
      }
      long t = System.nanoTime();
      offloader.offload(payload, context);
      long whileOpen = millisSince(t);
      t = System.nanoTime();
      String fetchError = "none";
      try {
        resolver.openStreamById("txn_" + "0".repeat(32), LibraryPath.SESSION).close();
      } catch (PayloadOffloadException | IOException e) {
        fetchError = e.getClass().getSimpleName();
      }
      long fetch = millisSince(t);
      return new Result(outage, buildMillis, calls, openedAfter, fallbacks, whileOpen, fetch, fetchError);
    }
  }

  private static void acceptForever(ServerSocket server, List<Socket> held) {
    try {
      while (true) {
        held.add(server.accept());
      }
    } catch (IOException closed) {
      // The run is over and the server socket closed.
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Nothing to do; the run is over.
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Prints the timings of both outages.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (Outage outage : Outage.values()) {
      System.out.println(run(outage));
    }
  }
}

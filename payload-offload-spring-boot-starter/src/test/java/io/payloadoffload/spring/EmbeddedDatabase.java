package io.payloadoffload.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A real PostgreSQL 17 for the starter's tests, started in-process on a data directory that survives
 * {@link #stop()}, so {@link #start()} brings the same database back on the same port.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private static EmbeddedDatabase shared;

  private final Path dataDirectory;
  private int port;
  private EmbeddedPostgres server;

  private EmbeddedDatabase() throws IOException {
    this.dataDirectory = Files.createTempDirectory("payload-offload-spring-pg");
  }

  /** A running database. */
  static EmbeddedDatabase started() {
    try {
      EmbeddedDatabase db = new EmbeddedDatabase();
      db.start();
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  /**
   * One running database for every test class that never stops it, started on first use and
   * stopped when the test JVM exits, so those classes pay for one start.
   */
  static synchronized EmbeddedDatabase shared() {
    if (shared == null) {
      EmbeddedDatabase db = started();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
      shared = db;
    }
    return shared;
  }

  /** Starts the server, on the port it had before if it ran already. */
  void start() {
    if (server != null) {
      throw new IllegalStateException("the server is running");
    }
    try {
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false);
      server = (port > 0 ? b.setPort(port) : b).start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  /** Stops the server (fast shutdown); the data and the port stay reserved for {@link #start()}. */
  void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = null;
  }

  /** {@code jdbc:postgresql://localhost:<port>/postgres}. */
  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** {@code postgres://postgres:<password>@localhost:<port>/postgres}, the DATABASE_URL form. */
  String databaseUrl(String password) {
    return "postgres://postgres:" + password + "@localhost:" + port + "/postgres";
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      stop();
    }
    try (var paths = Files.walk(dataDirectory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

package io.payloadoffload.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server a test class runs against: an embedded PostgreSQL 17 started for the class,
 * or the server named by {@value #EXTERNAL_URL_VARIABLE} when that variable is set. A test class
 * registers one as a static extension, which starts it before the class and stops it after:
 *
 * <pre>{@code @RegisterExtension static final TestDatabase db = TestDatabase.perClass();}</pre>
 *
 * <p>Each store a test builds gets a fresh schema, so test classes and tests never see each other's
 * rows.
 */
final class TestDatabase implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** Names an external server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
  static final String EXTERNAL_URL_VARIABLE = "PAYLOAD_OFFLOAD_TEST_JDBC_URL";

  private final boolean alwaysEmbedded;
  private Path dataDirectory;
  private int port;
  private EmbeddedPostgres embedded;
  private String jdbcUrl;

  private TestDatabase(boolean alwaysEmbedded) {
    this.alwaysEmbedded = alwaysEmbedded;
  }

  /** The external server if {@value #EXTERNAL_URL_VARIABLE} is set, else an embedded one. */
  static TestDatabase perClass() {
    return new TestDatabase(false);
  }

  /**
   * Always an embedded server, on a data directory that survives {@link #stop()}, so
   * {@link #restart()} brings the same database back on the same port.
   */
  static TestDatabase restartablePerClass() {
    return new TestDatabase(true);
  }

  /**
   * An embedded server that is not running yet: its port and data directory are chosen, so
   * {@link #jdbcUrl()} and {@link #port()} name it, and nothing listens there until
   * {@link #restart()} starts it. For code outside JUnit; close it when done.
   */
  static TestDatabase notStarted() {
    TestDatabase db = new TestDatabase(true);
    try (ServerSocket reserve = new ServerSocket(0)) {
      db.port = reserve.getLocalPort();
      db.dataDirectory = Files.createTempDirectory("payload-offload-pg");
    } catch (IOException e) {
      throw new UncheckedIOException("could not choose a port and data directory", e);
    }
    db.jdbcUrl = "jdbc:postgresql://localhost:" + db.port + "/postgres?user=postgres";
    return db;
  }

  /** Starts a server as {@link #perClass()} would, for code outside JUnit; close it when done. */
  static TestDatabase start() {
    TestDatabase db = perClass();
    db.open();
    return db;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
  }

  private void open() {
    String external = System.getenv(EXTERNAL_URL_VARIABLE);
    if (!alwaysEmbedded && external != null && !external.isBlank()) {
      jdbcUrl = external;
      return;
    }
    try {
      dataDirectory = Files.createTempDirectory("payload-offload-pg");
      embedded = builder(dataDirectory, 0).start();
      port = embedded.getPort();
      jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  private static EmbeddedPostgres.Builder builder(Path dir, int port) {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "200");
    return port > 0 ? b.setPort(port) : b;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  /** The embedded server's port. */
  int port() {
    requireEmbeddedDirectory();
    return port;
  }

  /** A plain, unpooled data source for inspecting and manipulating rows in tests. */
  DataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    return ds;
  }

  /** A store builder on this server, in a fresh schema, with a small pool. */
  PostgresPayloadStore.Builder storeBuilder() {
    return PostgresPayloadStore.builder().jdbcUrl(jdbcUrl).schema(freshSchema()).maxPoolSize(4);
  }

  static String freshSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  long queryLong(String sql) {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  String queryString(String sql) {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  void execute(String sql) {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Stops the embedded server (fast shutdown: sessions are terminated); the data stays. */
  void stop() {
    requireEmbedded();
    try {
      embedded.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    embedded = null;
  }

  /**
   * Starts the embedded server on its data directory and port: again after {@link #stop()}, or for
   * the first time for {@link #notStarted()}.
   */
  void restart() {
    requireEmbeddedDirectory();
    if (embedded != null) {
      throw new IllegalStateException("the server is running");
    }
    try {
      embedded = builder(dataDirectory, port).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart embedded PostgreSQL", e);
    }
  }

  private void requireEmbeddedDirectory() {
    if (dataDirectory == null) {
      throw new IllegalStateException("only an embedded server has a port and data directory");
    }
  }

  private void requireEmbedded() {
    if (dataDirectory == null || embedded == null) {
      throw new IllegalStateException("only a running embedded server can be stopped");
    }
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
    if (dataDirectory != null) {
      try (var paths = Files.walk(dataDirectory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      dataDirectory = null;
    }
  }
}

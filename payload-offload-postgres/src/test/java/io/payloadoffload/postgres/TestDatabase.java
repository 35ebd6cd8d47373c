package io.payloadoffload.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server a test class runs against: an embedded PostgreSQL 17 started for the class,
 * or the server named by {@value #EXTERNAL_URL_VARIABLE} when that variable is set. Each store a test
 * builds gets a fresh schema, so test classes and tests never see each other's rows.
 */
final class TestDatabase implements AutoCloseable {
  /** Names an external server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
  static final String EXTERNAL_URL_VARIABLE = "PAYLOAD_OFFLOAD_TEST_JDBC_URL";

  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres embedded;
  private final String jdbcUrl;

  private TestDatabase(Path dataDirectory, int port, EmbeddedPostgres embedded, String jdbcUrl) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
  }

  /** The external server if {@value #EXTERNAL_URL_VARIABLE} is set, else a new embedded one. */
  static TestDatabase start() {
    String external = System.getenv(EXTERNAL_URL_VARIABLE);
    if (external != null && !external.isBlank()) {
      return new TestDatabase(null, -1, null, external);
    }
    return restartable();
  }

  /**
   * Always a new embedded server, on a data directory that survives {@link #stop()}, so
   * {@link #restart()} brings the same database back on the same port.
   */
  static TestDatabase restartable() {
    try {
      Path dir = Files.createTempDirectory("payload-offload-pg");
      EmbeddedPostgres pg = builder(dir, 0).start();
      return new TestDatabase(dir, pg.getPort(), pg, pg.getJdbcUrl("postgres", "postgres"));
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

  /** Starts the embedded server again on the same data directory and port. */
  void restart() {
    if (embedded != null) {
      throw new IllegalStateException("the server is running");
    }
    try {
      embedded = builder(dataDirectory, port).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart embedded PostgreSQL", e);
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
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

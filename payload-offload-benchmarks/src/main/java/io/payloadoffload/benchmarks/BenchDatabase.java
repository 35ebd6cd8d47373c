package io.payloadoffload.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The one PostgreSQL every comparison uses, with the one HikariCP pool every path shares: an
 * embedded PostgreSQL 17 started in-process, or the server named by
 * {@value #JDBC_URL_VARIABLE} (user and password as URL parameters). Not thread-safe to start or
 * close; the pool itself is.
 */
public final class BenchDatabase implements AutoCloseable {
  /** Environment variable naming an external server to use instead of the embedded one. */
  public static final String JDBC_URL_VARIABLE = "PAYLOAD_OFFLOAD_BENCH_JDBC_URL";
  /** Connections in the shared pool: {@value}, HikariCP's own default. */
  public static final int POOL_SIZE = 10;

  private static final List<String> SETTINGS = List.of(
      "shared_buffers", "synchronous_commit", "fsync", "wal_level", "max_wal_size",
      "checkpoint_timeout", "work_mem", "default_toast_compression", "max_connections");

  private final EmbeddedPostgres embedded;
  private final String jdbcUrl;
  private final HikariDataSource pool;

  private BenchDatabase(EmbeddedPostgres embedded, String jdbcUrl) {
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setPoolName("bench");
    this.pool = new HikariDataSource(config);
  }

  /**
   * Starts the embedded server, or connects to the external one when {@value #JDBC_URL_VARIABLE} is
   * set.
   *
   * @return the database
   * @throws UncheckedIOException if the embedded server does not start
   */
  public static BenchDatabase start() {
    String external = System.getenv(JDBC_URL_VARIABLE);
    if (external != null && !external.isBlank()) {
      return new BenchDatabase(null, external.trim());
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new BenchDatabase(pg, pg.getJdbcUrl("postgres", "postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start; set " + JDBC_URL_VARIABLE
          + " to use an external server", e);
    }
  }

  /**
   * The shared pool.
   *
   * @return a pool of {@value #POOL_SIZE} connections
   */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * The server's JDBC URL, for a forked JVM that opens its own pool.
   *
   * @return the URL, credentials included as parameters
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Whether the server was started in-process.
   *
   * @return {@code true} for the embedded server
   */
  public boolean embedded() {
    return embedded != null;
  }

  /**
   * The server version and the settings that matter for these benchmarks.
   *
   * @return {@code server_version} first, then each setting by name
   */
  public Map<String, String> settings() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("server_version", show("server_version"));
    for (String name : SETTINGS) {
      out.put(name, show(name));
    }
    return out;
  }

  /**
   * Runs SQL statements, each in its own auto-committed statement.
   *
   * @param sql the statements
   * @throws IllegalStateException if one fails
   */
  public void execute(String... sql) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      for (String each : sql) {
        s.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  private String show(String setting) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("SHOW " + setting + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
      }
    }
  }
}

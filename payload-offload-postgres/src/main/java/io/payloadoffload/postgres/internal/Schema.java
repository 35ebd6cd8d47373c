package io.payloadoffload.postgres.internal;

import io.payloadoffload.exception.PayloadStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables in one PostgreSQL schema: the validated schema name, the SQL that addresses
 * it, and the versioned installation of {@value #SCRIPT}. Immutable and thread-safe.
 */
public final class Schema {
  /** The DDL resource; the same file teams run with Flyway or Liquibase. */
  public static final String SCRIPT = "io/payloadoffload/postgres/schema-v1.sql";
  /** The schema version this library writes and reads: {@value}. */
  public static final int VERSION = 1;

  private static final Logger log = LoggerFactory.getLogger(Schema.class);
  private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String PLACEHOLDER = "${schema}";
  /** First key of the advisory lock that serializes installation; the second is the schema's hash. */
  private static final int LOCK_CLASS = 0x504F4646; // "POFF"

  private final String name;
  private final String quoted;

  private Schema(String name) {
    this.name = name;
    this.quoted = '"' + name + '"';
  }

  /**
   * A schema, after checking its name.
   *
   * @param name a plain lowercase identifier: a letter or underscore, then letters, digits or
   *     underscores, at most 63 characters
   * @return the schema
   * @throws IllegalArgumentException if the name is not such an identifier
   * @throws NullPointerException if the name is null
   */
  public static Schema named(String name) {
    if (name == null) {
      throw new NullPointerException("schema");
    }
    if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("schema must be a plain lowercase identifier"
          + " ([a-z_][a-z0-9_]*, at most 63 characters): '" + name + "'");
    }
    return new Schema(name);
  }

  /**
   * The schema's name.
   *
   * @return the validated name
   */
  public String name() {
    return name;
  }

  /**
   * A table of this schema, quoted for SQL.
   *
   * @param table an unquoted table name
   * @return {@code "schema".table}
   */
  public String table(String table) {
    return quoted + "." + table;
  }

  /**
   * The statements of {@value #SCRIPT}, with the placeholder replaced by this schema's quoted name.
   *
   * @return the statements in order, without comments or the trailing semicolons
   */
  public List<String> statements() {
    String script = loadScript().replace(PLACEHOLDER, quoted);
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    return statements;
  }

  /**
   * The raw text of {@value #SCRIPT}, placeholder included.
   *
   * @return the script
   */
  public static String loadScript() {
    try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + SCRIPT, e);
    }
  }

  /**
   * Creates the tables unless they exist. The check and the DDL run in one transaction that holds a
   * transaction-scoped advisory lock, so any number of nodes may call this at once.
   *
   * @param dataSource where to install
   * @param timeouts the store's limits; the connection gets its network timeout, so a server that
   *     stops answering ends the installation too
   * @throws PayloadStoreException if the database fails, or holds a newer schema version than
   *     {@value #VERSION} (non-retryable)
   */
  public void install(DataSource dataSource, Timeouts timeouts) {
    try (Timeouts.Lease lease = timeouts.borrow(dataSource)) {
      Connection c = lease.connection();
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        lock(c);
        int installed = installedVersion(c);
        if (installed > VERSION) {
          throw new PayloadStoreException("Schema " + name + " is at version " + installed
              + ", newer than version " + VERSION + " that this payload-offload-postgres supports."
              + " Upgrade the library, or use another schema.", null, false, null);
        }
        if (installed < VERSION) {
          try (Statement s = c.createStatement()) {
            for (String sql : statements()) {
              s.execute(sql);
            }
          }
          log.info("Created payload-offload schema {} version {}", name, VERSION);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "create the schema " + name, null, name);
    }
  }

  private void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      ps.setInt(1, LOCK_CLASS);
      ps.setInt(2, name.hashCode());
      ps.execute();
    }
  }

  private int installedVersion(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table("schema_version"));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + table("schema_version"))) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

package io.payloadoffload.examples;

import io.payloadoffload.postgres.PostgresPayloadStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL for every test class in the run; each class uses its own schema. */
final class TestDatabase {
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  static synchronized EmbeddedPostgres get() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    return postgres;
  }

  static String jdbcUrl() {
    return get().getJdbcUrl("postgres", "postgres");
  }

  static PostgresPayloadStore store(String schema) {
    return PostgresPayloadStore.builder().jdbcUrl(jdbcUrl()).username("postgres").schema(schema)
        .createSchema(true).build();
  }

  static long rows(String schema) {
    return count("SELECT count(*) FROM " + schema + ".payloads");
  }

  static long rows(String schema, String id) {
    return count("SELECT count(*) FROM " + schema + ".payloads WHERE id = '" + id + "'");
  }

  static void execute(String sql) {
    try (Connection c = get().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static long count(String sql) {
    try (Connection c = get().getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}

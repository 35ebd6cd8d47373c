package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.newId;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.postgres.internal.PostgresUrl;
import io.payloadoffload.postgres.internal.Schema;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresPayloadStoreBuilderTest {
  private static final String SECRET = "Hunter2Secret";
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();

  @Test
  void requiresExactlyOneConnectionSource() {
    assertThatThrownBy(() -> PostgresPayloadStore.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl())
        .url("postgres://u@h/d").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> PostgresPayloadStore.builder().url("postgres://u@h/d").password("x").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("username and password");
    assertThatThrownBy(() -> PostgresPayloadStore.builder().dataSource(db.dataSource()).maxPoolSize(3).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxPoolSize");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Payloads", "1abc", "a-b", "po; DROP TABLE x", "\"quoted\"", "schema.name",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void rejectsSchemaNamesThatAreNotPlainIdentifiers(String name) {
    assertThatThrownBy(() -> PostgresPayloadStore.builder().schema(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain lowercase identifier");
  }

  @Test
  void checksEachSettingAtOnce() {
    PostgresPayloadStore.Builder b = PostgresPayloadStore.builder();
    assertThatThrownBy(() -> b.chunkSizeBytes(1023)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunkSizeBytes");
    assertThatThrownBy(() -> b.chunkSizeBytes(PostgresPayloadStore.MAX_CHUNK_SIZE_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxPoolSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPoolSize");
    assertThatThrownBy(() -> b.connectionTimeout(Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionTimeout");
    assertThatThrownBy(() -> b.jdbcUrl("jdbc:mysql://h/d?password=" + SECRET))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(SECRET);
    assertThatThrownBy(() -> b.url("postgres://u:" + SECRET + "@h:x/d"))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(SECRET);
    assertThatThrownBy(() -> b.dataSource(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"statementTimeout", "lockTimeout", "networkTimeout"})
  void checksEachTimeoutAtOnceAndNamesIt(String setting) {
    PostgresPayloadStore.Builder b = PostgresPayloadStore.builder();
    Function<Duration, PostgresPayloadStore.Builder> set = switch (setting) {
      case "statementTimeout" -> b::statementTimeout;
      case "lockTimeout" -> b::lockTimeout;
      default -> b::networkTimeout;
    };
    for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofNanos(999_999),
        Duration.ofMillis(PostgresPayloadStore.MAX_TIMEOUT_MILLIS + 1))) {
      assertThatThrownBy(() -> set.apply(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(setting);
    }
    assertThatThrownBy(() -> set.apply(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining(setting);
  }

  @Test
  void aNetworkTimeoutNotLongerThanTheStatementTimeoutFailsTheBuild() {
    assertThatThrownBy(() -> db.storeBuilder().statementTimeout(Duration.ofSeconds(30)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("networkTimeout").hasMessageContaining("statementTimeout");
  }

  @Test
  void timeoutsDefaultToTheDocumentedConstants() {
    try (PostgresPayloadStore store = db.storeBuilder().build()) {
      assertThat(store.statementTimeout()).isEqualTo(PostgresPayloadStore.DEFAULT_STATEMENT_TIMEOUT)
          .isEqualTo(Duration.ofSeconds(15));
      assertThat(store.lockTimeout()).isEqualTo(PostgresPayloadStore.DEFAULT_LOCK_TIMEOUT)
          .isEqualTo(Duration.ofSeconds(5));
      assertThat(store.networkTimeout()).isEqualTo(PostgresPayloadStore.DEFAULT_NETWORK_TIMEOUT)
          .isEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void connectsThroughAPostgresUrl() {
    String url = "postgres://" + db.jdbcUrl().substring("jdbc:postgresql://".length());
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().url(url).schema(TestDatabase.freshSchema())
        .build()) {
      byte[] bytes = randomBytes(100);
      PayloadRecord record = record(newId(), bytes);
      store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      assertThat(store.open(record.id())).isPresent();
    }
  }

  /** The three forms a host hands out as DATABASE_URL, all for the test's server. */
  private static List<String> databaseUrlForms() {
    String rest = db.jdbcUrl().substring("jdbc:postgresql://".length());
    return List.of("postgres://" + rest, "postgresql://" + rest, db.jdbcUrl(),
        "JDBC:PostgreSQL://" + rest, "  " + db.jdbcUrl() + "\n");
  }

  @Test
  void urlTakesEveryFormOfDatabaseUrl() {
    for (String url : databaseUrlForms()) {
      try (PostgresPayloadStore store = PostgresPayloadStore.builder().url(url)
          .schema(TestDatabase.freshSchema()).build()) {
        byte[] bytes = randomBytes(100);
        PayloadRecord record = record(newId(), bytes);
        store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
        assertThat(store.open(record.id())).as(url).isPresent();
      }
    }
  }

  @Test
  void aJdbcUrlGivenToUrlHidesItsPasswordAndCarriesItsOwnCredentials() {
    String url = "jdbc:postgresql://127.0.0.1:1/db?user=app&password=" + SECRET;
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().url(url).createSchema(false).build()) {
      assertThat(store.toString()).contains("url=jdbc:postgresql://127.0.0.1:1/db").doesNotContain(SECRET);
    }
    assertThatThrownBy(() -> PostgresPayloadStore.builder().url(url).username("app").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a url carries its own");
    assertThatThrownBy(() -> PostgresPayloadStore.builder().url(url).jdbcUrl(url).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 are set");
  }

  @Test
  void aMissingUrlSaysWhatToSet() {
    assertThatThrownBy(() -> PostgresPayloadStore.builder().url(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("DATABASE_URL").hasMessageContaining("postgres://")
        .hasMessageContaining("jdbc:postgresql://");
    for (String blank : List.of("", "   ", "\t\n")) {
      assertThatThrownBy(() -> PostgresPayloadStore.builder().url(blank))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("url is blank").hasMessageContaining("DATABASE_URL");
    }
  }

  @Test
  void anUnknownSchemeNamesTheAcceptedForms() {
    assertThatThrownBy(() -> PostgresPayloadStore.builder().url("mysql://u:" + SECRET + "@h/d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://").hasMessageContaining("postgresql://")
        .hasMessageContaining("jdbc:postgresql:")
        .message().doesNotContain(SECRET);
  }

  @Test
  void neverShowsThePassword() {
    String password = PostgresUrl.parse("postgres://" + db.jdbcUrl().substring("jdbc:postgresql://".length()))
        .password().orElse(SECRET);
    String user = PostgresUrl.parse("postgres://" + db.jdbcUrl().substring("jdbc:postgresql://".length()))
        .user().orElse("postgres");
    String bare = db.jdbcUrl().replaceAll("[?&](user|password)=[^&]*", "");
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().jdbcUrl(bare).username(user)
        .password(password).schema(TestDatabase.freshSchema()).build()) {
      assertThat(store.toString()).doesNotContain(password).contains("username=" + user);
    }
  }

  @Test
  void anUnreachableServerLetsTheBuildSucceedAndFailsCallsRetryablyWithoutThePassword()
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (PostgresPayloadStore store = PostgresPayloadStore.builder()
        .url("postgres://app:" + SECRET + "@127.0.0.1:" + port + "/db")
        .connectionTimeout(Duration.ofMillis(500)).build()) {
      assertThatThrownBy(() -> store.open(newId())).isInstanceOfSatisfying(PayloadStoreException.class, e -> {
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).message().contains("SQLState 08001").doesNotContain(SECRET);
      });
    }
  }

  @Test
  void aDatabaseThatDoesNotExistFailsTheBuildAndIsNotRetryable() {
    String url = db.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1no_such_database");

    assertThatThrownBy(() -> PostgresPayloadStore.builder().jdbcUrl(url).build())
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e).hasMessageContaining("SQLState 3D000");
        });
  }

  @Test
  void leavesAGivenDataSourceOpen() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      PostgresPayloadStore store = PostgresPayloadStore.builder().dataSource(pool)
          .schema(TestDatabase.freshSchema()).build();
      byte[] bytes = randomBytes(10);
      store.put(PayloadBody.of(record(newId(), bytes), new ByteArrayInputStream(bytes)));
      store.close();

      assertThat(pool.isClosed()).isFalse();
      try (Connection c = pool.getConnection()) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void eightStoresStartingAtOnceOnAnEmptyDatabaseAllSucceed() throws Exception {
    String schema = TestDatabase.freshSchema();
    CyclicBarrier start = new CyclicBarrier(8);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<PostgresPayloadStore>> stores = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        stores.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl()).schema(schema).maxPoolSize(1).build();
        }));
      }
      for (Future<PostgresPayloadStore> f : stores) {
        try (PostgresPayloadStore store = f.get(60, TimeUnit.SECONDS)) {
          byte[] bytes = randomBytes(10);
          store.put(PayloadBody.of(record(newId(), bytes), new ByteArrayInputStream(bytes)));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.queryLong("SELECT count(*) FROM " + schema + ".schema_version")).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM " + schema + ".payloads")).isEqualTo(8);
  }

  @Test
  void theShippedSqlFileCreatesTheSchemaForCreateSchemaFalse() throws Exception {
    String schema = TestDatabase.freshSchema();
    String script = Schema.loadScript().replace("${schema}", schema);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(script);
      s.execute(script);
    }
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl()).schema(schema)
        .createSchema(false).build()) {
      byte[] bytes = randomBytes(2000);
      PayloadRecord record = record(newId(), bytes);
      store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
      assertThat(store.open(record.id())).isPresent();
    }
  }

  @Test
  void withoutCreateSchemaAMissingTableSaysWhatToDo() {
    try (PostgresPayloadStore store = PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl())
        .schema(TestDatabase.freshSchema()).createSchema(false).build()) {
      assertThatThrownBy(() -> store.open(newId()))
          .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e).hasMessageContaining("createSchema(true)");
          });
    }
  }

  @Test
  void refusesASchemaNewerThanThisLibrary() {
    String schema = TestDatabase.freshSchema();
    PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl()).schema(schema).build().close();
    db.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (2)");

    assertThatThrownBy(() -> PostgresPayloadStore.builder().jdbcUrl(db.jdbcUrl()).schema(schema).build())
        .isInstanceOfSatisfying(PayloadStoreException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e).hasMessageContaining("version 2");
        });
  }
}

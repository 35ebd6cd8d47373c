package io.payloadoffload.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

  @Test
  void parsesASupabaseStyleUrl() {
    PostgresUrl url = PostgresUrl.parse(
        "postgres://postgres.abcd:s3cr%40t%2Fpw@aws-0-eu-central-1.pooler.example.com:6543/postgres?sslmode=require");

    assertThat(url.user()).contains("postgres.abcd");
    assertThat(url.password()).contains("s3cr@t/pw");
    assertThat(url.host()).isEqualTo("aws-0-eu-central-1.pooler.example.com");
    assertThat(url.port()).isEqualTo(6543);
    assertThat(url.database()).contains("postgres");
    assertThat(url.sslMode()).contains("require");
    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://aws-0-eu-central-1.pooler.example.com:6543/postgres?sslmode=require");
    assertThat(url.toString()).doesNotContain("s3cr").contains("****");
  }

  @Test
  void defaultsThePortAndAcceptsThePostgresqlScheme() {
    PostgresUrl url = PostgresUrl.parse("postgresql://app@db.internal/orders");

    assertThat(url.port()).isEqualTo(PostgresUrl.DEFAULT_PORT);
    assertThat(url.user()).contains("app");
    assertThat(url.password()).isEmpty();
    assertThat(url.sslMode()).isEmpty();
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/orders");
  }

  @Test
  void handlesIpv6HostsAndCredentialsInTheQuery() {
    PostgresUrl url = PostgresUrl.parse("postgres://[::1]:5433/db?user=u&password=p%26w&application_name=a%20b");

    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.port()).isEqualTo(5433);
    assertThat(url.user()).contains("u");
    assertThat(url.password()).contains("p&w");
    assertThat(url.parameters()).isEqualTo(Map.of("application_name", "a b"));
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db?application_name=a%20b");
  }

  @Test
  void toleratesAnUnencodedAtSignInThePassword() {
    PostgresUrl url = PostgresUrl.parse("postgres://u:p@ss@host/db");

    assertThat(url.password()).contains("p@ss");
    assertThat(url.host()).isEqualTo("host");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mysql://u:Hunter2Secret@host/db",
      "postgres://u:Hunter2Secret@/db",
      "postgres://u:Hunter2Secret@host:notaport/db",
      "postgres://u:Hunter2Secret@host:70000/db",
      "postgres://u:Hunter2Secret@host/db?sslmode=sometimes",
      "postgres://u:Hunter2Secret%zz@host/db",
      "postgres://u:Hunter2Secret@h1,h2/db",
      "postgres://u:Hunter2Secret@host/db/extra",
      "postgres://u:Hunter2Secret@[::1/db",
      "postgres://u:Hunter2Secret@host/db#frag",
      "postgres://u:Hunter2Secret@ho st/db",
      "postgres://u:Hunter2Secret@x?a=b@host/db",
      "postgres://u:Hunter2Secret@-/db",
      "postgres://host/db?password=Hunter2Secret&sslmode=bogus",
      "Hunter2Secret"})
  void rejectsBadUrlsWithoutShowingThePassword(String bad) {
    assertThatThrownBy(() -> PostgresUrl.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid PostgreSQL URL")
        .message().doesNotContain("Hunter2Secret");
  }

  @Property(tries = 300)
  void roundTripsEveryComponentThroughPercentEncoding(@ForAll("words") String user,
      @ForAll("words") String password, @ForAll("hosts") String host,
      @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll("words") String database,
      @ForAll("sslModes") String sslMode) {
    String text = "postgres://" + enc(user) + ":" + enc(password) + "@" + host + ":" + port + "/"
        + enc(database) + "?sslmode=" + sslMode;

    PostgresUrl url = PostgresUrl.parse(text);

    assertThat(url.user()).contains(user);
    assertThat(url.password()).contains(password);
    assertThat(url.host()).isEqualTo(host);
    assertThat(url.port()).isEqualTo(port);
    assertThat(url.database()).contains(database);
    assertThat(url.sslMode()).contains(sslMode);
    assertThat(url.toString()).startsWith("postgres://" + user + ":****@" + host + ":" + port + "/");
  }

  @Property(tries = 1000)
  void aBadPortNeverRevealsThePassword(@ForAll("secrets") String password, @ForAll("hosts") String host) {
    String text = "postgres://user:" + password + "@" + host + ":port/db";

    assertThatThrownBy(() -> PostgresUrl.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .message().doesNotContain(password);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.strings().withCharRange('!', '~').withChars(' ', 'é', 'ß', '€').ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<String> secrets() {
    return Arbitraries.strings().withCharRange('!', '~').excludeChars('%').ofMinLength(12).ofMaxLength(24)
        .map(s -> "Zq" + s);
  }

  @Provide
  Arbitrary<String> hosts() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.').ofMinLength(1).ofMaxLength(30)
        .map(s -> "h" + s + "z");
  }

  @Provide
  Arbitrary<String> sslModes() {
    return Arbitraries.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  }

  /** Regression: a password holding an unencoded '@' or '/' used to leak in part or whole. */
  @ParameterizedTest
  @ValueSource(strings = {"p@ss", "pa/ss", "p@s/s?x#y", "@", "s3cret"})
  void passwordsWithUrlCharactersAreMaskedWhole(String password) {
    String url = "postgresql://app:" + password + "@db.example:5432/app";
    assertThat(PostgresUrl.maskPassword(url)).isEqualTo("postgresql://app:****@db.example:5432/app");
  }

  @Test
  void maskPasswordLeavesUrlsWithoutPasswordsAlone() {
    assertThat(PostgresUrl.maskPassword(null)).isNull();
    for (String url : List.of("postgres://db.example:5432/app", "postgres://app@db.example/app",
        "jdbc:postgresql://db.example:5432/app?user=app", "jdbc:postgresql:app")) {
      assertThat(PostgresUrl.maskPassword(url)).isEqualTo(url);
    }
    assertThat(PostgresUrl.maskPassword("postgres:/app:s3cret@db.example/app")).doesNotContain("s3cret");
    assertThat(PostgresUrl.maskPassword("jdbc:postgresql://h/app?PASSWORD=s3cret")).isEqualTo("jdbc:postgresql://h/app?PASSWORD=****");
    assertThat(PostgresUrl.maskPassword("jdbc:postgresql://db.example/app?user=app&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db.example/app?user=app&password=****&ssl=true");
  }
}

package io.payloadoffload.postgres.internal;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed {@code postgres://user:password@host:port/database?sslmode=require} URL, the
 * {@code DATABASE_URL} form that Supabase, Heroku, Render and most hosts hand out. Immutable and
 * thread-safe.
 *
 * <p>User, password and database are percent-decoded. An IPv6 host is written in brackets. The port
 * defaults to {@value #DEFAULT_PORT}. Query parameters are passed to the JDBC driver unchanged,
 * except {@code user} and {@code password}, which are taken as credentials when the URL has none
 * before the {@code @}. {@link #toString()} and every error message hide the password.
 */
public final class PostgresUrl {
  /** The port used when the URL names none: {@value}. */
  public static final int DEFAULT_PORT = 5432;

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final Map<String, String> parameters;

  private PostgresUrl(String host, int port, String database, String user, String password,
      Map<String, String> parameters) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
    this.parameters = Collections.unmodifiableMap(parameters);
  }

  /**
   * Parses a URL.
   *
   * @param url {@code postgres://} or {@code postgresql://} URL
   * @return the parsed URL
   * @throws IllegalArgumentException if the URL is malformed; the message hides the password
   * @throws NullPointerException if {@code url} is null
   */
  public static PostgresUrl parse(String url) {
    if (url == null) {
      throw new NullPointerException("url");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else if (lower.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else {
      throw invalid(url, "it must start with postgres:// or postgresql:// (PostgresPayloadStore.Builder.url"
          + " also takes a jdbc:postgresql: URL)");
    }
    if (rest.indexOf('#') >= 0) {
      throw invalid(url, "it must not contain a fragment ('#'); percent-encode '#' in a password as %23");
    }
    int queryStart = rest.indexOf('?');
    int lastAt = (queryStart >= 0 ? rest.substring(0, queryStart) : rest).lastIndexOf('@');
    int authorityEnd = indexOfAny(rest, lastAt + 1, '/', '?');
    String authority = rest.substring(0, authorityEnd);
    String pathAndQuery = rest.substring(authorityEnd);

    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    String hostPort = authority;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      hostPort = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(url, colon >= 0 ? userInfo.substring(0, colon) : userInfo, "user name");
      password = colon >= 0 ? decode(url, userInfo.substring(colon + 1), "password") : null;
      if (user.isEmpty()) {
        user = null;
      }
    }

    String host;
    String portText = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw invalid(url, "the IPv6 host has no closing ']'");
      }
      host = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid(url, "unexpected text after the IPv6 host");
        }
        portText = after.substring(1);
      }
    } else {
      int colon = hostPort.indexOf(':');
      host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
      portText = colon >= 0 ? hostPort.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw invalid(url, "it names no host");
    }
    if (host.indexOf(',') >= 0) {
      throw invalid(url, "several hosts are not supported; use a JDBC URL for multi-host setups");
    }
    boolean ipv6 = hostPort.startsWith("[");
    if (!host.matches(ipv6 ? "[0-9A-Fa-f:.]+" : "[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      throw invalid(url, "the host is not a host name or address");
    }
    if (pathAndQuery.indexOf('@') >= 0) {
      throw invalid(url, "it has an '@' after the host; percent-encode '@' in the password as %40");
    }
    int port = parsePort(url, portText);

    String database = null;
    String query = "";
    if (pathAndQuery.startsWith("/")) {
      int q = pathAndQuery.indexOf('?');
      String path = q >= 0 ? pathAndQuery.substring(1, q) : pathAndQuery.substring(1);
      query = q >= 0 ? pathAndQuery.substring(q + 1) : "";
      if (path.indexOf('/') >= 0) {
        throw invalid(url, "the path must be just the database name");
      }
      database = path.isEmpty() ? null : decode(url, path, "database name");
    } else if (pathAndQuery.startsWith("?")) {
      query = pathAndQuery.substring(1);
    }

    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(url, eq >= 0 ? pair.substring(0, eq) : pair, "parameter name");
      String value = eq >= 0 ? decode(url, pair.substring(eq + 1), "value of " + key) : "";
      if (key.isEmpty()) {
        throw invalid(url, "a query parameter has no name");
      }
      if (key.equals("password")) {
        password = password == null ? value : password;
      } else if (key.equals("user")) {
        user = user == null ? value : user;
      } else {
        parameters.put(key, value);
      }
    }
    String sslMode = parameters.get("sslmode");
    if (sslMode != null && !SSL_MODES.contains(sslMode)) {
      throw invalid(url, "sslmode '" + sslMode + "' is not one of " + String.join(", ",
          new TreeSet<>(SSL_MODES)));
    }
    return new PostgresUrl(host, port, database, user, password, parameters);
  }

  private static int parsePort(String url, String portText) {
    if (portText == null || portText.isEmpty()) {
      return DEFAULT_PORT;
    }
    if (!portText.matches("[0-9]{1,5}")) {
      throw invalid(url, "the port '" + portText + "' is not a number");
    }
    int port = Integer.parseInt(portText);
    if (port < 1 || port > 65_535) {
      throw invalid(url, "the port " + port + " is not between 1 and 65535");
    }
    return port;
  }

  private static int indexOfAny(String s, int from, char a, char b) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return s.length();
  }

  private static String decode(String url, String text, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          throw invalid(url, "the " + what + " has a bad percent-escape; write '%' as %25");
        }
        out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          b = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String url, String reason) {
    return new IllegalArgumentException("Invalid PostgreSQL URL " + redact(url) + ": " + reason
        + ". Expected postgres://user:password@host:port/database?sslmode=require, with special"
        + " characters in the user name or password percent-encoded.");
  }

  /**
   * Replaces the password in a URL's user-info ({@code scheme://user:password@host}) and in a
   * {@code password=} query parameter with {@code ****}. The user-info password is taken to run to
   * the last {@code @}, so an unencoded {@code @} or {@code /} in it is masked too; an {@code @}
   * later in the URL may mask more than the password, never less.
   *
   * @param url any URL text, or {@code null}
   * @return the text with passwords masked, or {@code null}
   */
  public static String maskPassword(String url) {
    if (url == null) {
      return null;
    }
    // The password runs to the last '@': unencoded passwords may hold '@', '/', '?' or '#'.
    String userInfo = url.contains("://") ? "(://[^:/@]*:).*@" : "^([^:/@]*:).*@";
    return url.replaceAll(userInfo, "$1****@")
        .replaceAll("(?i)(password=)[^&]*", "$1****");
  }

  /**
   * The URL with everything between {@code ://} and the last {@code @} of the authority replaced by
   * the user name and {@code ****}, and any {@code password=} parameter value replaced too. Text
   * without {@code ://} is hidden entirely, since it may be a bare password.
   *
   * @param url any text
   * @return text safe to log
   */
  public static String redact(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return "'<hidden: not a URL>'";
    }
    String head = url.substring(0, scheme + 3);
    String rest = url.substring(scheme + 3);
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      int colon = userInfo.indexOf(':');
      String shownUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
      if (shownUser.indexOf('/') >= 0 || shownUser.indexOf('?') >= 0) {
        shownUser = "****";
      }
      rest = shownUser + ":****" + rest.substring(at);
    }
    return "'" + head + rest.replaceAll("(?i)(password=)[^&]*", "$1****") + "'";
  }

  /**
   * The JDBC URL for pgjdbc, without user or password.
   *
   * @return {@code jdbc:postgresql://host:port/database?parameters}
   */
  public String jdbcUrl() {
    StringBuilder sb = new StringBuilder("jdbc:postgresql://");
    sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append('/');
    if (database != null) {
      sb.append(encode(database));
    }
    char sep = '?';
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      sb.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      sep = '&';
    }
    return sb.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The host name or address.
   *
   * @return the host, without brackets for IPv6
   */
  public String host() {
    return host;
  }

  /**
   * The port.
   *
   * @return the port; default {@value #DEFAULT_PORT}
   */
  public int port() {
    return port;
  }

  /**
   * The database name.
   *
   * @return the decoded name, or empty when the URL names none (the server then uses the user name)
   */
  public Optional<String> database() {
    return Optional.ofNullable(database);
  }

  /**
   * The user name.
   *
   * @return the decoded user name, or empty
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * The password.
   *
   * @return the decoded password, or empty
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * The query parameters other than {@code user} and {@code password}, decoded, in URL order.
   *
   * @return an unmodifiable map, e.g. {@code sslmode=require}
   */
  public Map<String, String> parameters() {
    return parameters;
  }

  /**
   * The SSL mode.
   *
   * @return the {@code sslmode} parameter, or empty when the URL sets none
   */
  public Optional<String> sslMode() {
    return Optional.ofNullable(parameters.get("sslmode"));
  }

  @Override
  public String toString() {
    return "postgres://" + (user == null ? "" : user + (password == null ? "" : ":****") + "@")
        + jdbcUrl().substring("jdbc:postgresql://".length());
  }
}

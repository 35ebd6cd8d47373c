package io.payloadoffload.internal.resilience;

import io.payloadoffload.spi.PayloadHeader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes another component's error text fit for a log line. A store's or driver's message may hold
 * bound parameters (pgjdbc prints {@code bytea} values, a payload's bytes, in hex; rows are quoted),
 * bearer tokens and connection URLs with passwords. What may be data goes: passwords in URLs and
 * {@code password=} parameters, single-quoted literals, {@code \x} hex, runs of 16 or more hex
 * digits and runs of 33 or more Base64 characters, except transaction ids and SHA-256 checksums,
 * which name a payload without holding any of it. The rest (the database's own words, class names,
 * hosts and ports) stays, so the line still says what went wrong. Stateless and thread-safe.
 */
public final class Redaction {
  /** What a removed part becomes: {@value}. */
  public static final String REMOVED = "…";

  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\\s;,)'\"]*");
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^:/@\\s]*):[^@\\s/]*@");
  private static final Pattern QUOTED = Pattern.compile("'[^']*(?:'|$)");
  private static final Pattern ESCAPED_HEX = Pattern.compile("\\\\x[0-9A-Fa-f]*");
  private static final Pattern DATA_RUN =
      Pattern.compile("(?:txn_|sha256:)?(?:[0-9A-Fa-f]{16,}|[0-9A-Za-z+/=_-]{33,})");

  private Redaction() {}

  /**
   * The text with everything that may be data or a secret removed.
   *
   * @param text any text, may be {@code null}
   * @return the scrubbed text; {@code null} for {@code null}
   */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String s = PASSWORD_PARAMETER.matcher(text).replaceAll("$1****");
    s = USER_INFO_PASSWORD.matcher(s).replaceAll("$1:****@");
    s = QUOTED.matcher(s).replaceAll("'" + REMOVED + "'");
    s = ESCAPED_HEX.matcher(s).replaceAll(REMOVED);
    Matcher m = DATA_RUN.matcher(s);
    return m.replaceAll(r -> Matcher.quoteReplacement(names(r.group()) ? r.group() : REMOVED));
  }

  /** A transaction id or a SHA-256 checksum: it names a payload and holds none of it. */
  private static boolean names(String run) {
    return PayloadHeader.isValidId(run) || run.startsWith("sha256:") && run.length() == 7 + 64;
  }
}

package io.payloadoffload.examples;

import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.postgres.PostgresPayloadStore;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures as the server log may show them. A store's or driver's message can hold bound parameters
 * (the PostgreSQL driver prints {@code bytea} values, the payload's bytes, in hex), session ids,
 * which are bearer tokens, and connection URLs. Here every run of 16 or more hex digits is replaced by
 * {@value #REDACTED}, except transaction ids and SHA-256 checksums, which name a payload without
 * holding any of it, and passwords are masked as {@link PostgresPayloadStore#maskPassword(String)} does.
 * What is left (the database's own text, class names, stack frames) stays, so the log still says
 * what went wrong.
 */
final class LogSafe {
  static final String REDACTED = "[redacted]";
  private static final Pattern HEX_RUN = Pattern.compile("(?:txn_|sha256:)?[0-9A-Fa-f]{16,}");

  private LogSafe() {}

  /** The failure and its causes on one line, each as {@code class: message}, redacted. */
  static String describe(Throwable failure) {
    StringBuilder line = new StringBuilder();
    for (Throwable t = redacted(failure); t != null; t = t.getCause()) {
      line.append(line.length() == 0 ? "" : "; caused by ").append(t);
    }
    return line.toString();
  }

  /**
   * A copy of the failure and its causes with redacted messages and the original stack traces, to
   * log with its stack trace or to hand to code that may log it.
   */
  static Throwable redacted(Throwable failure) {
    return new Redacted(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  static String redact(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = HEX_RUN.matcher(PostgresPayloadStore.maskPassword(text));
    return m.replaceAll(r -> Matcher.quoteReplacement(keeps(r.group()) ? r.group() : REDACTED));
  }

  private static boolean keeps(String hex) {
    return PayloadHeader.isValidId(hex) || hex.startsWith("sha256:") && hex.length() == 7 + 64;
  }

  /** Shows the original's class name and redacted message; carries its stack trace. */
  private static final class Redacted extends Exception {
    private static final long serialVersionUID = 1L;
    private final String originalClass;

    Redacted(Throwable original, Set<Throwable> seen) {
      super(redact(original.getMessage()), causeOf(original, seen), false, true);
      originalClass = original.getClass().getName();
      setStackTrace(original.getStackTrace());
    }

    private static Redacted causeOf(Throwable original, Set<Throwable> seen) {
      seen.add(original);
      Throwable cause = original.getCause();
      return cause == null || seen.contains(cause) ? null : new Redacted(cause, seen);
    }

    @Override
    public String toString() {
      String message = getMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }
}

package io.payloadoffload.http;

import io.payloadoffload.spi.PayloadHeader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures as the servlet logs them. A store's or driver's message may hold stored bytes in hex,
 * bearer tokens (session ids) and connection URLs with passwords: every run of 16 or more hex digits
 * becomes {@value #REDACTED}, except transaction ids and SHA-256 checksums, which name a payload
 * without holding any of it, and passwords are masked: in {@code scheme://user:password@host} URLs and
 * in {@code password=} parameters.
 * Only class names and the redacted messages are logged, never a stack trace whose frames' exceptions
 * a logger would print unfiltered.
 */
final class LogText {
  static final String REDACTED = "[redacted]";
  private static final Pattern HEX_RUN = Pattern.compile("(?:txn_|sha256:)?[0-9A-Fa-f]{16,}");
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^@\\s]*@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;\\s)'\"]*");

  private LogText() {}

  /** The failure and its causes on one line, each as {@code class: message}, redacted. */
  static String describe(Throwable failure) {
    StringBuilder line = new StringBuilder();
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 10; t = t.getCause(), depth++) {
      line.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getName());
      if (t.getMessage() != null) {
        line.append(": ").append(redact(t.getMessage()));
      }
    }
    return line.toString();
  }

  static String redact(String text) {
    String masked = PASSWORD_PARAMETER.matcher(URL_PASSWORD.matcher(text).replaceAll("$1****@")).replaceAll("$1****");
    Matcher m = HEX_RUN.matcher(masked);
    return m.replaceAll(r -> Matcher.quoteReplacement(keeps(r.group()) ? r.group() : REDACTED));
  }

  private static boolean keeps(String hex) {
    return PayloadHeader.isValidId(hex) || hex.startsWith("sha256:") && hex.length() == 7 + 64;
  }
}

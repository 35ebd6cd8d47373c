package io.payloadoffload.examples;

import io.payloadoffload.http.RequestAuthenticator;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Session ids. A session id is also the bearer token that fetches the session's payloads, so it never
 * goes into a log: log statements name a session by its {@link #fingerprint(String)}.
 */
final class SessionTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionTokens() {}

  /** A new session id: {@code sess_} and 128 random bits in hex, so one session cannot guess another's. */
  static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "sess_" + HexFormat.of().formatHex(bytes);
  }

  /**
   * How logs name a session, the same way the payload servlet's logs do
   * ({@link RequestAuthenticator#fingerprint(String)}), so one session can be followed through both.
   */
  static String fingerprint(String token) {
    return RequestAuthenticator.fingerprint(token);
  }
}

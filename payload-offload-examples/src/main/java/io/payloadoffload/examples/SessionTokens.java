package io.payloadoffload.examples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Session ids. A session id is also the bearer token that fetches the session's payloads, so it never
 * goes into a log: log statements name a session by its {@link #fingerprint(String)}.
 */
final class SessionTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int FINGERPRINT_BYTES = 4;

  private SessionTokens() {}

  /** A new session id: {@code sess_} and 128 random bits in hex, so one session cannot guess another's. */
  static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "sess_" + HexFormat.of().formatHex(bytes);
  }

  /**
   * How logs name a session: the first 8 hex digits of its token's SHA-256. Enough to follow one
   * session through a log; useless as a credential.
   */
  static String fingerprint(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

package io.payloadoffload.http;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps an HTTP request to the session that asks for a payload: the {@code requesterSessionId} that
 * {@link io.payloadoffload.PayloadResolver} compares with the session the payload was offloaded for.
 * {@link PayloadServlet} answers 401 with {@code WWW-Authenticate: }{@link #challenge()} when this
 * returns empty.
 *
 * <p>The default, {@link #bearer()}, takes the session id from {@code Authorization: Bearer <id>}. Plug
 * in your own to map a cookie, a JWT's claim or a container principal to your session ids:
 *
 * <pre>{@code
 * RequestAuthenticator fromPrincipal = request ->
 *     Optional.ofNullable(request.getUserPrincipal()).map(Principal::getName);
 * }</pre>
 *
 * <p>Implementations are called concurrently from the container's threads and must be thread-safe.
 * An implementation that throws gets the request a generic 500; its exception is logged with long hex
 * runs redacted, since it may hold a credential.
 */
@FunctionalInterface
public interface RequestAuthenticator {
  /** The challenge of {@link #bearer()} and the default of {@link #challenge()}: {@value}. */
  String BEARER_CHALLENGE = "Bearer";

  /**
   * The requester's session id, or empty when the request does not say who asks (401).
   *
   * @param request the request for a payload
   * @return the session id; empty if the request carries no usable credential
   */
  Optional<String> sessionOf(HttpServletRequest request);

  /**
   * The {@code WWW-Authenticate} value sent with a 401. Default: {@value #BEARER_CHALLENGE}.
   *
   * @return the challenge
   */
  default String challenge() {
    return BEARER_CHALLENGE;
  }

  /**
   * The default: the session id is the token of {@code Authorization: Bearer <token>} (the scheme's
   * case does not matter, surrounding blanks are trimmed). No header, another scheme or an empty token
   * give empty.
   *
   * @return the bearer authenticator; stateless and thread-safe
   */
  static RequestAuthenticator bearer() {
    return request -> {
      String authorization = request.getHeader("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return Optional.empty();
      }
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    };
  }

  /**
   * How logs name a session: the first 8 hex digits of the SHA-256 of its id. Enough to follow one
   * session through a log; useless as a credential. {@link PayloadServlet} logs sessions this way only.
   *
   * @param sessionId the session id (often a bearer token)
   * @return 8 lowercase hex digits
   * @throws NullPointerException if {@code sessionId} is null
   */
  static String fingerprint(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

package io.payloadoffload.client;

import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadVerifier;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The receiving side of the claim-check pattern for a Java client: finds an envelope in a message,
 * fetches the payload it stands for over HTTP with a bearer token, and verifies the bytes against
 * the envelope (exact size, and the checksum when the envelope has one) as they stream. It uses only
 * the JDK's {@link HttpClient} and the core's public API: no server, no logging binding.
 *
 * <pre>{@code
 * PayloadClient client = PayloadClient.builder(URI.create("https://api.example.com/payloads/")).build();
 * Optional<PayloadEnvelope> envelope = PayloadClient.envelopeIn(messageText);
 * byte[] result = envelope.isPresent()
 *     ? client.fetch(envelope.get(), sessionToken)           // verified, or an exception
 *     : messageText.getBytes(StandardCharsets.UTF_8);
 * }</pre>
 *
 * <p>A payload is fetched with {@code GET <payloadsUri><transaction id>} and
 * {@code Authorization: Bearer <token>}, the contract of the fetch endpoint in
 * {@code docs/websocket.md}. Each failure has its own exception:
 *
 * <table>
 *   <caption>What a fetch throws</caption>
 *   <tr><th>cause</th><th>exception</th></tr>
 *   <tr><td>400</td><td>{@link BadFetchRequestException}</td></tr>
 *   <tr><td>401, 403</td><td>{@link UnauthorizedFetchException}</td></tr>
 *   <tr><td>404</td><td>{@link PayloadNotFoundException}</td></tr>
 *   <tr><td>410</td><td>{@link PayloadExpiredException}</td></tr>
 *   <tr><td>503</td><td>{@link StoreUnavailableException} (try again later)</td></tr>
 *   <tr><td>another status, a failed or stalled transfer</td><td>{@link PayloadFetchException}</td></tr>
 *   <tr><td>bytes that differ from the envelope</td><td>{@link PayloadIntegrityException}</td></tr>
 *   <tr><td>a declared size above {@link Builder#maxPayloadBytes}</td>
 *       <td>{@link PayloadTooLargeException}, before any request</td></tr>
 * </table>
 *
 * <p>No message of these exceptions holds the bearer token, and none holds more than
 * {@value #MAX_ERROR_BODY_CHARS} characters of a server's error body. Immutable and thread-safe.
 */
public final class PayloadClient {
  /** Default limit on the wait for a response, and for each read of its body: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Default limit on opening a connection: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Default largest payload fetched: {@value} bytes (100 MiB), the offloader's default largest
   * payload.
   */
  public static final long DEFAULT_MAX_PAYLOAD_BYTES = OffloadConfig.DEFAULT_MAX_PAYLOAD_BYTES;
  /** The most characters of a server's error body that an exception message quotes: {@value}. */
  public static final int MAX_ERROR_BODY_CHARS = 200;
  /** The largest payload {@link #fetch} can return in one array: {@value} bytes. */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8L;

  private final URI payloadsUri;
  private final HttpClient http;
  private final Duration timeout;
  private final long maxPayloadBytes;

  private PayloadClient(Builder b) {
    this.payloadsUri = b.payloadsUri;
    this.timeout = b.timeout;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.http = b.http != null ? b.http
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * A builder for a client of one fetch endpoint.
   *
   * @param payloadsUri the address payload ids are appended to, such as
   *     {@code https://api.example.com/payloads/}; a missing trailing {@code /} is added
   * @return a builder with every default
   * @throws IllegalArgumentException if the address is not an absolute {@code http} or {@code https}
   *     address, or has a query or fragment
   * @throws NullPointerException if null
   */
  public static Builder builder(URI payloadsUri) {
    return new Builder(payloadsUri);
  }

  /**
   * The envelope a message carries in place of a payload, if it is one: a JSON object with
   * {@code "retrieval_required": true} and a {@code message_bus_transaction_id}, checked in full.
   * Any other text (a payload delivered inline, plain text, other JSON) gives an empty result.
   *
   * @param message the text received, such as a tool result's text; may be {@code null}
   * @return the envelope, or empty when the message is the payload itself
   * @throws EnvelopeFormatException if the message claims to be an envelope but is not a valid one
   *     (an unknown version, a malformed id, a negative size): it must not be used as the payload
   */
  public static Optional<PayloadEnvelope> envelopeIn(String message) {
    return PayloadEnvelope.isEnvelope(message) ? Optional.of(PayloadEnvelope.parse(message))
        : Optional.empty();
  }

  /**
   * Fetches a payload and returns it once all of it has arrived and matched its envelope.
   *
   * @param envelope the envelope received in place of the payload
   * @param bearerToken the token the fetch endpoint expects (in the example server, the session id)
   * @return exactly the original bytes
   * @throws PayloadTooLargeException if the envelope declares more than {@link Builder#maxPayloadBytes}
   *     or {@link #MAX_ARRAY_BYTES}; nothing is requested
   * @throws PayloadIntegrityException if the bytes differ from the envelope's size or checksum
   * @throws PayloadFetchException for a status without its own exception, or a failed or stalled
   *     transfer (see the class description for the others)
   * @throws IllegalArgumentException if the token is blank or not a single line
   * @throws NullPointerException if an argument is null
   */
  public byte[] fetch(PayloadEnvelope envelope, String bearerToken) {
    checkSize(envelope, Math.min(maxPayloadBytes, MAX_ARRAY_BYTES));
    try (InputStream in = openStream(envelope, bearerToken)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw transferFailed(envelope.transactionId(), e);
    }
  }

  /**
   * Fetches a payload as a stream that verifies it: the bytes come as they arrive, and the end of
   * the stream is reported only when all of them matched the envelope; otherwise a read throws
   * {@link PayloadIntegrityException} (unchecked) instead. Read it to the end, and discard what was
   * read when a read throws. A read that gets no byte for the {@link Builder#timeout} throws an
   * {@link IOException}. Closing the stream ends the transfer.
   *
   * @param envelope the envelope received in place of the payload
   * @param bearerToken the token the fetch endpoint expects
   * @return the payload's bytes, verified at the end; not thread-safe
   * @throws PayloadTooLargeException if the envelope declares more than {@link Builder#maxPayloadBytes};
   *     nothing is requested
   * @throws PayloadFetchException for a status without its own exception or a failed request (see
   *     the class description for the others)
   * @throws IllegalArgumentException if the token is blank or not a single line
   * @throws NullPointerException if an argument is null
   */
  public InputStream openStream(PayloadEnvelope envelope, String bearerToken) {
    checkSize(envelope, maxPayloadBytes);
    Objects.requireNonNull(bearerToken, "bearerToken");
    if (bearerToken.isBlank() || bearerToken.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new IllegalArgumentException("bearerToken must be a non-blank single line");
    }
    String id = envelope.transactionId();
    HttpRequest request = HttpRequest.newBuilder(payloadsUri.resolve(id)).timeout(timeout)
        .header("Authorization", "Bearer " + bearerToken).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, info -> new TimedBodyStream(timeout));
    } catch (IOException e) {
      throw transferFailed(id, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PayloadFetchException("Interrupted while fetching payload " + id + ".", id, 0, e);
    }
    InputStream body = response.body();
    if (response.statusCode() != 200) {
      throw statusError(envelope, response.statusCode(), errorBody(body));
    }
    return PayloadVerifier.verifying(envelope, body);
  }

  /**
   * The address payload ids are appended to.
   *
   * @return the address, ending in {@code /}
   */
  public URI payloadsUri() {
    return payloadsUri;
  }

  /**
   * The limit on the wait for a response and for each read of its body.
   *
   * @return the timeout; default {@link #DEFAULT_TIMEOUT} (30 seconds)
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The largest payload this client fetches.
   *
   * @return bytes; default {@value #DEFAULT_MAX_PAYLOAD_BYTES}
   */
  public long maxPayloadBytes() {
    return maxPayloadBytes;
  }

  @Override
  public String toString() {
    return "PayloadClient{payloadsUri=" + payloadsUri + ", timeout=" + timeout + ", maxPayloadBytes="
        + maxPayloadBytes + "}";
  }

  private static void checkSize(PayloadEnvelope envelope, long limit) {
    Objects.requireNonNull(envelope, "envelope");
    long size = envelope.payloadSizeBytes();
    if (size > limit) {
      throw new PayloadTooLargeException("Payload " + envelope.transactionId() + " declares " + size
          + " bytes, more than this client's limit of " + limit + " bytes; nothing was fetched."
          + (limit < MAX_ARRAY_BYTES ? " Raise maxPayloadBytes to fetch it" : " Read it with openStream")
          + ".", envelope.transactionId(), size, limit);
    }
  }

  /** The start of an error response's body, for the message; the rest is discarded. */
  private static String errorBody(InputStream body) {
    try (InputStream in = body) {
      String text = new String(in.readNBytes(MAX_ERROR_BODY_CHARS * 4), StandardCharsets.UTF_8).strip();
      return text.length() > MAX_ERROR_BODY_CHARS ? text.substring(0, MAX_ERROR_BODY_CHARS - 1) + "…" : text;
    } catch (IOException | UncheckedIOException e) {
      return "(no readable body)";
    }
  }

  private static PayloadOffloadException statusError(PayloadEnvelope envelope, int status, String body) {
    String id = envelope.transactionId();
    String said = body.isEmpty() ? "" : " The server said: " + body;
    switch (status) {
      case 400:
        return new BadFetchRequestException("The server rejected the request for payload " + id
            + " as malformed (HTTP 400). Check the envelope and the fetch address." + said, id);
      case 401:
      case 403:
        return new UnauthorizedFetchException("The server refused the bearer token for payload "
            + id + " (HTTP " + status + "). Send the token of the session the payload was sent to." + said,
            id, status);
      case 404:
        return new PayloadNotFoundException(id);
      case 410:
        return new PayloadExpiredException(id, envelope.expiresAt());
      case 503:
        return new StoreUnavailableException("The server's payload store is unavailable while fetching"
            + " payload " + id + " (HTTP 503). Fetch it again later." + said, id, null);
      default:
        return new PayloadFetchException("Fetching payload " + id + " failed with HTTP " + status + "."
            + said, id, status, null);
    }
  }

  private static PayloadFetchException transferFailed(String id, IOException e) {
    return new PayloadFetchException("Fetching payload " + id + " failed: " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ". Nothing partial was returned;"
        + " fetch it again.", id, 0, e);
  }

  /** Builds a {@link PayloadClient}. Not thread-safe; each setter checks its argument at once. */
  public static final class Builder {
    private final URI payloadsUri;
    private HttpClient http;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private long maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;

    private Builder(URI payloadsUri) {
      Objects.requireNonNull(payloadsUri, "payloadsUri");
      String scheme = payloadsUri.getScheme() == null ? "" : payloadsUri.getScheme().toLowerCase(Locale.ROOT);
      if (!payloadsUri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
          || payloadsUri.getRawAuthority() == null) {
        throw new IllegalArgumentException("payloadsUri must be an absolute http or https address, such as"
            + " https://api.example.com/payloads/: " + payloadsUri);
      }
      if (payloadsUri.getRawQuery() != null || payloadsUri.getRawFragment() != null) {
        throw new IllegalArgumentException("payloadsUri must have no query or fragment, since payload ids"
            + " are appended to it: " + payloadsUri);
      }
      String path = payloadsUri.getRawPath() == null ? "" : payloadsUri.getRawPath();
      this.payloadsUri = path.endsWith("/") ? payloadsUri : URI.create(payloadsUri + "/");
    }

    /**
     * Uses an {@link HttpClient} the application configured (proxy, TLS, executor). Its connect
     * timeout then applies instead of {@link #connectTimeout}.
     *
     * @param http the client; default a new one with {@link #connectTimeout} that follows no redirects
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * Sets the limit on the wait for a response's status and headers, and on each read of its body:
     * a server that stops sending fails the fetch instead of blocking it.
     *
     * @param timeout positive; default {@link #DEFAULT_TIMEOUT} (30 seconds)
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets the limit on opening a connection, for the client this builder creates.
     *
     * @param timeout positive; default {@link #DEFAULT_CONNECT_TIMEOUT} (10 seconds)
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the largest payload fetched; an envelope declaring more fails before any request.
     *
     * @param bytes at least 1; default {@value #DEFAULT_MAX_PAYLOAD_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPayloadBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be >= 1: " + bytes);
      }
      this.maxPayloadBytes = bytes;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public PayloadClient build() {
      return new PayloadClient(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}

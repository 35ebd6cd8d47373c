package io.payloadoffload.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.StoredBytesStream;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.PayloadExpiredException;
import io.payloadoffload.exception.PayloadNotFoundException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.spi.PayloadHeader;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET} and {@code HEAD /payloads/{txn_id}}: a stored payload, to the session that owns
 * it, through a {@link PayloadResolver}. Register it under a path-prefix mapping such as
 * {@value #DEFAULT_MAPPING}; the id is the path after the mapping.
 *
 * <pre>{@code
 * PayloadServlet servlet = PayloadServlet.builder().resolver(resolver).build();
 * servletContext.addServlet("payloads", servlet).addMapping(PayloadServlet.DEFAULT_MAPPING);
 * }</pre>
 *
 * <h2>Answers</h2>
 * <ul>
 *   <li>200 with the original bytes, {@code Content-Length}, the payload's {@code Content-Type},
 *       {@value #CHECKSUM_HEADER} (the checksum of the original bytes, as in the envelope),
 *       {@value #SIZE_HEADER} (the original size), {@code ETag}, {@code Last-Modified},
 *       {@code Accept-Ranges: bytes} and {@code Vary: Accept-Encoding}.
 *   <li>200 with the stored bytes as they are and {@code Content-Encoding: zstd} or {@code gzip} when
 *       the client's {@code Accept-Encoding} names the stored compression (pass-through). The server
 *       checks the stored size, not the checksum: the client decodes and compares the original bytes
 *       with {@value #CHECKSUM_HEADER}.
 *   <li>206 with {@code Content-Range} for a single {@code Range: bytes=} request, over the original
 *       bytes; 416 with {@code Content-Range: bytes *}{@code /size} for a range past the end. A range is
 *       cut from the decoded payload: the stored bytes are decoded from the start, the bytes before the
 *       range are skipped, and decoding goes on to the end so that the checksum is verified before the
 *       last bytes of the range are sent. It costs the network only the range, and the server the
 *       decoding of the whole payload.
 *   <li>304 when {@code If-None-Match} names the payload's ETag; {@code If-Range} is honoured.
 *   <li>400 for a malformed id, 401 (with {@code WWW-Authenticate}) when the
 *       {@link RequestAuthenticator} finds no session, 404 for a payload that does not exist or belongs
 *       to another session, 410 for an expired one, 405 with {@code Allow: GET, HEAD} for other methods,
 *       503 with {@code Retry-After} when the store is unavailable, and a generic 500 for anything
 *       else. Error bodies are {@code {"error":..,"message":..}} JSON and never hold a stack trace or a
 *       store's message; the details go to the log once, redacted.
 * </ul>
 *
 * <p>The last buffer of a body is held back until the end of the payload has been read: the checksum
 * verified (identity and ranges) or the stored size confirmed (pass-through). A payload that fails
 * there never reaches its {@code Content-Length}: the servlet throws after the headers were sent, the
 * container aborts the response, and the client sees a truncated body rather than wrong bytes.
 *
 * <p>Thread-safe: one instance serves all requests. It never closes the resolver.
 */
public final class PayloadServlet extends HttpServlet {
  /** The header with the checksum of the original bytes, as in the envelope: {@value}. */
  public static final String CHECKSUM_HEADER = "X-Payload-Checksum";
  /** The header with the size of the original bytes, also when the body is encoded: {@value}. */
  public static final String SIZE_HEADER = "X-Payload-Size";
  /** The methods served, as sent in {@code Allow} with a 405: {@value}. */
  public static final String ALLOWED_METHODS = "GET, HEAD";
  /** The mapping the documentation and the example server use: {@value}. */
  public static final String DEFAULT_MAPPING = "/payloads/*";
  /** Default {@code Cache-Control} of a payload: {@value}. */
  public static final String DEFAULT_CACHE_CONTROL = "no-store";
  /** Default {@code Retry-After} of a 503: 5 seconds. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
  /** Default size of each of the two copy buffers: {@value} bytes (64 KiB). */
  public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PayloadServlet.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient PayloadResolver resolver;
  private final transient RequestAuthenticator authenticator;
  private final transient String cacheControl;
  private final transient String retryAfterSeconds;
  private final transient int bufferBytes;

  private PayloadServlet(Builder b) {
    this.resolver = b.resolver;
    this.authenticator = b.authenticator;
    this.cacheControl = b.cacheControl;
    this.retryAfterSeconds = Long.toString(b.retryAfter.toSeconds());
    this.bufferBytes = b.bufferBytes;
  }

  /**
   * A new builder. A resolver is required; everything else has a default.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Answers one request; see the class description for the statuses.
   *
   * @param request the request
   * @param response the response
   * @throws IOException when the response must be aborted after its headers were sent (the
   *     container then breaks the connection), or the container's own I/O failed
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    boolean head = "HEAD".equals(method);
    if (!head && !"GET".equals(method)) {
      response.setHeader("Allow", ALLOWED_METHODS);
      sendError(response, head, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed", "Use GET or HEAD.");
      return;
    }
    String pathInfo = request.getPathInfo();
    String id = pathInfo == null || pathInfo.isEmpty() ? "" : pathInfo.substring(1);
    if (!PayloadHeader.isValidId(id)) {
      sendError(response, head, HttpServletResponse.SC_BAD_REQUEST, "bad_request",
          "Malformed transaction id: expected txn_ followed by 32 lowercase hex digits.");
      return;
    }
    Optional<String> session;
    try {
      session = Objects.requireNonNull(authenticator.sessionOf(request), "the authenticator returned null");
    } catch (RuntimeException e) {
      LOG.error("Payload {}: the request authenticator failed: {}", id, LogText.describe(e));
      sendInternalError(response, head, id);
      return;
    }
    if (session.isEmpty()) {
      response.setHeader("WWW-Authenticate", authenticator.challenge());
      sendError(response, head, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
          "Send the credential of the session that offloaded the payload (" + authenticator.challenge() + ").");
      return;
    }
    serve(request, response, id, session.get(), head);
  }

  private void serve(HttpServletRequest request, HttpServletResponse response, String id, String session,
      boolean head) throws IOException {
    String rangeHeader = request.getHeader("Range");
    // A range is over the original bytes, so a ranged request is never passed through.
    String acceptEncoding = rangeHeader == null ? request.getHeader("Accept-Encoding") : null;
    try (Opened opened = open(id, session, acceptEncoding)) {
      PayloadEnvelope envelope = opened.envelope;
      long size = envelope.payloadSizeBytes();
      response.setHeader("Content-Type", envelope.contentType());
      response.setHeader("Cache-Control", cacheControl);
      response.setHeader("Vary", "Accept-Encoding");
      response.setHeader("Accept-Ranges", "bytes");
      response.setDateHeader("Last-Modified", envelope.createdAt().toEpochMilli());
      response.setHeader(SIZE_HEADER, Long.toString(size));
      envelope.checksum().ifPresent(c -> response.setHeader(CHECKSUM_HEADER, c));
      Validators.etag(envelope, opened.encoding).ifPresent(tag -> response.setHeader("ETag", tag));
      if (Validators.noneMatchFails(request.getHeader("If-None-Match"), envelope)) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        return;
      }
      ByteRange.Request range = Validators.rangeAllowed(request.getHeader("If-Range"), envelope)
          ? ByteRange.parse(rangeHeader, size) : ByteRange.parse(null, size);
      switch (range.kind()) {
        case UNSATISFIABLE:
          response.setHeader("Content-Range", "bytes */" + size);
          sendError(response, head, HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
              "The payload has " + size + " bytes; ask for a range that starts before its end.");
          return;
        case PART:
          response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
          response.setHeader("Content-Range", range.range().contentRange(size));
          send(response, head, opened.in, range.range().first(), range.range().length());
          break;
        default:
          response.setStatus(HttpServletResponse.SC_OK);
          if (opened.encoding != Compression.NONE) {
            response.setHeader("Content-Encoding", opened.encoding.wireName());
          }
          send(response, head, opened.in, 0, opened.encoding == Compression.NONE ? size : envelope.storedSizeBytes());
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("Payload {} served to session {}", id, RequestAuthenticator.fingerprint(session));
      }
    } catch (ClientGone e) {
      LOG.debug("Payload {}: the client went away during the transfer: {}", id, LogText.describe(e.getCause()));
    } catch (IOException | RuntimeException e) {
      fail(id, session, e, response, head);
    }
  }

  /** The stored bytes when the client accepts their compression, else the decoded, verified bytes. */
  private Opened open(String id, String session, String acceptEncoding) throws IOException {
    if (AcceptEncoding.accepts(acceptEncoding, Compression.ZSTD) || AcceptEncoding.accepts(acceptEncoding, Compression.GZIP)) {
      StoredBytesStream stored = resolver.openStoredById(id, session);
      Compression compression = stored.envelope().compression();
      if (AcceptEncoding.accepts(acceptEncoding, compression)) {
        return new Opened(stored, stored.envelope(), compression);
      }
      stored.close();
    }
    PayloadStream plain = resolver.openStreamById(id, session);
    return new Opened(plain, plain.envelope(), Compression.NONE);
  }

  private void send(HttpServletResponse response, boolean head, InputStream in, long skip, long length)
      throws IOException {
    response.setContentLengthLong(length);
    if (!head) {
      copy(in, skip, length, response.getOutputStream());
    }
  }

  /**
   * Reads {@code in} to its end, which verifies it, and writes the bytes from {@code skip} on, {@code
   * length} of them. The last buffer written is held back until the end has been read.
   */
  private void copy(InputStream in, long skip, long length, OutputStream out) throws IOException {
    long end = skip + length;
    byte[] current = new byte[bufferBytes];
    byte[] held = new byte[bufferBytes];
    int heldFrom = 0;
    int heldTo = 0;
    long position = 0;
    int n;
    while ((n = fill(in, current)) >= 0) {
      int from = (int) Math.min(n, Math.max(0, skip - position));
      int to = (int) Math.max(from, Math.min(n, end - position));
      position += n;
      if (to > from) {
        write(out, held, heldFrom, heldTo);
        byte[] swap = held;
        held = current;
        current = swap;
        heldFrom = from;
        heldTo = to;
      }
    }
    write(out, held, heldFrom, heldTo);
  }

  /** Reads until the buffer is full or the stream ends; -1 only when nothing was read. */
  private static int fill(InputStream in, byte[] buffer) throws IOException {
    int n = 0;
    while (n < buffer.length) {
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        return n == 0 ? -1 : n;
      }
      n += r;
    }
    return n;
  }

  private static void write(OutputStream out, byte[] bytes, int from, int to) throws ClientGone {
    if (to > from) {
      try {
        out.write(bytes, from, to - from);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }
  }

  private void fail(String id, String session, Exception e, HttpServletResponse response, boolean head)
      throws IOException {
    String fingerprint = RequestAuthenticator.fingerprint(session);
    if (response.isCommitted()) {
      LOG.warn("Payload {} for session {}: response aborted after its headers were sent: {}", id, fingerprint,
          LogText.describe(e));
      throw new IOException("Payload " + id + " failed after the response's headers were sent; the response"
          + " is aborted so that the client does not take a short body for the payload.");
    }
    response.reset();
    if (e instanceof PayloadNotFoundException) {
      sendError(response, head, HttpServletResponse.SC_NOT_FOUND, "not_found", e.getMessage());
    } else if (e instanceof PayloadExpiredException) {
      sendError(response, head, HttpServletResponse.SC_GONE, "expired", e.getMessage());
    } else if (e instanceof StoreUnavailableException || e instanceof IOException
        || e instanceof PayloadStoreException && !isStoreDefect(e)) {
      LOG.warn("Payload {} for session {}: the store is unavailable: {}", id, fingerprint, LogText.describe(e));
      response.setHeader("Retry-After", retryAfterSeconds);
      sendError(response, head, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "store_unavailable",
          "The payload store is unavailable. Try again shortly.");
    } else {
      LOG.error("Payload {} for session {} could not be served: {}", id, fingerprint, LogText.describe(e));
      sendInternalError(response, head, id);
    }
  }

  /**
   * Whether a store error stands for a bug in the store (it threw an unchecked exception that is not
   * a store error) rather than a store that reported a failure: the first is a 500, the second a 503.
   */
  private static boolean isStoreDefect(Throwable e) {
    Throwable cause = e.getCause();
    return cause instanceof RuntimeException && !(cause instanceof PayloadOffloadException);
  }

  private static void sendInternalError(HttpServletResponse response, boolean head, String id) throws IOException {
    sendError(response, head, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal_error",
        "Payload " + id + " could not be served because of an error on the server. Its log has the details.");
  }

  private static void sendError(HttpServletResponse response, boolean head, int status, String error,
      String message) throws IOException {
    byte[] body = JSON.createObjectNode().put("error", error).put("message", message).toString()
        .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Content-Type", "application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    if (!head) {
      response.getOutputStream().write(body);
    }
  }

  /** An open payload: the stream to send, what it holds, and the content coding it is in. */
  private static final class Opened implements AutoCloseable {
    final InputStream in;
    final PayloadEnvelope envelope;
    final Compression encoding;

    Opened(InputStream in, PayloadEnvelope envelope, Compression encoding) {
      this.in = in;
      this.envelope = envelope;
      this.encoding = encoding;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Writing to the client failed: the client went away; there is nobody left to answer. */
  private static final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super(cause);
    }
  }

  /**
   * Builds a {@link PayloadServlet}. Not thread-safe; each setter checks its argument at once, and
   * {@link #build()} copies the values into the immutable servlet.
   */
  public static final class Builder {
    private PayloadResolver resolver;
    private RequestAuthenticator authenticator = RequestAuthenticator.bearer();
    private String cacheControl = DEFAULT_CACHE_CONTROL;
    private Duration retryAfter = DEFAULT_RETRY_AFTER;
    private int bufferBytes = DEFAULT_BUFFER_BYTES;

    private Builder() {}

    /**
     * Sets the resolver that opens payloads. Required. Its {@code maxPayloadBytes} and listeners apply
     * to every fetch; the servlet never closes it.
     *
     * @param resolver the resolver
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder resolver(PayloadResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets how a request names its session. Default: {@link RequestAuthenticator#bearer()}.
     *
     * @param authenticator the authenticator; must be thread-safe
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder authenticator(RequestAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Sets the {@code Cache-Control} of payload responses (200, 206, 304). Default:
     * {@value #DEFAULT_CACHE_CONTROL}, since a payload is private to its session; {@code private,
     * no-cache} lets a browser keep it and revalidate with {@code If-None-Match}. Error responses are
     * always {@code no-store}.
     *
     * @param cacheControl the header's value
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if blank or not a single line
     */
    public Builder cacheControl(String cacheControl) {
      Objects.requireNonNull(cacheControl, "cacheControl");
      if (cacheControl.isBlank() || cacheControl.indexOf('\r') >= 0 || cacheControl.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("cacheControl must be a non-blank single line: '" + cacheControl + "'");
      }
      this.cacheControl = cacheControl;
      return this;
    }

    /**
     * Sets the {@code Retry-After} of a 503, in whole seconds. Default: 5 seconds
     * ({@link #DEFAULT_RETRY_AFTER}).
     *
     * @param retryAfter at least 1 second
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if shorter than 1 second
     */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.toSeconds() < 1) {
        throw new IllegalArgumentException("retryAfter must be >= 1 second: " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Sets the size of each of the two buffers a transfer uses (one is held back; see the class
     * description). Default: {@value #DEFAULT_BUFFER_BYTES} bytes.
     *
     * @param bufferBytes from 1024 to 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if outside 1024 to 16,777,216
     */
    public Builder bufferBytes(int bufferBytes) {
      if (bufferBytes < 1024 || bufferBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("bufferBytes must be between 1024 and 16777216: " + bufferBytes);
      }
      this.bufferBytes = bufferBytes;
      return this;
    }

    /**
     * Builds the servlet.
     *
     * @return a new servlet with this builder's settings
     * @throws IllegalStateException if no resolver was set
     */
    public PayloadServlet build() {
      if (resolver == null) {
        throw new IllegalStateException("a resolver is required: call resolver(PayloadResolver) before build()");
      }
      return new PayloadServlet(this);
    }
  }
}

package io.payloadoffload.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.payloadoffload.Delivery;
import io.payloadoffload.OffloadContext;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadStream;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.exception.PayloadOffloadException;
import io.payloadoffload.exception.PayloadTooLargeException;
import io.payloadoffload.exception.StoreUnavailableException;
import io.payloadoffload.spi.PayloadHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Claim-check offloading for servers built on the official MCP Java SDK: large tool results leave as
 * {@code resource_link} content, and {@code resources/read} reads them back.
 *
 * <p><b>Tools.</b> {@link #wrap(SyncToolSpecification)} and {@link #wrap(AsyncToolSpecification)}
 * return a tool whose results pass through {@link #route}: each text, image, audio or embedded
 * resource item is routed by the {@link PayloadOffloader} (its routing policy, threshold, breaker and
 * fallback). An item the policy keeps inline stays exactly as the tool made it; a result with no
 * offloaded item is returned as the same object. An offloaded item is replaced by a
 * {@link ResourceLink} whose URI comes from {@link Builder#uriTemplate(String)}, with name (the
 * transaction id), {@code mimeType}, {@code size}, a description, and the version-1 envelope under
 * {@link #ENVELOPE_META_KEY} in {@code _meta}; with {@link Builder#previewChars(int)} above zero, a
 * text item's first characters go before the link as a text item. When the store is unavailable and
 * the policy allows no fallback, or the policy rejects the item, the tool's result becomes an error
 * result ({@code isError: true}) that says why, without any payload byte. {@code structuredContent}
 * is never offloaded: it must match the tool's output schema.
 *
 * <p><b>Resources.</b> {@link #syncResourceTemplate()} and {@link #asyncResourceTemplate()} serve the
 * template's URIs through the {@link PayloadResolver}, with the MCP session as the requester (see
 * {@link #read}).
 *
 * <p>Immutable and thread-safe; one instance serves every session. It closes neither the offloader
 * nor the resolver.
 */
public final class McpOffloading {
  /** The {@code _meta} key of a link's version-1 envelope: {@value}. */
  public static final String ENVELOPE_META_KEY = "io.payloadoffload/envelope";
  /** The {@code _meta} key of a read result's payload size in bytes: {@value}. */
  public static final String SIZE_META_KEY = "io.payloadoffload/size";
  /** The {@code _meta} key of a read result's expiry, an ISO-8601 instant: {@value}. */
  public static final String EXPIRES_AT_META_KEY = "io.payloadoffload/expiresAt";
  /** The default URI template: {@value}. */
  public static final String DEFAULT_URI_TEMPLATE = "payload://" + PayloadUriTemplate.PLACEHOLDER;
  /** The default inline preview: {@value} characters (none). */
  public static final int DEFAULT_PREVIEW_CHARS = 0;
  /**
   * The default ceiling of one {@code resources/read}: 8 MiB. As base64 a blob of this size is
   * 11.2 MB of JSON, and text has room to double in JSON escaping, under the 16 MiB that the MCP Java
   * SDK's HTTP client reads by default.
   */
  public static final long DEFAULT_MAX_READ_BYTES = 8L * 1024 * 1024;
  /** The media type of an offloaded text item: {@value}. */
  public static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(McpOffloading.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String TEMPLATE_NAME = "offloaded-payload";

  private final PayloadOffloader offloader;
  private final PayloadResolver resolver;
  private final PayloadUriTemplate uriTemplate;
  private final PayloadUriTemplate fetchUriTemplate;
  private final int previewChars;
  private final long maxReadBytes;

  private McpOffloading(Builder b) {
    this.offloader = b.offloader;
    this.resolver = b.resolver;
    this.uriTemplate = b.uriTemplate;
    this.fetchUriTemplate = b.fetchUriTemplate;
    this.previewChars = b.previewChars;
    this.maxReadBytes = b.maxReadBytes;
  }

  /**
   * A new builder. The offloader and the resolver are required; both should use the same store.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A tool whose results are routed by {@link #route}. The tool's description and schemas are kept.
   *
   * @param tool the tool as the server would register it
   * @return the same tool with offloading
   * @throws NullPointerException if {@code tool} is null
   */
  public SyncToolSpecification wrap(SyncToolSpecification tool) {
    Objects.requireNonNull(tool, "tool");
    String name = tool.tool().name();
    return new SyncToolSpecification(tool.tool(),
        (exchange, request) -> route(tool.callHandler().apply(exchange, request), exchange.sessionId(), name));
  }

  /**
   * A tool whose results are routed by {@link #route}, on Reactor's bounded-elastic scheduler, so that
   * no store I/O runs on the transport's threads. The tool's description and schemas are kept.
   *
   * @param tool the tool as the server would register it
   * @return the same tool with offloading
   * @throws NullPointerException if {@code tool} is null
   */
  public AsyncToolSpecification wrap(AsyncToolSpecification tool) {
    Objects.requireNonNull(tool, "tool");
    String name = tool.tool().name();
    return new AsyncToolSpecification(tool.tool(), (exchange, request) -> tool.callHandler()
        .apply(exchange, request)
        .flatMap(result -> blocking(() -> route(result, exchange.sessionId(), name))));
  }

  /**
   * Routes each item of a tool's result; see the class description. Use it from a handler that the
   * {@code wrap} methods do not fit. A result the tool marks as an error ({@code isError: true}) is
   * returned as it is.
   *
   * @param result the tool's result
   * @param sessionId the MCP session that called the tool; only it can read the links
   * @param toolName the tool's name, recorded with the payload
   * @return {@code result} itself when nothing was offloaded; else a copy with links in place of the
   *     offloaded items, or an error result when the store is unavailable and the policy allows no
   *     fallback, or the policy rejects an item
   * @throws NullPointerException if {@code result} or {@code toolName} is null
   */
  public CallToolResult route(CallToolResult result, String sessionId, String toolName) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(toolName, "toolName");
    if (result.content() == null || Boolean.TRUE.equals(result.isError())) {
      return result;
    }
    List<Content> routed = new ArrayList<>(result.content().size());
    boolean offloaded = false;
    try {
      for (Content item : result.content()) {
        offloaded |= routeItem(item, sessionId, toolName, routed);
      }
    } catch (StoreUnavailableException e) {
      LOG.debug("Tool {}: the store is unavailable and the policy allows no fallback", toolName);
      return errorResult("The result of tool '" + toolName + "' is too large to send inline and the"
          + " payload store is unavailable. Try again shortly.");
    } catch (PayloadTooLargeException e) {
      LOG.debug("Tool {}: the routing policy rejected a result of {} bytes", toolName, e.sizeBytes());
      return errorResult("The result of tool '" + toolName + "' (" + e.sizeBytes() + " bytes) is larger"
          + " than this server sends (" + e.limitBytes() + " bytes). Ask for less.");
    }
    if (!offloaded) {
      return result;
    }
    return new CallToolResult(routed, result.isError(), result.structuredContent(), result.meta());
  }

  /**
   * Reads a payload URI for {@code resources/read}. The URI must fit the template and the payload
   * must belong to {@code sessionId}; text (a text, JSON or XML media type whose bytes are valid
   * UTF-8) comes back as text, anything else as a base64 blob. The contents' {@code _meta} holds
   * {@link #SIZE_META_KEY} and {@link #EXPIRES_AT_META_KEY}: SDK 2.1.0's read result has no
   * {@code size}, {@code ttlMs} or {@code cacheScope} field.
   *
   * @param uri the URI from a link
   * @param sessionId the MCP session asking
   * @return the payload's contents, verified against its checksum
   * @throws McpError {@code -32002} (resource not found) with {@code data.uri} alone when no payload
   *     behind the URI belongs to the session, exactly as for a URI that never existed; {@code -32002}
   *     with {@code data.reason} {@code expired} and {@code data.expiredAt} when its TTL has passed;
   *     {@code -32602} with {@code data.reason} {@code too_large} (and {@code data.fetchUri} when
   *     configured) when it is larger than {@link Builder#maxReadBytes(long)}; {@code -32603} with
   *     {@code data.reason} {@code store_unavailable}, {@code integrity} or {@code unreadable} when the
   *     store is down, the bytes fail their checksum, or the read fails otherwise
   * @throws NullPointerException if {@code uri} is null
   */
  public ReadResourceResult read(String uri, String sessionId) {
    Objects.requireNonNull(uri, "uri");
    String id = uriTemplate.transactionId(uri).orElseThrow(() -> ReadErrors.notFound(uri));
    Optional<String> fetchUri = fetchUri(id);
    try (PayloadStream in = resolver.openStreamById(id, sessionId)) {
      PayloadEnvelope envelope = in.envelope();
      if (envelope.payloadSizeBytes() > maxReadBytes) {
        throw ReadErrors.tooLarge(uri, envelope.payloadSizeBytes(), maxReadBytes, fetchUri);
      }
      byte[] bytes = in.readAllBytes();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put(SIZE_META_KEY, envelope.payloadSizeBytes());
      meta.put(EXPIRES_AT_META_KEY, envelope.expiresAt().toString());
      LOG.debug("Payload {}: read through MCP, {} bytes", id, bytes.length);
      return new ReadResourceResult(List.of(contents(uri, envelope.contentType(), bytes, meta)));
    } catch (PayloadOffloadException e) {
      throw ReadErrors.of(e, uri, maxReadBytes, fetchUri);
    } catch (IOException e) {
      throw ReadErrors.unreadable(uri);
    }
  }

  /**
   * The resource template for {@code resources/templates/list}, named {@code offloaded-payload}.
   *
   * @return the template of {@link Builder#uriTemplate(String)}
   */
  public ResourceTemplate resourceTemplate() {
    return new ResourceTemplate(uriTemplate.toString(), TEMPLATE_NAME, "Offloaded tool result",
        "A tool result too large to send inline. Read the URI of the resource_link the tool returned;"
            + " only the session that called the tool can read it, until it expires.", null, null);
  }

  /**
   * {@link #read} as a resource template for a synchronous server.
   *
   * @return the specification to pass to {@code resourceTemplates(...)}
   */
  public SyncResourceTemplateSpecification syncResourceTemplate() {
    return new SyncResourceTemplateSpecification(resourceTemplate(),
        (exchange, request) -> read(request.uri(), exchange.sessionId()));
  }

  /**
   * {@link #read} as a resource template for an asynchronous server, on Reactor's bounded-elastic
   * scheduler.
   *
   * @return the specification to pass to {@code resourceTemplates(...)}
   */
  public AsyncResourceTemplateSpecification asyncResourceTemplate() {
    return new AsyncResourceTemplateSpecification(resourceTemplate(),
        (exchange, request) -> blocking(() -> read(request.uri(), exchange.sessionId())));
  }

  /**
   * The URI of a payload.
   *
   * @param transactionId a payload's id
   * @return the template with the id in place of {@code {txn_id}}
   * @throws IllegalArgumentException if the id is not {@code txn_} and 32 lowercase hex digits
   */
  public String uriOf(String transactionId) {
    if (!PayloadHeader.isValidId(transactionId)) {
      throw new IllegalArgumentException("transactionId must be txn_ and 32 lowercase hex digits: '"
          + transactionId + "'");
    }
    return uriTemplate.uri(transactionId);
  }

  /**
   * The envelope a link carries in {@code _meta}, for code that resolves it without MCP (a
   * {@link PayloadResolver}, or an HTTP fetch endpoint with the session's credentials).
   *
   * @param link a link from a tool result
   * @return the envelope, or empty when the link carries none (it was not made by this module)
   * @throws EnvelopeFormatException if the link carries a malformed envelope
   * @throws NullPointerException if {@code link} is null
   */
  public static Optional<PayloadEnvelope> envelopeOf(ResourceLink link) {
    Objects.requireNonNull(link, "link");
    Object envelope = link.meta() == null ? null : link.meta().get(ENVELOPE_META_KEY);
    if (envelope == null) {
      return Optional.empty();
    }
    return Optional.of(PayloadEnvelope.parse(MAPPER.valueToTree(envelope)));
  }

  /**
   * The URI template.
   *
   * @return the template; default {@value #DEFAULT_URI_TEMPLATE}
   */
  public String uriTemplate() {
    return uriTemplate.toString();
  }

  /**
   * The HTTP fetch URI template named in the too-large error.
   *
   * @return the template; default empty (none)
   */
  public Optional<String> fetchUriTemplate() {
    return Optional.ofNullable(fetchUriTemplate).map(PayloadUriTemplate::toString);
  }

  /**
   * The inline preview before a text link.
   *
   * @return characters; default {@value #DEFAULT_PREVIEW_CHARS} (none)
   */
  public int previewChars() {
    return previewChars;
  }

  /**
   * The largest payload one {@code resources/read} returns.
   *
   * @return bytes; default {@link #DEFAULT_MAX_READ_BYTES} (8 MiB)
   */
  public long maxReadBytes() {
    return maxReadBytes;
  }

  @Override
  public String toString() {
    return "McpOffloading{uriTemplate=" + uriTemplate + ", fetchUriTemplate=" + fetchUriTemplate
        + ", previewChars=" + previewChars + ", maxReadBytes=" + maxReadBytes + "}";
  }

  /** Routes one item into {@code out}; true when it was offloaded. */
  private boolean routeItem(Content item, String sessionId, String toolName, List<Content> out) {
    String text = null;
    byte[] bytes;
    String contentType;
    if (item instanceof TextContent) {
      text = ((TextContent) item).text();
      bytes = text.getBytes(StandardCharsets.UTF_8);
      contentType = TEXT_CONTENT_TYPE;
    } else if (item instanceof ImageContent) {
      bytes = decode(((ImageContent) item).data());
      contentType = ((ImageContent) item).mimeType();
    } else if (item instanceof AudioContent) {
      bytes = decode(((AudioContent) item).data());
      contentType = ((AudioContent) item).mimeType();
    } else if (item instanceof EmbeddedResource && ((EmbeddedResource) item).resource() instanceof TextResourceContents) {
      TextResourceContents resource = (TextResourceContents) ((EmbeddedResource) item).resource();
      text = resource.text();
      bytes = text.getBytes(StandardCharsets.UTF_8);
      contentType = resource.mimeType() == null ? TEXT_CONTENT_TYPE : resource.mimeType();
    } else if (item instanceof EmbeddedResource && ((EmbeddedResource) item).resource() instanceof BlobResourceContents) {
      BlobResourceContents resource = (BlobResourceContents) ((EmbeddedResource) item).resource();
      bytes = decode(resource.blob());
      contentType = resource.mimeType();
    } else {
      out.add(item);
      return false;
    }
    if (bytes == null) {
      out.add(item);
      return false;
    }
    OffloadContext context = OffloadContext.of(sessionId, toolName).withContentType(contentType);
    Delivery delivery = offloader.offload(bytes, context);
    if (delivery.mode() != Delivery.Mode.REFERENCE) {
      out.add(item);
      return false;
    }
    if (text != null && previewChars > 0) {
      out.add(new TextContent(preview(text)));
    }
    out.add(link(delivery.envelope(), toolName));
    return true;
  }

  private ResourceLink link(PayloadEnvelope envelope, String toolName) {
    String uri = uriTemplate.uri(envelope.transactionId());
    String description = "The result of tool '" + toolName + "', " + envelope.payloadSizeBytes()
        + " bytes, stored until " + envelope.expiresAt() + ". Read it with resources/read"
        + fetchUri(envelope.transactionId()).map(u -> ", or over HTTP at " + u).orElse("") + ".";
    Map<String, Object> meta = Map.of(ENVELOPE_META_KEY, MAPPER.convertValue(envelope.toJsonNode(), MAP));
    return ResourceLink.builder().uri(uri).name(envelope.transactionId()).title(toolName + " result")
        .description(description).mimeType(envelope.contentType()).size(envelope.payloadSizeBytes())
        .meta(meta).build();
  }

  private String preview(String text) {
    if (text.length() <= previewChars) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(previewChars - 1)) ? previewChars - 1 : previewChars;
    return text.substring(0, end);
  }

  private Optional<String> fetchUri(String transactionId) {
    return Optional.ofNullable(fetchUriTemplate).map(t -> t.uri(transactionId));
  }

  private static ResourceContents contents(String uri, String contentType, byte[] bytes, Map<String, Object> meta) {
    if (isText(contentType)) {
      try {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        return new TextResourceContents(uri, contentType, text, meta);
      } catch (CharacterCodingException e) {
        LOG.debug("Payload at {} is labelled {} but is not UTF-8: returned as a blob", uri, contentType);
      }
    }
    return new BlobResourceContents(uri, contentType, Base64.getEncoder().encodeToString(bytes), meta);
  }

  private static boolean isText(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String base = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    return base.startsWith("text/") || base.equals("application/json") || base.endsWith("+json")
        || base.equals("application/xml") || base.endsWith("+xml");
  }

  /** Base64 as the tool sent it; null when it is not base64, so the item passes untouched. */
  private static byte[] decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static CallToolResult errorResult(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  private static <T> Mono<T> blocking(Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Builds {@link McpOffloading}. Each setter checks its argument at once. Not thread-safe.
   */
  public static final class Builder {
    private PayloadOffloader offloader;
    private PayloadResolver resolver;
    private PayloadUriTemplate uriTemplate = PayloadUriTemplate.absolute("uriTemplate", DEFAULT_URI_TEMPLATE);
    private PayloadUriTemplate fetchUriTemplate;
    private int previewChars = DEFAULT_PREVIEW_CHARS;
    private long maxReadBytes = DEFAULT_MAX_READ_BYTES;

    private Builder() {}

    /**
     * The offloader that routes tool results. Required.
     *
     * @param offloader the offloader; its routing policy decides what goes inline
     * @return this builder
     * @throws NullPointerException if {@code offloader} is null
     */
    public Builder offloader(PayloadOffloader offloader) {
      this.offloader = Objects.requireNonNull(offloader, "offloader");
      return this;
    }

    /**
     * The resolver that reads payloads back, on the offloader's store. Required.
     *
     * @param resolver the resolver
     * @return this builder
     * @throws NullPointerException if {@code resolver} is null
     */
    public Builder resolver(PayloadResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * The URI of a link, with {@code {txn_id}} where the payload's id goes. Default
     * {@value #DEFAULT_URI_TEMPLATE}. The id never holds a {@code /}, so the SDK's template matching
     * finds it.
     *
     * @param template an absolute URI template holding {@code {txn_id}} exactly once
     * @return this builder
     * @throws NullPointerException if {@code template} is null
     * @throws IllegalArgumentException if it has no or two {@code {txn_id}}, another variable, or is
     *     not an absolute URI
     */
    public Builder uriTemplate(String template) {
      this.uriTemplate = PayloadUriTemplate.absolute("uriTemplate", template);
      return this;
    }

    /**
     * An HTTP address where a client can fetch a payload too large for {@code resources/read}, such as
     * {@code https://tools.example.com/payloads/{txn_id}}, or a path such as
     * {@code /payloads/{txn_id}} that a Streamable HTTP client resolves against the MCP endpoint's
     * address. Links name it in their description and the too-large error in its message and data.
     * Default: none.
     *
     * @param template an absolute URI or absolute path template holding {@code {txn_id}} exactly once
     * @return this builder
     * @throws NullPointerException if {@code template} is null
     * @throws IllegalArgumentException if it has no or two {@code {txn_id}}, another variable, or is
     *     neither an absolute URI nor a path that starts with {@code /}
     */
    public Builder fetchUriTemplate(String template) {
      this.fetchUriTemplate = PayloadUriTemplate.absoluteOrPath("fetchUriTemplate", template);
      return this;
    }

    /**
     * How many characters of an offloaded text go inline before its link, for clients that do not
     * follow links. Default {@value #DEFAULT_PREVIEW_CHARS}: no preview.
     *
     * @param chars at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code chars} is negative
     */
    public Builder previewChars(int chars) {
      if (chars < 0) {
        throw new IllegalArgumentException("previewChars must be >= 0: " + chars);
      }
      this.previewChars = chars;
      return this;
    }

    /**
     * The largest payload one {@code resources/read} returns; a larger one gets an error that points
     * to {@link #fetchUriTemplate(String)}. Default {@link #DEFAULT_MAX_READ_BYTES} (8 MiB).
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is below 1
     */
    public Builder maxReadBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxReadBytes must be >= 1: " + bytes);
      }
      this.maxReadBytes = bytes;
      return this;
    }

    /**
     * Builds the immutable instance.
     *
     * @return the instance
     * @throws IllegalStateException if the offloader or the resolver is missing
     */
    public McpOffloading build() {
      if (offloader == null || resolver == null) {
        throw new IllegalStateException("McpOffloading needs " + (offloader == null ? "an offloader" : "")
            + (offloader == null && resolver == null ? " and " : "") + (resolver == null ? "a resolver" : "")
            + ": set them with offloader(...) and resolver(...)");
      }
      return new McpOffloading(this);
    }
  }
}

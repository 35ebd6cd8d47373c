package io.payloadoffload.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadVerifier;
import io.payloadoffload.codec.Compression;
import io.payloadoffload.testkit.CapturedOutput;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@link McpOffloading}'s routing and reading, called the way the SDK calls a tool and a template. */
class McpOffloadingTest {
  private static final String SESSION = "session-a";
  private static final int LARGE = 2_000_000;
  private static final Tool TOOL = Tool.builder().name("report").inputSchema(Map.of("type", "object")).build();

  private final FaultyStore store = new FaultyStore();
  private PayloadOffloader offloader;
  private PayloadResolver resolver;

  @AfterEach
  void close() {
    offloader.close();
    resolver.close();
    store.close();
  }

  private McpOffloading offloading(OffloadConfig config, UnaryOperator<McpOffloading.Builder> settings) {
    offloader = PayloadOffloader.builder().store(store).config(config).build();
    resolver = PayloadResolver.builder().store(store).build();
    return settings.apply(McpOffloading.builder().offloader(offloader).resolver(resolver)).build();
  }

  private McpOffloading offloading() {
    return offloading(OffloadConfig.builder().maxRetries(0).build(), b -> b);
  }

  @Test
  void aSmallResultIsReturnedAsTheSameObject() {
    CallToolResult small = CallToolResult.builder().addTextContent("fine").build();

    assertThat(offloading().route(small, SESSION, "report")).isSameAs(small);
  }

  @Test
  void aLargeTextBecomesALinkThatKeepsTheOtherItemsAndTheStructuredContent() {
    McpOffloading offloading = offloading();
    TextContent note = new TextContent("summary");
    CallToolResult result = new CallToolResult(List.of(note, new TextContent(TestText.of(LARGE))), null,
        Map.of("rows", 3), Map.of("k", "v"));

    CallToolResult routed = offloading.route(result, SESSION, "report");

    assertThat(routed.content()).hasSize(2);
    assertThat(routed.content().get(0)).isSameAs(note);
    ResourceLink link = (ResourceLink) routed.content().get(1);
    assertThat(link.uri()).isEqualTo(offloading.uriOf(link.name()));
    assertThat(link.title()).isEqualTo("report result");
    assertThat(link.description()).contains("'report'", LARGE + " bytes", "resources/read");
    assertThat(routed.structuredContent()).isEqualTo(Map.of("rows", 3));
    assertThat(routed.meta()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void thePreviewIsTheFirstCharactersOfTheTextBeforeTheLink() {
    String text = TestText.of(LARGE);
    CallToolResult routed = offloading(OffloadConfig.defaults(), b -> b.previewChars(100))
        .route(CallToolResult.builder().addTextContent(text).build(), SESSION, "report");

    assertThat(routed.content()).hasSize(2);
    assertThat(((TextContent) routed.content().get(0)).text()).isEqualTo(text.substring(0, 100));
    assertThat(routed.content().get(1)).isInstanceOf(ResourceLink.class);
  }

  @Test
  void aLargeBlobReadsBackAsTheSameBytesInABlob() {
    McpOffloading offloading = offloading();
    byte[] bytes = new byte[LARGE];
    new SplittableRandom(7).nextBytes(bytes);
    CallToolResult result = CallToolResult.builder().addContent(new EmbeddedResource(null,
        new BlobResourceContents("file:///data.bin", "application/octet-stream",
            Base64.getEncoder().encodeToString(bytes)))).build();

    ResourceLink link = (ResourceLink) offloading.route(result, SESSION, "report").content().get(0);
    BlobResourceContents read = (BlobResourceContents) offloading.read(link.uri(), SESSION).contents().get(0);

    assertThat(link.mimeType()).isEqualTo("application/octet-stream");
    byte[] back = Base64.getDecoder().decode(read.blob());
    PayloadVerifier.verify(McpOffloading.envelopeOf(link).orElseThrow(), back);
    assertThat(back).isEqualTo(bytes);
    assertThat(read.mimeType()).isEqualTo("application/octet-stream");
  }

  @Test
  void aLargeImageBecomesALinkWithItsMediaType() {
    byte[] png = new byte[LARGE];
    new SplittableRandom(9).nextBytes(png);
    CallToolResult result = CallToolResult.builder()
        .addContent(new ImageContent(null, Base64.getEncoder().encodeToString(png), "image/png")).build();

    ResourceLink link = (ResourceLink) offloading().route(result, SESSION, "report").content().get(0);

    assertThat(link.mimeType()).isEqualTo("image/png");
    assertThat(link.size()).isEqualTo(LARGE);
  }

  @Test
  void withTheStoreDownAndFallbackOnTheItemGoesInlineUntouched() {
    McpOffloading offloading = offloading();
    store.goDown();
    TextContent large = new TextContent(TestText.of(LARGE));
    CallToolResult result = CallToolResult.builder().addContent(large).build();

    assertThat(offloading.route(result, SESSION, "report")).isSameAs(result);
  }

  @Test
  void withTheStoreDownAndNoFallbackTheToolReturnsAnErrorWithoutPayloadBytes() {
    McpOffloading offloading = offloading(OffloadConfig.builder().maxRetries(0).fallbackToInline(false).build(),
        b -> b);
    store.goDown();
    byte[] payload = TestText.bytes(LARGE);
    try (CapturedOutput out = CapturedOutput.start()) {
      CallToolResult routed = offloading.route(CallToolResult.builder().addTextContent(TestText.of(LARGE)).build(),
          SESSION, "report");

      assertThat(routed.isError()).isTrue();
      String message = ((TextContent) routed.content().get(0)).text();
      assertThat(message).contains("'report'", "payload store is unavailable", "Try again");
      out.assertNoLeak(List.of(payload), List.of(SESSION), List.of(message));
    }
  }

  @Test
  void anErrorResultOfTheToolIsNotRouted() {
    CallToolResult error = CallToolResult.builder().addTextContent(TestText.of(LARGE)).isError(true).build();

    assertThat(offloading().route(error, SESSION, "report")).isSameAs(error);
  }

  @Test
  void aPayloadAboveTheReadCeilingGetsAnErrorThatPointsToTheFetchEndpoint() {
    McpOffloading offloading = offloading(OffloadConfig.defaults(),
        b -> b.maxReadBytes(LARGE - 1).fetchUriTemplate("https://tools.example.com/payloads/{txn_id}"));
    ResourceLink link = (ResourceLink) offloading
        .route(CallToolResult.builder().addTextContent(TestText.of(LARGE)).build(), SESSION, "report")
        .content().get(0);
    String fetch = "https://tools.example.com/payloads/" + link.name();

    McpError error = catchThrowableOfType(McpError.class, () -> offloading.read(link.uri(), SESSION));

    assertThat(error.getJsonRpcError().code()).isEqualTo(ErrorCodes.INVALID_PARAMS);
    assertThat(error.getJsonRpcError().message()).contains(LARGE + " bytes", "base64", fetch);
    assertThat(error.getJsonRpcError().data()).isEqualTo(Map.of("uri", link.uri(), "reason", "too_large",
        "sizeBytes", (long) LARGE, "maxReadBytes", (long) LARGE - 1, "fetchUri", fetch));
    assertThat(link.description()).contains(fetch);
  }

  @Test
  void aReadWhileTheStoreIsDownSaysSoAndNamesNoStoreDetail() {
    McpOffloading offloading = offloading();
    ResourceLink link = (ResourceLink) offloading
        .route(CallToolResult.builder().addTextContent(TestText.of(LARGE)).build(), SESSION, "report")
        .content().get(0);
    store.goDown();

    McpError error = catchThrowableOfType(McpError.class, () -> offloading.read(link.uri(), SESSION));

    assertThat(error.getJsonRpcError().code()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
    assertThat(error.getJsonRpcError().data()).isEqualTo(Map.of("uri", link.uri(), "reason", "store_unavailable"));
    assertThat(error.getJsonRpcError().message()).doesNotContain("connection refused");
  }

  @Test
  void corruptStoredBytesAreNotReturned() {
    McpOffloading offloading = offloading(OffloadConfig.builder().compression(Compression.NONE).build(), b -> b);
    byte[] payload = TestText.bytes(LARGE);
    ResourceLink link = (ResourceLink) offloading
        .route(CallToolResult.builder().addTextContent(TestText.of(LARGE)).build(), SESSION, "report")
        .content().get(0);
    store.corruptReads();
    try (CapturedOutput out = CapturedOutput.start()) {
      McpError error = catchThrowableOfType(McpError.class, () -> offloading.read(link.uri(), SESSION));

      assertThat(error.getJsonRpcError().code()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
      assertThat(error.getJsonRpcError().data()).isEqualTo(Map.of("uri", link.uri(), "reason", "integrity"));
      out.assertNoLeak(List.of(payload), List.of(), List.of(error.getMessage()));
    }
  }

  @Test
  void aUriOutsideTheTemplateOrWithABadIdIsNotFound() {
    McpOffloading offloading = offloading();
    for (String uri : List.of("payload://nothing", "payload://txn_XYZ", "other://txn_" + "0".repeat(32))) {
      McpError error = catchThrowableOfType(McpError.class, () -> offloading.read(uri, SESSION));
      assertThat(error.getJsonRpcError().code()).isEqualTo(ErrorCodes.RESOURCE_NOT_FOUND);
      assertThat(error.getJsonRpcError().data()).isEqualTo(Map.of("uri", uri));
    }
  }

  @Test
  void aCustomTemplateMakesTheLinksAndReadsThem() {
    McpOffloading offloading = offloading(OffloadConfig.defaults(),
        b -> b.uriTemplate("https://tools.example.com/results/{txn_id}.txt"));
    ResourceLink link = (ResourceLink) offloading
        .route(CallToolResult.builder().addTextContent(TestText.of(LARGE)).build(), SESSION, "report")
        .content().get(0);

    assertThat(link.uri()).isEqualTo("https://tools.example.com/results/" + link.name() + ".txt");
    assertThat(offloading.resourceTemplate().uriTemplate()).isEqualTo("https://tools.example.com/results/{txn_id}.txt");
    assertThat(offloading.read(link.uri(), SESSION).contents()).hasSize(1);
  }

  @Test
  void theSyncAndAsyncWrappersRouteWithTheCallersSession() {
    McpOffloading offloading = offloading();
    McpAsyncServerExchange async = new McpAsyncServerExchange(SESSION, null, null, null, null);
    CallToolResult large = CallToolResult.builder().addTextContent(TestText.of(LARGE)).build();
    CallToolRequest request = new CallToolRequest("report", Map.of());
    SyncToolSpecification sync = offloading.wrap(new SyncToolSpecification(TOOL, (exchange, r) -> large));
    AsyncToolSpecification asyncTool = offloading.wrap(new AsyncToolSpecification(TOOL, (exchange, r) -> Mono.just(large)));

    List<Content> fromSync = sync.callHandler().apply(new McpSyncServerExchange(async), request).content();
    List<Content> fromAsync = asyncTool.callHandler().apply(async, request).block().content();

    assertThat(sync.tool()).isSameAs(TOOL);
    assertThat(asyncTool.tool()).isSameAs(TOOL);
    for (Content content : List.of(fromSync.get(0), fromAsync.get(0))) {
      String uri = ((ResourceLink) content).uri();
      assertThat(offloading.asyncResourceTemplate().readHandler().apply(async,
          new ReadResourceRequest(uri)).block().contents()).hasSize(1);
      McpError foreign = catchThrowableOfType(McpError.class, () -> offloading.read(uri, "session-b"));
      assertThat(foreign.getJsonRpcError().data()).isEqualTo(Map.of("uri", uri));
    }
  }

  @Test
  void theBuilderRefusesBadSettingsByName() {
    offloader = PayloadOffloader.builder().store(store).build();
    resolver = PayloadResolver.builder().store(store).build();
    McpOffloading.Builder b = McpOffloading.builder();

    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("an offloader and a resolver");
    assertThatThrownBy(() -> b.uriTemplate("payload://x")).hasMessageContaining("uriTemplate must hold {txn_id}");
    assertThatThrownBy(() -> b.uriTemplate("payload://{txn_id}/{txn_id}")).hasMessageContaining("exactly once");
    assertThatThrownBy(() -> b.uriTemplate("payload://{txn_id}/{page}")).hasMessageContaining("no other");
    assertThatThrownBy(() -> b.fetchUriTemplate("payloads/{txn_id}"))
        .hasMessageContaining("fetchUriTemplate must make an absolute URI, such as payload://{txn_id}, or a path");
    assertThatThrownBy(() -> b.uriTemplate("/payloads/{txn_id}")).hasMessageContaining("uriTemplate must make an absolute URI");
    assertThatThrownBy(() -> b.previewChars(-1)).hasMessageContaining("previewChars must be >= 0");
    assertThatThrownBy(() -> b.maxReadBytes(0)).hasMessageContaining("maxReadBytes must be >= 1");
    assertThatThrownBy(() -> b.offloader(offloader).build()).hasMessageContaining("needs a resolver");
    McpOffloading defaults = b.resolver(resolver).build();
    assertThat(defaults.uriTemplate()).isEqualTo(McpOffloading.DEFAULT_URI_TEMPLATE).isEqualTo("payload://{txn_id}");
    assertThat(defaults.previewChars()).isZero();
    assertThat(defaults.maxReadBytes()).isEqualTo(8L * 1024 * 1024);
    assertThat(defaults.fetchUriTemplate()).isEmpty();
    assertThatThrownBy(() -> defaults.uriOf("txn_1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(McpOffloading.builder().offloader(offloader).resolver(resolver).fetchUriTemplate("/payloads/{txn_id}")
        .build().fetchUriTemplate()).contains("/payloads/{txn_id}");
  }
}

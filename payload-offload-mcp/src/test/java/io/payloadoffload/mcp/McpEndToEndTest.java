package io.payloadoffload.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadVerifier;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.testkit.CapturedOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's own client ({@code McpClient} over Streamable HTTP) against a real MCP server on Jetty
 * whose {@code generate_text} tool is wrapped by {@link McpOffloading}.
 */
class McpEndToEndTest {
  private static final int LARGE = 5_000_000;
  private static final int SMALL = 500_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SettableClock clock = new SettableClock();
  private InMemoryPayloadStore store;
  private PayloadOffloader offloader;
  private PayloadResolver resolver;
  private McpTestServer server;

  @BeforeEach
  void start() throws Exception {
    store = new InMemoryPayloadStore();
    offloader = PayloadOffloader.builder().store(store).config(OffloadConfig.defaults()).build();
    resolver = PayloadResolver.builder().store(store).clock(clock).build();
    server = McpTestServer.sync(offloader, resolver);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    offloader.close();
    resolver.close();
    store.close();
  }

  @Test
  void aFiveMegabyteResultComesAsAResourceLinkAndReadsBackAsTheSameBytes() throws Exception {
    byte[] expected = TestText.bytes(LARGE);
    try (CapturedOutput out = CapturedOutput.start(); McpSyncClient client = server.client()) {
      CallToolResult result = call(client, LARGE);

      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(result.content()).hasSize(1).first().isInstanceOf(ResourceLink.class);
      ResourceLink link = (ResourceLink) result.content().get(0);
      PayloadEnvelope envelope = McpOffloading.envelopeOf(link).orElseThrow();
      assertThat(link.uri()).isEqualTo("payload://" + envelope.transactionId());
      assertThat(link.name()).isEqualTo(envelope.transactionId());
      assertThat(link.size()).isEqualTo(LARGE);
      assertThat(link.mimeType()).isEqualTo(McpOffloading.TEXT_CONTENT_TYPE);
      assertThat(envelope.payloadSizeBytes()).isEqualTo(LARGE);
      assertThat(JSON.writeValueAsString(result)).as("the whole tools/call result").hasSizeLessThan(2048);

      ReadResourceResult read = client.readResource(new ReadResourceRequest(link.uri()));

      assertThat(read.contents()).hasSize(1).first().isInstanceOf(TextResourceContents.class);
      TextResourceContents contents = (TextResourceContents) read.contents().get(0);
      byte[] bytes = contents.text().getBytes(StandardCharsets.UTF_8);
      PayloadVerifier.verify(envelope, bytes);
      assertThat(bytes).isEqualTo(expected);
      assertThat(contents.uri()).isEqualTo(link.uri());
      assertThat(((Number) contents.meta().get(McpOffloading.SIZE_META_KEY)).longValue()).isEqualTo(LARGE);
      assertThat(contents.meta().get(McpOffloading.EXPIRES_AT_META_KEY)).isEqualTo(envelope.expiresAt().toString());
      out.assertNoLeak(List.of(expected), List.of(), List.of(JSON.writeValueAsString(result)));
    }
  }

  @Test
  void aFiveHundredKilobyteResultComesInline() {
    try (McpSyncClient client = server.client()) {
      CallToolResult result = call(client, SMALL);

      assertThat(result.content()).hasSize(1).first().isInstanceOf(TextContent.class);
      assertThat(((TextContent) result.content().get(0)).text()).isEqualTo(TestText.of(SMALL));
      assertThat(result.content().get(0).meta()).isNull();
    }
  }

  @Test
  void anotherSessionGetsResourceNotFoundExactlyAsForALinkThatNeverExisted() throws Exception {
    byte[] payload = TestText.bytes(LARGE);
    try (CapturedOutput out = CapturedOutput.start();
        McpSyncClient owner = server.client();
        McpSyncClient other = server.client()) {
      ResourceLink link = (ResourceLink) call(owner, LARGE).content().get(0);
      String never = "payload://" + PayloadHeader.ID_PREFIX + "f".repeat(32);

      McpError foreign = readError(other, link.uri());
      McpError missing = readError(other, never);

      assertThat(foreign.getJsonRpcError().code()).isEqualTo(ErrorCodes.RESOURCE_NOT_FOUND);
      assertThat(foreign.getJsonRpcError().data()).isEqualTo(Map.of("uri", link.uri()));
      assertThat(foreign.getJsonRpcError().message())
          .isEqualTo(missing.getJsonRpcError().message().replace(never, link.uri()));
      assertThat(foreign.getMessage()).doesNotContainIgnoringCase("forbidden").doesNotContainIgnoringCase("session");
      assertThat(owner.readResource(new ReadResourceRequest(link.uri())).contents()).hasSize(1);
      out.assertNoLeak(List.of(payload), List.of(), List.of(foreign.getMessage(), String.valueOf(foreign.getJsonRpcError())));
    }
  }

  @Test
  void anExpiredLinkGetsTheExpiryError() {
    try (McpSyncClient client = server.client()) {
      ResourceLink link = (ResourceLink) call(client, LARGE).content().get(0);
      PayloadEnvelope envelope = McpOffloading.envelopeOf(link).orElseThrow();
      clock.advance(OffloadConfig.DEFAULT_TTL.plus(Duration.ofMinutes(1)));

      McpError error = readError(client, link.uri());

      assertThat(error.getJsonRpcError().code()).isEqualTo(ErrorCodes.RESOURCE_NOT_FOUND);
      assertThat(error.getJsonRpcError().message()).startsWith("Resource expired: " + link.uri())
          .contains("Call the tool again");
      assertThat(error.getJsonRpcError().data()).isEqualTo(Map.of("uri", link.uri(), "reason", "expired",
          "expiredAt", envelope.expiresAt().toString()));
    }
  }

  private static CallToolResult call(McpSyncClient client, int sizeBytes) {
    return client.callTool(new CallToolRequest("generate_text", Map.of("size_bytes", sizeBytes)));
  }

  private static McpError readError(McpSyncClient client, String uri) {
    Throwable thrown = catchThrowable(
        () -> client.readResource(new ReadResourceRequest(uri)));
    assertThat(thrown).isInstanceOf(McpError.class);
    return (McpError) thrown;
  }
}

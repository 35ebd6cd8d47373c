package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.payloadoffload.PayloadVerifier;
import io.payloadoffload.envelope.PayloadEnvelope;
import io.payloadoffload.mcp.McpOffloading;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example server's MCP endpoint, driven by the MCP Java SDK's own client over Streamable HTTP, on
 * the same Jetty, PostgreSQL store and {@code generate_text} tool as the WebSocket endpoint.
 */
class McpExampleTest {
  private static final int LARGE = 5_000_000;
  private static TestServer running;
  private static McpSyncClient client;

  @BeforeAll
  static void start() {
    running = TestServer.start("mcp");
    client = McpClient.sync(HttpClientStreamableHttpTransport
            .builder("http://127.0.0.1:" + running.server.port()).endpoint("/mcp").build())
        .requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    client.close();
    running.close();
  }

  @Test
  void aLargeResultIsALinkThatResourcesReadAndTheHttpFetchEndpointBothReturn() throws Exception {
    byte[] expected = TextGenerator.generate(LARGE);

    CallToolResult result = client.callTool(new CallToolRequest("generate_text", Map.of("size_bytes", LARGE)));
    ResourceLink link = (ResourceLink) result.content().get(0);
    PayloadEnvelope envelope = McpOffloading.envelopeOf(link).orElseThrow();
    TextResourceContents read = (TextResourceContents) client.readResource(new ReadResourceRequest(link.uri()))
        .contents().get(0);
    HttpResponse<byte[]> fetched = Http.get(running.server, "/payloads/" + envelope.transactionId(),
        envelope.sessionId().orElseThrow());

    byte[] bytes = read.text().getBytes(StandardCharsets.UTF_8);
    PayloadVerifier.verify(envelope, bytes);
    assertThat(bytes).isEqualTo(expected);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(expected);
    assertThat(running.server.mcpUri()).hasToString("http://127.0.0.1:" + running.server.port() + "/mcp");
  }

  @Test
  void aResultAboveTheReadCeilingGetsAnErrorNamingTheFetchPathWhichServesIt() throws Exception {
    int size = (int) McpOffloading.DEFAULT_MAX_READ_BYTES + 1;
    ResourceLink link = (ResourceLink) client.callTool(
        new CallToolRequest("generate_text", Map.of("size_bytes", size))).content().get(0);
    PayloadEnvelope envelope = McpOffloading.envelopeOf(link).orElseThrow();
    String path = "/payloads/" + envelope.transactionId();

    McpError error = catchThrowableOfType(McpError.class, () -> client.readResource(new ReadResourceRequest(link.uri())));
    HttpResponse<byte[]> fetched = Http.get(running.server, path, envelope.sessionId().orElseThrow());

    assertThat(error.getJsonRpcError().message()).contains("Fetch it over HTTP at " + path);
    assertThat(error.getJsonRpcError().data()).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("reason", "too_large").containsEntry("fetchUri", path);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(TextGenerator.generate(size));
  }

  @Test
  void aSmallResultComesInlineAndASizeOutsideTheSchemaIsAToolError() {
    CallToolResult small = client.callTool(new CallToolRequest("generate_text", Map.of("size_bytes", 1000)));
    CallToolResult bad = client.callTool(new CallToolRequest("generate_text", Map.of("size_bytes", "many")));

    assertThat(((TextContent) small.content().get(0)).text())
        .isEqualTo(new String(TextGenerator.generate(1000), StandardCharsets.US_ASCII));
    assertThat(bad.isError()).isTrue();
  }
}

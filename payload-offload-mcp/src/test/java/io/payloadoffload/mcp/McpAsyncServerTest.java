package io.payloadoffload.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.payloadoffload.InMemoryPayloadStore;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.PayloadVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The asynchronous tool and template on the SDK's asynchronous server, through its client over HTTP. */
class McpAsyncServerTest {
  private static final int LARGE = 3_000_000;

  @Test
  void aLargeResultIsALinkThatOnlyTheCallingSessionReadsBack() throws Exception {
    try (InMemoryPayloadStore store = new InMemoryPayloadStore();
        PayloadOffloader offloader = PayloadOffloader.builder().store(store).build();
        PayloadResolver resolver = PayloadResolver.builder().store(store).build();
        McpTestServer server = McpTestServer.async(offloader, resolver);
        McpSyncClient owner = server.client();
        McpSyncClient other = server.client()) {
      ResourceLink link = (ResourceLink) owner
          .callTool(new CallToolRequest("generate_text", Map.of("size_bytes", LARGE))).content().get(0);

      TextResourceContents read = (TextResourceContents) owner.readResource(new ReadResourceRequest(link.uri()))
          .contents().get(0);
      McpError foreign = catchThrowableOfType(McpError.class,
          () -> other.readResource(new ReadResourceRequest(link.uri())));

      byte[] bytes = read.text().getBytes(StandardCharsets.UTF_8);
      PayloadVerifier.verify(McpOffloading.envelopeOf(link).orElseThrow(), bytes);
      assertThat(bytes).isEqualTo(TestText.bytes(LARGE));
      assertThat(foreign.getJsonRpcError().code()).isEqualTo(ErrorCodes.RESOURCE_NOT_FOUND);
      assertThat(foreign.getJsonRpcError().data()).isEqualTo(Map.of("uri", link.uri()));
    }
  }
}

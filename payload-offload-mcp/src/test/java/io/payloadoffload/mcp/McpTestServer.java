package io.payloadoffload.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real MCP server over Streamable HTTP on Jetty, set up exactly as docs/mcp.md shows
 * ({@link OffloadingMcpServer}), with one tool, {@code generate_text}; and SDK clients for it.
 */
final class McpTestServer implements AutoCloseable {
  static final String ENDPOINT = "/mcp";

  private final Server jetty = new Server();
  private final ServerConnector connector = new ServerConnector(jetty);
  private final McpSyncServer mcp;

  McpTestServer(PayloadOffloader offloader, PayloadResolver resolver) throws Exception {
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint(ENDPOINT).build();
    Tool tool = Tool.builder().name("generate_text").description("Text of the given size")
        .inputSchema(Map.of("type", "object", "properties", Map.of("size_bytes", Map.of("type", "integer")),
            "required", java.util.List.of("size_bytes")))
        .build();
    SyncToolSpecification generate = SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> CallToolResult.builder()
            .addTextContent(TestText.of(((Number) request.arguments().get("size_bytes")).intValue())).build())
        .build();
    this.mcp = OffloadingMcpServer.start(transport, offloader, resolver, generate);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, ENDPOINT);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(context);
    jetty.start();
  }

  /** A new, initialized client session. */
  McpSyncClient client() {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("http://127.0.0.1:" + connector.getLocalPort()).endpoint(ENDPOINT).build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
    return client;
  }

  @Override
  public void close() throws Exception {
    mcp.closeGracefully();
    jetty.stop();
  }
}

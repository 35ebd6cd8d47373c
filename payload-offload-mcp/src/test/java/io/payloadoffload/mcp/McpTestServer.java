package io.payloadoffload.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import reactor.core.publisher.Mono;

/**
 * A real MCP server over Streamable HTTP on Jetty with one tool, {@code generate_text}: the
 * synchronous one set up exactly as docs/mcp.md shows ({@link OffloadingMcpServer}), or an
 * asynchronous one; and SDK clients for it.
 */
final class McpTestServer implements AutoCloseable {
  static final String ENDPOINT = "/mcp";
  private static final Tool TOOL = Tool.builder().name("generate_text").description("Text of the given size")
      .inputSchema(Map.of("type", "object", "properties", Map.of("size_bytes", Map.of("type", "integer")),
          "required", List.of("size_bytes")))
      .build();

  private final Server jetty = new Server();
  private final ServerConnector connector = new ServerConnector(jetty);
  private final AutoCloseable mcp;

  private McpTestServer(Function<HttpServletStreamableServerTransportProvider, AutoCloseable> server) throws Exception {
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint(ENDPOINT).build();
    this.mcp = server.apply(transport);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, ENDPOINT);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(context);
    jetty.start();
  }

  /** The synchronous server of docs/mcp.md. */
  static McpTestServer sync(PayloadOffloader offloader, PayloadResolver resolver) throws Exception {
    SyncToolSpecification generate = new SyncToolSpecification(TOOL, (exchange, request) -> generate(request));
    return new McpTestServer(transport -> {
      McpSyncServer server = OffloadingMcpServer.start(transport, offloader, resolver, generate);
      return server::closeGracefully;
    });
  }

  /** The same on the SDK's asynchronous server, with the asynchronous tool and template. */
  static McpTestServer async(PayloadOffloader offloader, PayloadResolver resolver) throws Exception {
    McpOffloading offloading = McpOffloading.builder().offloader(offloader).resolver(resolver).build();
    AsyncToolSpecification generate = new AsyncToolSpecification(TOOL,
        (exchange, request) -> Mono.fromSupplier(() -> generate(request)));
    return new McpTestServer(transport -> {
      McpAsyncServer server = McpServer.async(transport).serverInfo("payload-offload-async-test", "1")
          .capabilities(ServerCapabilities.builder().tools(true).resources(false, false).build())
          .tools(offloading.wrap(generate))
          .resourceTemplates(offloading.asyncResourceTemplate())
          .build();
      return () -> server.closeGracefully().block();
    });
  }

  private static CallToolResult generate(CallToolRequest request) {
    return CallToolResult.builder()
        .addTextContent(TestText.of(((Number) request.arguments().get("size_bytes")).intValue())).build();
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
    mcp.close();
    jetty.stop();
  }
}

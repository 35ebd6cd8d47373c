package io.payloadoffload.examples;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.mcp.McpOffloading;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * The example's MCP server: the WebSocket endpoint's {@code generate_text} tool over MCP's Streamable
 * HTTP transport at {@value #PATH}, on the same offloader and store. Large results leave as
 * {@code resource_link} content and come back through {@code resources/read}
 * ({@link McpOffloading}). Thread-safe.
 */
final class McpEndpoint implements AutoCloseable {
  /** Where MCP clients connect: {@value}. */
  static final String PATH = "/mcp";

  private final McpSyncServer server;
  private final ServletContextHandler context = new ServletContextHandler(PATH);

  McpEndpoint(PayloadOffloader offloader, PayloadResolver resolver, long maxPayloadBytes) {
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint(PATH).build();
    McpOffloading offloading = McpOffloading.builder().offloader(offloader).resolver(resolver)
        .fetchUriTemplate(ExampleServer.PAYLOADS_PATH + "{txn_id}").build();
    this.server = McpServer.sync(transport).serverInfo("payload-offload-example", "1")
        .capabilities(ServerCapabilities.builder().tools(true).resources(false, false).build())
        .tools(offloading.wrap(generateText(Math.min(maxPayloadBytes, Integer.MAX_VALUE - 8L))))
        .resourceTemplates(offloading.syncResourceTemplate())
        .build();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    context.setAllowNullPathInContext(true);
  }

  /** The handler to mount on the server's Jetty, next to the WebSocket context. */
  ContextHandler handler() {
    return context;
  }

  /** Closes every MCP session; Jetty itself is stopped by its owner. */
  @Override
  public void close() {
    server.closeGracefully();
  }

  private static SyncToolSpecification generateText(long maxSizeBytes) {
    Tool tool = Tool.builder().name("generate_text")
        .description("Returns size_bytes of ASCII text; the same text for the same size.")
        .inputSchema(Map.of("type", "object", "properties",
            Map.of("size_bytes", Map.of("type", "integer", "minimum", 0, "maximum", maxSizeBytes)),
            "required", List.of("size_bytes")))
        .build();
    return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
      Object size = request.arguments() == null ? null : request.arguments().get("size_bytes");
      if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0
          || ((Number) size).longValue() > maxSizeBytes) {
        return CallToolResult.builder().isError(true).addTextContent(
            "generate_text needs \"size_bytes\", a whole number from 0 to " + maxSizeBytes).build();
      }
      byte[] text = TextGenerator.generate(((Number) size).intValue());
      return CallToolResult.builder().addTextContent(new String(text, StandardCharsets.US_ASCII)).build();
    }).build();
  }
}

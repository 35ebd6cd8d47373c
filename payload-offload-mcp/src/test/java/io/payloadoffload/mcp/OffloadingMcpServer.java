package io.payloadoffload.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.payloadoffload.PayloadOffloader;
import io.payloadoffload.PayloadResolver;
import io.payloadoffload.mcp.McpOffloading;

class OffloadingMcpServer {
  static McpSyncServer start(McpStreamableServerTransportProvider transport, PayloadOffloader offloader,
      PayloadResolver resolver, SyncToolSpecification myTool) {
    McpOffloading offloading = McpOffloading.builder()
        .offloader(offloader)   // its routing policy decides: inline, or stored and linked
        .resolver(resolver)     // on the same store: reads the links back
        .build();
    return McpServer.sync(transport)
        .serverInfo("my-tools", "1.0")
        .capabilities(ServerCapabilities.builder().tools(true).resources(false, false).build())
        .tools(offloading.wrap(myTool))                       // large results become resource_link
        .resourceTemplates(offloading.syncResourceTemplate()) // resources/read of payload://{txn_id}
        .build();
  }
}

/**
 * Claim-check offloading for MCP servers built on the official MCP Java SDK: {@link
 * io.payloadoffload.mcp.McpOffloading} turns large tool results into {@code resource_link} content and
 * serves them back through {@code resources/read}.
 */
package io.payloadoffload.mcp;

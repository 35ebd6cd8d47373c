package io.payloadoffload.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/mcp.md's Java block is {@link OffloadingMcpServer}'s source (without its package line), which
 * this module compiles and {@link McpEndToEndTest} runs: if either drifts, this test fails.
 */
class DocsSnippetTest {
  private static final String OPEN = "```java\n";
  private static final String CLOSE = "```\n";

  @Test
  void theDocsJavaBlockIsTheSourceTheEndToEndTestsRun() throws Exception {
    String doc = Files.readString(Path.of("../docs/mcp.md"));
    assertThat(doc).as("docs/mcp.md has a Java block").contains(OPEN);
    int start = doc.indexOf(OPEN) + OPEN.length();
    String block = doc.substring(start, doc.indexOf(CLOSE, start));
    String source = Files.readString(Path.of("src/test/java/io/payloadoffload/mcp/OffloadingMcpServer.java"));

    assertThat(block).isEqualTo(source.substring(source.indexOf("import ")));
  }
}

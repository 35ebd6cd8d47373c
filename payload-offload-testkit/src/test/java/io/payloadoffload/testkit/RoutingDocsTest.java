package io.payloadoffload.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/routing.md's worked example true: its code blocks are exactly the marked regions of
 * {@code ExamplePolicies.java} and {@code ExamplePoliciesContractTest.java}, imports included, which
 * compile here and run as a test.
 */
class RoutingDocsTest {
  private static final Path SOURCES = Path.of("src", "test", "java", "io", "payloadoffload", "testkit");

  @Test
  void theWorkedExampleIsTheCodeThatRunsAsATest() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "routing.md"));
    for (String file : List.of("ExamplePolicies.java", "ExamplePoliciesContractTest.java")) {
      String source = Files.readString(SOURCES.resolve(file));
      int begin = source.indexOf("// docs:begin\n");
      int end = source.indexOf("// docs:end\n");
      assertThat(begin).as(file).isNotNegative().isLessThan(end);
      String region = source.substring(begin + "// docs:begin\n".length(), end);
      assertThat(doc).as("docs/routing.md shows %s as it is", file).contains("```java\n" + region + "```\n");
    }
  }
}

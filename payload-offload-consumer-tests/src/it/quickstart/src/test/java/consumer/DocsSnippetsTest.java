package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every {@code ```java} block of README.md and of every docs/*.md file against the published
 * API, each with only the imports it shows, by the convention of {@link DocSnippets} (stated for
 * writers in docs/architecture.md, "Java in the docs"). A block that does not compile fails the build
 * with the Markdown line of each error.
 */
class DocsSnippetsTest {
  private static final Path DOCS_ROOT = Path.of(System.getProperty("docs.root"));
  private static final Path TARGET = Path.of("target");

  @Test
  void everyJavaBlockOfTheReadmeAndTheDocsCompiles() throws IOException {
    List<Path> documents = documents();
    List<Javac.Source> sources = new ArrayList<>();
    for (Path document : documents) {
      sources.addAll(DocSnippets.sources(document));
    }

    List<String> errors = Javac.compile(sources, TARGET.resolve("docs-sources"), TARGET.resolve("docs-classes"));

    assertTrue(errors.isEmpty(), () -> "Java in the docs no longer compiles against the published API:\n"
        + String.join("\n", errors));
    assertEquals(fences(documents), sources.size(), "every ```java block is compiled");
  }

  @Test
  void aBlockThatDoesNotCompileIsReportedAtItsMarkdownLine(@TempDir Path dir) throws IOException {
    List<String> errors = compileMarkdown(dir, "broken.md",
        "# A page",
        "<!-- java: String sessionId; -->",
        "```java",
        "import io.payloadoffload.OffloadContext;",
        "",
        "OffloadContext context = OffloadContext.of(sessionId, \"analyze\");",
        "context.noSuchMethod();",
        "```");

    assertEquals(1, errors.size(), () -> String.join("\n", errors));
    assertTrue(errors.get(0).startsWith("broken.md:7: "), errors.get(0));
  }

  @Test
  void aBlockThatLeavesOutAnImportDoesNotCompile(@TempDir Path dir) throws IOException {
    List<String> errors = compileMarkdown(dir, "imports.md",
        "```java",
        "PayloadStore store = new InMemoryPayloadStore();",
        "```");

    assertEquals(2, errors.size(), () -> String.join("\n", errors));
    assertTrue(errors.stream().allMatch(e -> e.startsWith("imports.md:2: ")), () -> String.join("\n", errors));
  }

  /** Writes a Markdown file of these lines to {@code dir} and compiles its blocks; returns the errors. */
  private static List<String> compileMarkdown(Path dir, String name, String... lines) throws IOException {
    Path markdown = dir.resolve(name);
    Files.writeString(markdown, String.join("\n", lines) + "\n");
    return Javac.compile(DocSnippets.sources(markdown), dir.resolve("src"), dir.resolve("classes"));
  }

  /** README.md and every Markdown file directly in docs/, whoever added it. */
  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(DOCS_ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(DOCS_ROOT.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    assertTrue(documents.size() > 5, "docs/ holds the user documentation");
    return documents;
  }

  /** How many {@code ```java} fences the documents hold, counted without the parser under test. */
  private static long fences(List<Path> documents) throws IOException {
    long fences = 0;
    for (Path document : documents) {
      fences += Files.readAllLines(document, StandardCharsets.UTF_8).stream()
          .filter(line -> line.trim().equals("```java")).count();
    }
    return fences;
  }
}

package consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Compiles and runs the README's Quickstart exactly as written, against the artifacts that the BOM
 * resolves. Every {@code ```java} block of README.md and docs/quickstart.md takes part: a block that
 * declares {@code PayloadStore store} is one choice of store, and the quickstart is run once with
 * each; the other blocks follow it in document order. Their {@code import} lines head the generated
 * class; the rest forms one method whose parameters are the Quickstart's free variables
 * ({@code toolOutputBytes}, {@code sessionId}, {@code databaseUrl}), with {@code webSocket} a
 * transport that delivers what it is sent as {@code received}. A compile error is reported at the
 * Markdown line it comes from.
 */
class ReadmeQuickstartTest {
  private static final Path DOCS_ROOT = Path.of(System.getProperty("docs.root"));
  private static final Path TARGET = Path.of("target");
  private static final String STORE_DECLARATION = "PayloadStore store =";

  @Test
  void theQuickstartOffloadsA5MegabyteResultToTheInMemoryStoreAndResolvesItExactly() throws Exception {
    QuickstartRun.Result result = quickstartWith("new InMemoryPayloadStore()").run(text(5_000_000), "s-1", null);

    assertResolvedByReference(result, text(5_000_000));
  }

  @Test
  void theQuickstartOffloadsA5MegabyteResultToEmbeddedPostgresAndResolvesItExactly() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      String databaseUrl = "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";

      QuickstartRun.Result result = quickstartWith("PostgresPayloadStore").run(text(5_000_000), "s-2", databaseUrl);

      assertResolvedByReference(result, text(5_000_000));
    }
  }

  @Test
  void theQuickstartSendsA10KilobyteResultInline() throws Exception {
    QuickstartRun.Result result = quickstartWith("new InMemoryPayloadStore()").run(text(10_000), "s-3", null);

    assertEquals("INLINE", result.mode());
    assertArrayEquals(text(10_000), result.payload());
  }

  private static void assertResolvedByReference(QuickstartRun.Result result, byte[] expected) {
    assertEquals("REFERENCE", result.mode());
    assertTrue(result.transportText().length() < 1024,
        () -> "the envelope should be under 1 KiB, as the README says: " + result.transportText());
    assertArrayEquals(expected, result.payload());
  }

  /** Deterministic, compressible text of {@code size} bytes: a tool's output, not a repeated byte. */
  private static byte[] text(int size) {
    Random random = new Random(size);
    StringBuilder text = new StringBuilder(size);
    while (text.length() < size) {
      text.append(Integer.toString(random.nextInt(1_000_000), 36)).append(random.nextInt(12) == 0 ? '\n' : ' ');
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** The Quickstart with the store block that contains {@code storeMarker}, compiled and instantiated. */
  private static QuickstartRun quickstartWith(String storeMarker) throws Exception {
    List<MarkdownJava.Block> blocks = new ArrayList<>(MarkdownJava.blocks(DOCS_ROOT.resolve("README.md")));
    blocks.addAll(MarkdownJava.blocks(DOCS_ROOT.resolve("docs/quickstart.md")));
    List<MarkdownJava.Block> stores = blocks.stream().filter(b -> b.contains(STORE_DECLARATION)).toList();
    MarkdownJava.Block store = stores.stream().filter(b -> b.contains(storeMarker)).findFirst()
        .orElseThrow(() -> new AssertionError("README.md has no ```java block declaring '" + STORE_DECLARATION
            + "' with " + storeMarker + "; store blocks found: " + stores.size()));
    List<MarkdownJava.Block> body = new ArrayList<>();
    body.add(store);
    blocks.stream().filter(b -> !b.contains(STORE_DECLARATION)).forEach(body::add);
    assertTrue(body.size() > 1, "README.md has no Quickstart code besides the store");

    String name = "Quickstart" + storeMarker.replaceAll("[^A-Za-z]", "");
    Generated source = generate(name, body);
    Path classes = compile(name, source);
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeQuickstartTest.class.getClassLoader());
    return (QuickstartRun) loader.loadClass("consumer.generated." + name).getDeclaredConstructor().newInstance();
  }

  /** A generated source file and, for each of its lines, the Markdown line it came from (or null). */
  private record Generated(String text, List<String> origins) {
  }

  private static Generated generate(String name, List<MarkdownJava.Block> blocks) {
    List<String> lines = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    add(lines, origins, "package consumer.generated;", null);
    for (MarkdownJava.Block block : blocks) {
      block.lines().stream().filter(line -> line.text().trim().startsWith("import "))
          .forEach(line -> add(lines, origins, line.text().trim(), line.origin()));
    }
    add(lines, origins, "public final class " + name + " implements consumer.QuickstartRun {", null);
    add(lines, origins, "  private String received;", null);
    add(lines, origins, "  private final Transport webSocket = text -> received = text;", null);
    add(lines, origins, "  interface Transport { void sendText(String text); }", null);
    add(lines, origins, "  @Override public Result run(byte[] toolOutputBytes, String sessionId, String databaseUrl)"
        + " throws Exception {", null);
    for (MarkdownJava.Block block : blocks) {
      block.lines().stream().filter(line -> !line.text().trim().startsWith("import "))
          .forEach(line -> add(lines, origins, line.text(), line.origin()));
    }
    add(lines, origins, "    Result result = new Result(d.mode().name(), received, payload);", null);
    add(lines, origins, "    offloader.close();", null);
    add(lines, origins, "    resolver.close();", null);
    add(lines, origins, "    store.close();", null);
    add(lines, origins, "    return result;", null);
    add(lines, origins, "  }", null);
    add(lines, origins, "}", null);
    return new Generated(String.join("\n", lines) + "\n", origins);
  }

  private static void add(List<String> lines, List<String> origins, String line, String origin) {
    lines.add(line);
    origins.add(origin);
  }

  private static Path compile(String name, Generated source) throws IOException {
    Path sourceFile = TARGET.resolve("quickstart-sources/consumer/generated/" + name + ".java");
    Path classes = TARGET.resolve("quickstart-classes/" + name);
    Files.createDirectories(sourceFile.getParent());
    Files.createDirectories(classes);
    Files.writeString(sourceFile, source.text());

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-proc:none", "-d", classes.toString(),
          "-classpath", System.getProperty("java.class.path"));
      boolean compiled = compiler.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjects(sourceFile)).call();
      if (!compiled) {
        throw new AssertionError("The README's Quickstart no longer compiles against the published API:\n"
            + diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> where(d, source) + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"))
            + "\n(generated source: " + sourceFile.toAbsolutePath() + ")");
      }
    }
    return classes;
  }

  private static String where(Diagnostic<?> diagnostic, Generated source) {
    long line = diagnostic.getLineNumber();
    String origin = line >= 1 && line <= source.origins().size() ? source.origins().get((int) line - 1) : null;
    return origin != null ? origin : "generated line " + line;
  }
}

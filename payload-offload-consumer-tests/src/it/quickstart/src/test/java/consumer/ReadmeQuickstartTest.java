package consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compiles and runs the README's Quickstart exactly as written, against the artifacts that the BOM
 * resolves. Every {@code ```java} block of README.md and docs/quickstart.md takes part: a block that
 * declares {@code PayloadStore store} is one choice of store, and the quickstart is run once with
 * each; the other blocks follow it in document order. Their {@code import} lines head the generated
 * class; the rest forms one method whose parameters are the Quickstart's free variables
 * ({@code toolOutputBytes}, {@code sessionId}, {@code databaseUrl}), with {@code webSocket} a
 * {@link java.net.http.WebSocket} that delivers what it is sent as {@code received}. A compile error is reported at the
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
    Path classes = compile(generate(name, body));
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeQuickstartTest.class.getClassLoader());
    return (QuickstartRun) loader.loadClass("consumer.generated." + name).getDeclaredConstructor().newInstance();
  }

  private static Javac.Source generate(String name, List<MarkdownJava.Block> blocks) {
    List<MarkdownJava.Line> lines = new ArrayList<>();
    lines.add(MarkdownJava.Line.generated("package consumer.generated;"));
    for (MarkdownJava.Block block : blocks) {
      block.lines().stream().filter(line -> line.text().trim().startsWith("import "))
          .forEach(line -> lines.add(new MarkdownJava.Line(line.text().trim(), line.origin())));
    }
    lines.add(MarkdownJava.Line.generated("public final class " + name + " implements consumer.QuickstartRun {"));
    lines.add(MarkdownJava.Line.generated("  private String received;"));
    lines.add(MarkdownJava.Line.generated("  private final java.net.http.WebSocket webSocket = new consumer.RecordingWebSocket(text -> received = text);"));
    lines.add(MarkdownJava.Line.generated("  @Override public Result run(byte[] toolOutputBytes, String sessionId, String databaseUrl)"
        + " throws Exception {"));
    for (MarkdownJava.Block block : blocks) {
      block.lines().stream().filter(line -> !line.text().trim().startsWith("import ")).forEach(lines::add);
    }
    lines.add(MarkdownJava.Line.generated("    Result result = new Result(d.mode().name(), received, payload);"));
    lines.add(MarkdownJava.Line.generated("    offloader.close();"));
    lines.add(MarkdownJava.Line.generated("    resolver.close();"));
    lines.add(MarkdownJava.Line.generated("    store.close();"));
    lines.add(MarkdownJava.Line.generated("    return result;"));
    lines.add(MarkdownJava.Line.generated("  }"));
    lines.add(MarkdownJava.Line.generated("}"));
    return new Javac.Source("consumer/generated/" + name + ".java", lines);
  }

  private static Path compile(Javac.Source source) throws IOException {
    Path classes = TARGET.resolve("quickstart-classes/" + source.path().replaceAll(".*/|\\.java$", ""));
    List<String> errors = Javac.compile(List.of(source), TARGET.resolve("quickstart-sources"), classes);
    if (!errors.isEmpty()) {
      throw new AssertionError("The README's Quickstart no longer compiles against the published API:\n"
          + String.join("\n", errors));
    }
    return classes;
  }
}

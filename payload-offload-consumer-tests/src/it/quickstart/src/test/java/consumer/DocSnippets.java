package consumer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every {@code ```java} block of a Markdown file into a Java source file, by the convention that
 * docs/architecture.md ("Java in the docs") states for writers:
 *
 * <ul>
 *   <li>The block's {@code import} lines head its file; nothing else is imported, so a block shows
 *       every import it needs (types of {@code java.lang} and of the same document's blocks aside).
 *   <li>A block whose code starts with a type declaration ({@code class}, {@code interface},
 *       {@code record}, {@code enum}, after any annotations and comments) is compiled as written:
 *       its types are top-level types of the document's package ({@code docs.websocket} for
 *       docs/websocket.md), so blocks of one document may use each other's types.
 *   <li>Any other block is a fragment: it becomes the body of a method {@code snippet()} that throws
 *       {@code Exception}.
 *   <li>The names a block uses without declaring them are declared in an HTML comment that ends on
 *       the line just before the block, {@code <!-- java: PayloadStore store; String sessionId; -->}:
 *       member declarations (fields, methods) of a class that encloses the block, written with the
 *       block's imports or fully qualified names. A type block with such a comment becomes a member
 *       type of that class.
 * </ul>
 */
final class DocSnippets {
  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "^(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
          + "(?:class|interface|record|enum)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

  private DocSnippets() {
  }

  /** The package of a document's snippets: {@code docs.} and its file name without {@code .md}. */
  static String packageOf(Path markdown) {
    String name = markdown.getFileName().toString().replaceFirst("\\.md$", "").toLowerCase(Locale.ROOT);
    return "docs." + name.replaceAll("[^a-z0-9]", "_");
  }

  /**
   * One source file for each {@code ```java} block of {@code markdown}.
   *
   * @throws IOException if the file cannot be read
   */
  static List<Javac.Source> sources(Path markdown) throws IOException {
    String pkg = packageOf(markdown);
    List<Javac.Source> sources = new ArrayList<>();
    for (MarkdownJava.Block block : MarkdownJava.blocks(markdown)) {
      sources.add(source(pkg, block));
    }
    return sources;
  }

  private static Javac.Source source(String pkg, MarkdownJava.Block block) {
    List<MarkdownJava.Line> imports = new ArrayList<>();
    List<MarkdownJava.Line> code = new ArrayList<>();
    for (MarkdownJava.Line line : block.lines()) {
      (line.text().trim().startsWith("import ") ? imports : code).add(line);
    }
    String type = declaredType(code);
    boolean enclosed = type == null || !block.context().isEmpty();
    String enclosing = "L" + block.origin().substring(block.origin().lastIndexOf(':') + 1);
    List<MarkdownJava.Line> lines = new ArrayList<>();
    lines.add(MarkdownJava.Line.generated("package " + pkg + ";"));
    imports.forEach(line -> lines.add(new MarkdownJava.Line(line.text().trim(), line.origin())));
    if (enclosed) {
      lines.add(MarkdownJava.Line.generated("class " + enclosing + " {"));
      lines.addAll(block.context());
    }
    if (type == null) {
      lines.add(MarkdownJava.Line.generated("void snippet() throws Exception {"));
      lines.addAll(code);
      lines.add(MarkdownJava.Line.generated("}"));
    } else {
      lines.addAll(code);
    }
    if (enclosed) {
      lines.add(MarkdownJava.Line.generated("}"));
    }
    String file = enclosed ? enclosing : type;
    return new Javac.Source(pkg.replace('.', '/') + "/" + file + ".java", lines);
  }

  /** The name of the first type the code declares at its start, or null when the code is a fragment. */
  private static String declaredType(List<MarkdownJava.Line> code) {
    for (MarkdownJava.Line line : code) {
      String text = line.text().trim();
      if (text.isEmpty() || text.startsWith("//") || text.startsWith("/*") || text.startsWith("*")) {
        continue;
      }
      Matcher type = TYPE_DECLARATION.matcher(text.replaceFirst("^(@[\\w.]+(\\([^)]*\\))?\\s*)+", ""));
      if (type.find()) {
        return type.group(1);
      }
      if (!text.startsWith("@")) {
        return null;
      }
    }
    return null;
  }
}

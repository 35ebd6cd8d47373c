package consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ```java} code blocks of a Markdown file, each line with the place it came from, and the
 * declarations of the {@code <!-- java: ... -->} comment that ends on the line before a block, if any.
 */
final class MarkdownJava {
  private static final String CONTEXT_START = "<!-- java:";
  private static final String COMMENT_END = "-->";

  private MarkdownJava() {
  }

  /** One line of a code block: its text and where it stands, as {@code README.md:93}. */
  record Line(String text, String origin) {
    /** A line that no Markdown file holds: code the test generates around the blocks. */
    static Line generated(String text) {
      return new Line(text, null);
    }
  }

  /**
   * One code block, in the order of its lines, with the lines of its context comment (the text after
   * {@code java:}, empty when the block has no such comment) and the place of its opening fence.
   */
  record Block(List<Line> lines, List<Line> context, String origin) {
    boolean contains(String text) {
      return lines.stream().anyMatch(line -> line.text().contains(text));
    }
  }

  /**
   * Reads every block fenced by {@code ```java} and {@code ```} in {@code file}, at any indentation.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalStateException if a block or a context comment is never closed
   */
  static List<Block> blocks(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    List<Block> blocks = new ArrayList<>();
    List<Line> current = null;
    List<Line> context = List.of();
    int contextEnd = -1;
    int fence = -1;
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).trim();
      if (current == null && trimmed.startsWith(CONTEXT_START)) {
        List<Line> declarations = new ArrayList<>();
        String rest = trimmed.substring(CONTEXT_START.length());
        int start = i;
        while (!rest.contains(COMMENT_END)) {
          declarations.add(new Line(rest, name + ":" + (i + 1)));
          if (++i == lines.size()) {
            throw new IllegalStateException(name + ":" + (start + 1) + " opens a java: comment that is never closed");
          }
          rest = lines.get(i);
        }
        declarations.add(new Line(rest.substring(0, rest.indexOf(COMMENT_END)), name + ":" + (i + 1)));
        context = List.copyOf(declarations);
        contextEnd = i;
      } else if (current == null && trimmed.equals("```java")) {
        current = new ArrayList<>();
        fence = i;
        if (contextEnd != i - 1) {
          context = List.of();
        }
      } else if (current != null && trimmed.equals("```")) {
        blocks.add(new Block(List.copyOf(current), context, name + ":" + (fence + 1)));
        current = null;
        context = List.of();
      } else if (current != null) {
        current.add(new Line(lines.get(i), name + ":" + (i + 1)));
      }
    }
    if (current != null) {
      throw new IllegalStateException(name + ":" + (fence + 1) + " opens a ```java block that is never closed");
    }
    return blocks;
  }
}

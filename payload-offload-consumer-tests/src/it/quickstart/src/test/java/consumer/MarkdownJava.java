package consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code ```java} code blocks of a Markdown file, each line with the place it came from. */
final class MarkdownJava {
  private MarkdownJava() {
  }

  /** One line of a code block: its text and where it stands, as {@code README.md:93}. */
  record Line(String text, String origin) {
  }

  /** One code block, in the order of its lines. */
  record Block(List<Line> lines) {
    boolean contains(String text) {
      return lines.stream().anyMatch(line -> line.text().contains(text));
    }
  }

  /**
   * Reads every block fenced by {@code ```java} and {@code ```} in {@code file}, at any indentation.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalStateException if a block is never closed
   */
  static List<Block> blocks(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    List<Line> current = null;
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).trim();
      if (current == null && trimmed.equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && trimmed.equals("```")) {
        blocks.add(new Block(List.copyOf(current)));
        current = null;
      } else if (current != null) {
        current.add(new Line(lines.get(i), file.getFileName() + ":" + (i + 1)));
      }
    }
    if (current != null) {
      throw new IllegalStateException(file + " has a ```java block that is never closed");
    }
    return blocks;
  }
}

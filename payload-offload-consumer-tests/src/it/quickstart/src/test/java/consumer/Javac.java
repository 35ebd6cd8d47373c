package consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated Java sources against the test's class path and reports errors at their Markdown lines. */
final class Javac {
  private Javac() {
  }

  /**
   * A generated source file: its path under the source root ({@code docs/readme/L1.java}) and its
   * lines, each with the Markdown line it came from, or a null origin for a generated line.
   */
  record Source(String path, List<MarkdownJava.Line> lines) {
    String text() {
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line.text()).append('\n'));
      return text.toString();
    }
  }

  /**
   * Writes {@code sources} under {@code sourceRoot} and compiles them all at once into {@code classes}
   * with {@code --release 17}.
   *
   * @return every compile error as {@code origin: message}, where origin is the Markdown line (or the
   *     generated file and line, for a generated line); empty when everything compiled
   * @throws IOException if a file cannot be written
   */
  static List<String> compile(List<Source> sources, Path sourceRoot, Path classes) throws IOException {
    Map<Path, Source> byFile = new HashMap<>();
    for (Source source : sources) {
      Path file = sourceRoot.resolve(source.path()).toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.text());
      byFile.put(file, source);
    }
    Files.createDirectories(classes);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-proc:none", "-d", classes.toString(),
          "-classpath", System.getProperty("java.class.path"));
      compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(byFile.keySet()))
          .call();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(where(d, byFile) + ": " + d.getMessage(Locale.ROOT));
      }
    }
    return errors;
  }

  private static String where(Diagnostic<? extends JavaFileObject> diagnostic, Map<Path, Source> byFile) {
    long line = diagnostic.getLineNumber();
    if (diagnostic.getSource() == null) {
      return "javac";
    }
    Path file = Path.of(diagnostic.getSource().toUri()).toAbsolutePath();
    Source source = byFile.get(file);
    if (source != null && line >= 1 && line <= source.lines().size()) {
      String origin = source.lines().get((int) line - 1).origin();
      if (origin != null) {
        return origin;
      }
    }
    return file + ":" + line;
  }
}

package io.payloadoffload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/spring-boot.md against the code: its properties table, its variables and its Java. */
class SpringBootDocsTest {
  private static final Path DOC = Path.of("../docs/spring-boot.md");
  private static final Path CONFIGURATION_DOC = Path.of("../docs/configuration.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  private static List<String> tableRows(Path doc) throws IOException {
    return Files.readAllLines(doc).stream().filter(l -> l.startsWith("|")).toList();
  }

  @Test
  void everyPropertyOfTheMetadataIsInTheTable() throws IOException {
    JsonNode metadata;
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    String rows = String.join("\n", tableRows(DOC));
    List<String> properties = new ArrayList<>();
    metadata.get("properties").forEach(p -> properties.add(p.get("name").asText()));
    assertThat(properties).hasSizeGreaterThan(30)
        .allSatisfy(name -> assertThat(rows).contains("`" + name + "`"));
  }

  @Test
  void everyVariableSitsInTheRowOfItsProperty() throws IOException {
    List<String> rows = tableRows(DOC);
    for (LegacyVariable v : LegacyVariable.values()) {
      assertThat(rows).as(v.name())
          .anyMatch(row -> row.startsWith("| `" + v.property() + "` | `" + v.name() + "` |"));
    }
  }

  @Test
  void everyVariableOfTheConfigurationDocsIsHonoured() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("`((?:MESSAGE_BUS|CIRCUIT_BREAKER|FALLBACK)_[A-Z_]+)`")
        .matcher(String.join("\n", tableRows(CONFIGURATION_DOC)));
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> honoured = Arrays.stream(LegacyVariable.values()).map(Enum::name)
        .collect(Collectors.toSet());
    assertThat(documented).hasSizeGreaterThan(10);
    assertThat(honoured).containsAll(documented);
  }

  /** The text with every run of white space made one blank, so indentation does not count. */
  private static String squeezed(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  @Test
  void everyJavaBlockIsCompiledTestCode() throws IOException {
    String sources;
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(f -> {
        try {
          return Files.readString(f);
        } catch (IOException e) {
          throw new IllegalStateException(f.toString(), e);
        }
      }).map(SpringBootDocsTest::squeezed).collect(Collectors.joining("\n"));
    }
    Matcher block = JAVA_BLOCK.matcher(Files.readString(DOC));
    int blocks = 0;
    while (block.find()) {
      blocks++;
      String code = squeezed(block.group(1));
      assertThat(sources.contains(code)).as("this Java block of spring-boot.md is in no test source: %s",
          code).isTrue();
    }
    assertThat(blocks).isEqualTo(2);
  }
}

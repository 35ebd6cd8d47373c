package io.payloadoffload.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic JSON tool output, generated deterministically from a seed: the findings of a code
 * analysis tool, each with a path, a message in words, a code snippet and numbers. zstd level 3
 * shrinks it about five times, as real tool output does. Also makes the incompressible binary case.
 * Thread-safe: every method builds its own generator.
 */
public final class ToolOutput {
  /** The mapper every path shares, so that all of them see the same serialized bytes. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> WORDS = Arrays.asList((
      "the of and to in is that for it as with was on be by this are from or an at which not have "
      + "has but all were when can there been if more will would no one so what out up about into "
      + "than them only other some could these two may first then do any like my now over such our "
      + "value values null empty list map array string number index count size length total limit "
      + "request response client server session token user account invoice customer order payment "
      + "balance credit amount price currency tax rate discount item items product catalog stock "
      + "warehouse shipment address country region zone cache buffer stream channel queue topic "
      + "message event handler listener callback future promise thread lock mutex pool connection "
      + "query statement transaction commit rollback table column row schema index key foreign "
      + "primary unique constraint timeout retry backoff circuit breaker fallback error exception "
      + "failure warning deprecated unused unreachable duplicate missing invalid unchecked unsafe "
      + "possible potential likely branch condition loop iteration recursion overflow underflow "
      + "dereference allocation leak closed open read write flush close returns throws called "
      + "passed expected actual should must never always before after while during because since "
      + "method function class interface field parameter argument variable constant literal type "
      + "generic wildcard bound lambda stream collector optional record enum annotation module "
      + "package import test assert mock stub fixture coverage line file path directory build "
      + "compile runtime memory heap stack frame garbage collector latency throughput percentile").split(" "));

  private static final String[] DIRS = {
      "src/main/java/com/acme", "src/test/java/com/acme", "services", "lib", "internal", "api",
      "billing", "orders", "inventory", "payments", "shipping", "auth", "common", "util", "storage"};
  private static final String[] SEVERITIES = {"info", "warning", "error", "critical"};
  private static final String[] RULES = {
      "null-dereference", "resource-leak", "unused-variable", "dead-store", "sql-injection",
      "unchecked-cast", "empty-catch", "magic-number", "long-method", "deep-nesting",
      "missing-override", "synchronization-on-field", "boxed-comparison", "string-concat-in-loop",
      "unbounded-collection", "blocking-call-in-async", "duplicate-literal", "broad-exception"};
  private static final String[] TYPES = {
      "int", "long", "String", "boolean", "double", "List<String>", "Map<String, Object>",
      "Optional<Order>", "BigDecimal", "Instant", "Duration", "CompletableFuture<Void>"};

  private final SplittableRandom random;
  private final String[] identifiers = new String[160];
  private final String[] paths = new String[120];
  private int nextId;

  private ToolOutput(long seed) {
    this.random = new SplittableRandom(seed);
    // Real output names the same files and symbols again and again.
    for (int i = 0; i < identifiers.length; i++) {
      String first = word();
      String second = word();
      identifiers[i] = first + Character.toUpperCase(second.charAt(0)) + second.substring(1);
    }
    for (int i = 0; i < paths.length; i++) {
      paths[i] = newPath();
    }
  }

  /**
   * Builds a tool output document whose compact serialization is about {@code targetBytes} long (at
   * least that long, by less than one finding).
   *
   * @param seed the seed; the same seed and size give the same document
   * @param targetBytes the wanted size of {@code MAPPER.writeValueAsBytes(result)}
   * @return the document
   */
  public static ObjectNode tree(long seed, long targetBytes) {
    ToolOutput gen = new ToolOutput(seed);
    ObjectNode root = gen.header();
    ArrayNode results = root.putArray("results");
    long size = serializedLength(root);
    while (size < targetBytes) {
      ObjectNode finding = gen.finding();
      results.add(finding);
      size += serializedLength(finding) + 1;
    }
    return root;
  }

  /**
   * The same kind of document as a stream of exactly {@code length} bytes, generated as it is read,
   * so that gigabytes of it take no memory: a JSON array of findings padded with spaces at the end.
   *
   * @param seed the seed; the same seed and length give the same bytes
   * @param length how many bytes the stream yields; at least 2
   * @return a stream of valid JSON
   * @throws IllegalArgumentException if {@code length < 2}
   */
  public static InputStream stream(long seed, long length) {
    if (length < 2) {
      throw new IllegalArgumentException("length must be >= 2: " + length);
    }
    return new GeneratedStream(new ToolOutput(seed), length);
  }

  /**
   * Random bytes that no compressor can shrink.
   *
   * @param seed the seed
   * @param length how many bytes
   * @return the bytes
   */
  public static byte[] binary(long seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * Serializes a document with {@link #MAPPER}.
   *
   * @param node the document
   * @return its compact UTF-8 JSON
   */
  public static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long serializedLength(ObjectNode node) {
    return bytes(node).length;
  }

  private ObjectNode header() {
    ObjectNode root = NODES.objectNode();
    root.put("tool", "static_analysis");
    root.put("version", "4.2." + random.nextInt(20));
    root.put("repository", "git@example.org:acme/" + word() + "-" + word() + ".git");
    root.put("commit", hex(40));
    ObjectNode summary = root.putObject("summary");
    summary.put("files_scanned", 1000 + random.nextInt(50_000));
    summary.put("duration_ms", Math.round(random.nextDouble() * 1e8) / 1e3);
    summary.put("ruleset", "default-" + random.nextInt(10));
    return root;
  }

  private ObjectNode finding() {
    ObjectNode f = NODES.objectNode();
    f.put("id", nextId++);
    f.put("path", paths[skewed(paths.length)]);
    f.put("line", 1 + random.nextInt(4000));
    f.put("column", 1 + random.nextInt(120));
    f.put("severity", SEVERITIES[skewed(SEVERITIES.length)]);
    f.put("rule", RULES[skewed(RULES.length)]);
    f.put("score", Math.round(random.nextDouble() * 1000) / 1000.0);
    f.put("message", sentence(8 + random.nextInt(20)));
    f.put("snippet", snippet());
    ObjectNode metrics = f.putObject("metrics");
    metrics.put("cyclomatic", 1 + random.nextInt(40));
    metrics.put("lines", 3 + random.nextInt(300));
    metrics.put("coverage", Math.round(random.nextDouble() * 100) / 100.0);
    ArrayNode tags = f.putArray("tags");
    for (int i = random.nextInt(4); i >= 0; i--) {
      tags.add(word());
    }
    return f;
  }

  private String newPath() {
    StringBuilder sb = new StringBuilder(DIRS[random.nextInt(DIRS.length)]);
    for (int i = random.nextInt(3); i >= 0; i--) {
      sb.append('/').append(word());
    }
    return sb.append('/').append(className()).append(".java").toString();
  }

  private String snippet() {
    StringBuilder sb = new StringBuilder();
    String var = identifier();
    sb.append("    ").append(TYPES[random.nextInt(TYPES.length)]).append(' ').append(var)
        .append(" = ").append(identifier()).append('.').append(identifier()).append('(')
        .append(identifier()).append(", ").append(random.nextInt(100)).append(");\n");
    for (int i = random.nextInt(4); i >= 0; i--) {
      switch (random.nextInt(4)) {
        case 0:
          sb.append("    if (").append(var).append(" > ").append(random.nextInt(1000))
              .append(") {\n        return ").append(identifier()).append("(").append(var)
              .append(");\n    }\n");
          break;
        case 1:
          sb.append("    for (").append(className()).append(' ').append(identifier())
              .append(" : ").append(identifier()).append(".").append(identifier())
              .append("()) {\n        ").append(identifier()).append(".add(").append(var)
              .append(");\n    }\n");
          break;
        case 2:
          sb.append("    log.debug(\"").append(sentence(3 + random.nextInt(6))).append(" {}\", ")
              .append(var).append(");\n");
          break;
        default:
          sb.append("    ").append(identifier()).append(" += ").append(var).append(" * ")
              .append(random.nextInt(100)).append('.').append(random.nextInt(100)).append(";\n");
          break;
      }
    }
    return sb.toString();
  }

  private String sentence(int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(random.nextInt(8) == 0 ? "'" + identifier() + "'" : word());
    }
    return sb.append('.').toString();
  }

  private String identifier() {
    return identifiers[skewed(identifiers.length)];
  }

  private String className() {
    String id = identifier();
    return Character.toUpperCase(id.charAt(0)) + id.substring(1);
  }

  private String word() {
    double r = random.nextDouble();
    return WORDS.get((int) (r * r * r * WORDS.size()));
  }

  /** An index in [0, n) where small indexes are more likely, as with word frequencies. */
  private int skewed(int n) {
    double r = random.nextDouble();
    return (int) (r * r * n);
  }

  private String hex(int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** Findings serialized one at a time as the reader asks for bytes. */
  private static final class GeneratedStream extends InputStream {
    private final ToolOutput gen;
    private long remaining;
    private byte[] buffer = "[".getBytes(StandardCharsets.US_ASCII);
    private int pos;
    private boolean first = true;

    GeneratedStream(ToolOutput gen, long length) {
      this.gen = gen;
      this.remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int total = 0;
      while (total < len && remaining > 0) {
        if (pos == buffer.length) {
          refill();
        }
        int n = (int) Math.min(Math.min(len - total, buffer.length - pos), remaining);
        System.arraycopy(buffer, pos, b, off + total, n);
        pos += n;
        remaining -= n;
        total += n;
      }
      return total;
    }

    private void refill() {
      pos = 0;
      byte[] next = bytes(gen.finding());
      // One byte for the comma, one for the closing bracket; when the next finding would not fit,
      // pad with spaces and close the array.
      if (remaining >= next.length + 2L) {
        byte[] withComma = new byte[next.length + 1];
        withComma[0] = (byte) (first ? ' ' : ',');
        System.arraycopy(next, 0, withComma, 1, next.length);
        buffer = withComma;
        first = false;
      } else {
        buffer = new byte[(int) remaining];
        Arrays.fill(buffer, (byte) ' ');
        buffer[buffer.length - 1] = ']';
      }
    }
  }
}

package io.payloadoffload.examples;

import io.payloadoffload.spi.PayloadHeader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the original test plan against a running example server and prints a table: for 500 KB, 5 MB
 * and 50 MB of {@code generate_text}, how the result travelled, the bytes on the wire, the time, and
 * whether the text is identical to what the tool generates. Then it checks that another session's
 * token, a forged id and a malformed id are refused.
 *
 * <p>Usage: {@code java -cp payload-offload-examples.jar io.payloadoffload.examples.DemoClient
 * [ws://127.0.0.1:8080/ws] [size ...]}. Exits with status 1 when a check fails.
 */
public final class DemoClient {
  /** The sizes of the original test plan: 500 KB, 5 MB and 50 MB. */
  public static final List<Integer> DEFAULT_SIZES = List.of(500_000, 5_000_000, 50_000_000);
  /** The address used when none is given: {@value}. */
  public static final String DEFAULT_URI = "ws://127.0.0.1:8080/ws";

  private DemoClient() {}

  /**
   * Runs the plan.
   *
   * @param args the WebSocket address, then sizes in bytes; both optional
   */
  public static void main(String[] args) {
    URI uri = URI.create(args.length > 0 ? args[0] : DEFAULT_URI);
    List<Integer> sizes = new ArrayList<>();
    Arrays.stream(args).skip(1).map(Integer::parseInt).forEach(sizes::add);
    boolean ok = run(uri, sizes.isEmpty() ? DEFAULT_SIZES : sizes, System.out);
    System.exit(ok ? 0 : 1);
  }

  /**
   * Runs the plan and prints the table.
   *
   * @param uri the server's WebSocket address
   * @param sizes the {@code generate_text} sizes to call, in bytes
   * @param out where the table goes
   * @return {@code true} if every result was identical and every refusal had the expected status
   * @throws io.payloadoffload.exception.PayloadOffloadException if a call or fetch fails
   */
  public static boolean run(URI uri, List<Integer> sizes, PrintStream out) {
    boolean ok = true;
    String reference = null;
    try (ToolClient client = ToolClient.connect(uri); ToolClient other = ToolClient.connect(uri)) {
      out.printf(Locale.ROOT, "session %s at %s%n%n", client.sessionId(), uri);
      out.printf(Locale.ROOT, "%12s  %-16s  %14s  %14s  %9s  %s%n",
          "size", "mode", "ws reply B", "http body B", "time ms", "identical");
      for (int size : sizes) {
        ToolResult r = client.call("generate_text", Map.of("size_bytes", size));
        boolean identical = Arrays.equals(r.text().getBytes(StandardCharsets.UTF_8), TextGenerator.generate(size));
        ok &= identical;
        if (r.envelope().isPresent()) {
          reference = r.envelope().get().transactionId();
        }
        out.printf(Locale.ROOT, "%,12d  %-16s  %,14d  %,14d  %,9d  %s%n", size, r.mode(), r.messageBytes(),
            r.fetchedBytes(), r.elapsed().toMillis(), identical ? "yes" : "NO");
      }
      out.println();
      HttpClient http = HttpClient.newHttpClient();
      URI payloads = URI.create("http://" + uri.getRawAuthority() + ExampleServer.PAYLOADS_PATH);
      if (reference != null) {
        ok &= check(out, http, payloads.resolve(reference), other.sessionId(), 404, "another session's token");
      }
      ok &= check(out, http, payloads.resolve(PayloadHeader.ID_PREFIX + "0".repeat(32)), client.sessionId(),
          404, "a forged id");
      ok &= check(out, http, payloads.resolve("txn_not-an-id"), client.sessionId(), 400, "a malformed id");
    }
    out.println(ok ? "all checks passed" : "SOME CHECKS FAILED");
    return ok;
  }

  private static boolean check(PrintStream out, HttpClient http, URI uri, String session, int expected,
      String what) {
    int status;
    try {
      status = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + session).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      out.printf(Locale.ROOT, "%-26s -> failed: %s%n", what, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    out.printf(Locale.ROOT, "%-26s -> HTTP %d (expected %d)%n", what, status, expected);
    return status == expected;
  }
}

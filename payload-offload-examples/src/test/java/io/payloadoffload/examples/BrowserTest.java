package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) loads the page, asks for
 * 5 MB and sees the reference resolved with a verified SHA-256. The screenshot is written to
 * {@code target/example-page.png}; {@code docs/example-page.png} is a copy of it.
 *
 * <p>The build runs this class only where {@code chromium} and {@code chromedriver} are on the
 * {@code PATH}, or when {@code PAYLOAD_OFFLOAD_BROWSER_TEST=required}; elsewhere it leaves the class
 * out and says so (see the examples module's pom.xml). Once it runs, a missing browser fails it.
 */
class BrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer running;
  private static ExampleServer server;

  @BeforeAll
  static void start() {
    running = TestServer.start("browser");
    server = running.server;
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @Test
  void thePageResolvesA5MegabyteReferenceAndVerifiesItsChecksum(@TempDir Path profile) throws Exception {
    long resolvedBefore = server.counts().resolved();
    ChromeDriver browser = browser(profile);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
      browser.get(server.httpUri().toString());
      wait.until(ExpectedConditions.textMatches(By.id("session"), java.util.regex.Pattern.compile("sess_[0-9a-f]{32}")));

      new Select(browser.findElement(By.id("size"))).selectByValue("5000000");
      wait.until(ExpectedConditions.elementToBeClickable(By.id("call"))).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mode"), "reference"));
      assertThat(browser.findElement(By.id("envelope")).getText())
          .contains("message_bus_transaction_id", "\"payload_size_bytes\": 5000000", "sha256:");

      wait.until(ExpectedConditions.elementToBeClickable(By.id("fetch"))).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify"), "verified"));

      assertThat(browser.findElement(By.id("verify")).getText()).contains("SHA-256 matches");
      assertThat(browser.findElement(By.id("fetched-size")).getText()).isEqualTo("5.00 MB of 5.00 MB");
      assertThat(server.counts().resolved()).as("the page fetched once").isEqualTo(resolvedBefore + 1);
      Path screenshot = Paths.get("target", "example-page.png");
      Files.createDirectories(screenshot.getParent());
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }
  }

  /**
   * docs/websocket.md's JavaScript client, run as written in the browser against the example server:
   * it returns a plain-text inline result and a JSON result that is not an envelope as they are,
   * resolves a reference whose checksum is SHA-256 or CRC32C, and rejects either checksum when wrong.
   */
  @Test
  void theDocsJavaScriptClientResolvesInlineTextAndVerifiesSha256AndCrc32c(@TempDir Path profile) throws Exception {
    byte[] payload = TextGenerator.generate(2_000_000);
    ObjectNode envelope;
    String sessionId;
    try (ToolClient client = ToolClient.connect(server.webSocketUri())) {
      ToolResult result = client.call("generate_text", Map.of("size_bytes", payload.length));
      envelope = (ObjectNode) JSON.readTree(result.envelope().orElseThrow().toJson());
      sessionId = client.sessionId();
    }
    CRC32C crc = new CRC32C();
    crc.update(payload);
    String sha256 = envelope.get("checksum").textValue();
    String crc32c = "crc32c:" + String.format("%08x", crc.getValue());
    ChromeDriver browser = browser(profile);
    try {
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      browser.get(server.httpUri().toString());
      for (String checksum : List.of(sha256, crc32c)) {
        String good = envelope.deepCopy().put("checksum", checksum).toString();
        String wrong = envelope.deepCopy().put("checksum", checksum.substring(0, checksum.length() - 1)
            + (checksum.endsWith("0") ? "1" : "0")).toString();

        Object results = browser.executeAsyncScript(docsJavaScript() + """
            const [sessionId, good, wrong, done] = arguments;
            const text = async t => new TextDecoder().decode(await resolve(t, sessionId));
            (async () => ({
              plain: await text("a plain-text result, not JSON"),
              json: await text('{"rows":[1,2]}'),
              size: (await resolve(good, sessionId)).length,
              wrong: await resolve(wrong, sessionId).then(() => "resolved", e => e.message),
            }))().then(done, e => done({ error: String(e) }));
            """, sessionId, good, wrong);

        assertThat(results).as(checksum).isEqualTo(Map.of("plain", "a plain-text result, not JSON",
            "json", "{\"rows\":[1,2]}", "size", (long) payload.length, "wrong", "checksum mismatch"));
      }
    } finally {
      browser.quit();
    }
  }

  /** The {@code ```js} block of docs/websocket.md. */
  private static String docsJavaScript() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "websocket.md"));
    int start = doc.indexOf("```js\n");
    assertThat(start).as("docs/websocket.md has a ```js block").isNotNegative();
    return doc.substring(start + "```js\n".length(), doc.indexOf("```\n", start + 1)) + "\n";
  }

  private static ChromeDriver browser(Path profile) {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(onPath("chromedriver")).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(onPath("chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1100,1250", "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  /** The executable {@code name} in the first {@code PATH} directory that has it, the way the build looked. */
  private static File onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .map(dir -> new File(dir, name))
        .filter(File::canExecute)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not on the PATH (" + path
            + "): install Debian's chromium and chromium-driver to run the browser test"));
  }
}

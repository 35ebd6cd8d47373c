package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
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
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(onPath("chromedriver")).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(onPath("chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1100,1250", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriver browser = new ChromeDriver(service, options);
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
      assertThat(server.counts().resolved()).isEqualTo(1);
      Path screenshot = Paths.get("target", "example-page.png");
      Files.createDirectories(screenshot.getParent());
      Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }
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

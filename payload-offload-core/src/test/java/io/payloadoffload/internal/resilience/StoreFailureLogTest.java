package io.payloadoffload.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.exception.PayloadStoreException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The outage log through the real SLF4J binding of the tests, which writes to standard error. */
class StoreFailureLogTest {
  private final AtomicLong nanos = new AtomicLong();
  private final StoreFailureLog log =
      new StoreFailureLog(LoggerFactory.getLogger(StoreFailureLogTest.class), nanos::get);
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
  }

  private List<String> lines() {
    return captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains(StoreFailureLogTest.class.getName())).collect(Collectors.toList());
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private static PayloadStoreException down(int n) {
    return new PayloadStoreException("PostgreSQL could not store payload " + n + ": connection refused",
        null, true, null);
  }

  @Test
  void theFirstFailureWarnsAtOnceAndLaterOnesAtMostOnceAMinuteWithTheirCount() {
    log.failed("txn_1", down(1));
    advance(Duration.ofSeconds(1));
    log.failed("txn_2", down(2));
    advance(Duration.ofSeconds(58));
    log.failed("txn_3", down(3));
    assertThat(lines()).singleElement().asString().contains("WARN").contains("txn_1")
        .contains("PayloadStoreException (retryable): PostgreSQL could not store payload 1")
        .contains("at most once a minute");

    advance(Duration.ofSeconds(1));
    log.failed("txn_4", down(4));
    assertThat(lines()).hasSize(2).last().asString().contains("WARN").contains("txn_4")
        .contains("2 more failed since the last such warning");
  }

  @Test
  void theFirstSuccessAfterFailuresIsLoggedOnceAndANewOutageWarnsAtOnce() {
    log.succeeded();
    assertThat(lines()).isEmpty();
    log.failed("txn_1", down(1));
    log.failed("txn_2", down(2));
    log.succeeded();
    log.succeeded();
    assertThat(lines()).hasSize(2).last().asString().contains("INFO")
        .contains("succeed again after 2 failed calls");

    log.failed("txn_3", down(3));
    assertThat(lines()).hasSize(3).last().asString().contains("WARN").contains("txn_3");
  }

  @Test
  void theMessageOfAnExceptionThatIsNotAStoreErrorIsLeftOut() {
    log.failed("txn_1", new IllegalStateException("row 0xdeadbeef holds s3cret"));
    assertThat(lines()).singleElement().asString().contains("java.lang.IllegalStateException")
        .doesNotContain("s3cret").doesNotContain("deadbeef");
  }

  @Test
  void aStoreMessageLosesPasswordsQuotedRowsHexAndTokensButKeepsItsWordsIdsAndChecksums() {
    String id = "txn_" + "0123456789abcdef".repeat(2);
    String checksum = "sha256:" + "ab".repeat(32);
    String leaky = "ERROR: relation \"payload_offload.payloads\" does not exist for " + id + " " + checksum
        + " (url jdbc:postgresql://db:5432/app?user=app&password=pw-one, postgres://app:pw-two@db/app);"
        + " Detail: failing row contains ('\\x00ff00ff', 'sess_0f1e2d3c4b5a69788796a5b4c3d2e1f0') \\xdeadbeef"
        + " token sess_aa11bb22cc33dd44ee55ff6677889900 key QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn";
    log.failed(id, new PayloadStoreException(leaky, id, true, null));

    assertThat(lines()).singleElement().asString()
        .contains("relation \"payload_offload.payloads\" does not exist").contains(id).contains(checksum)
        .contains("jdbc:postgresql://db:5432/app").doesNotContain("pw-one").doesNotContain("pw-two")
        .doesNotContain("00ff00ff").doesNotContain("deadbeef").doesNotContain("0f1e2d3c4b5a6978")
        .doesNotContain("aa11bb22cc33dd44").doesNotContain("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVph");
  }

  @Test
  void aLongStoreMessageIsCut() {
    String words = "the database is slow ".repeat(50);
    log.failed("txn_1", new PayloadStoreException(words, null, false, null));
    assertThat(lines()).singleElement().asString()
        .contains(words.substring(0, StoreFailureLog.MESSAGE_CHARS - 1) + "…")
        .doesNotContain(words.substring(0, StoreFailureLog.MESSAGE_CHARS));
  }
}

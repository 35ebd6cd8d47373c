package io.payloadoffload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.exception.PayloadStoreException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the server log may show of a failure. */
class LogSafeTest {
  private static final String ID = "txn_0123456789abcdef0123456789abcdef";
  private static final String CHECKSUM = "sha256:" + "ab".repeat(32);

  @Test
  void hexRunsAreRedactedButTransactionIdsAndChecksumsStay() {
    String text = "payload " + ID + " (" + CHECKSUM + ") row ('\\x48656c6c6f2c20776f726c6421', 'sess_"
        + "0f".repeat(16) + "') at 12345";

    assertThat(LogSafe.redact(text)).isEqualTo("payload " + ID + " (" + CHECKSUM + ") row ('\\x[redacted]',"
        + " 'sess_[redacted]') at 12345");
  }

  @Test
  void passwordsAreMasked() {
    assertThat(LogSafe.redact("connect to postgres://app:hunter2@db:5432/app failed; password=hunter2"))
        .doesNotContain("hunter2");
  }

  @Test
  void theCopyKeepsClassesAndStackTracesOfTheWholeChain() {
    IOException root = new IOException("read " + "9a".repeat(20));
    PayloadStoreException failure = new PayloadStoreException("store failed", ID, true, root);

    Throwable copy = LogSafe.redacted(failure);

    assertThat(copy).hasToString(PayloadStoreException.class.getName() + ": store failed");
    assertThat(copy.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertThat(copy.getCause()).hasToString("java.io.IOException: read [redacted]");
    assertThat(copy.getCause().getStackTrace()).isEqualTo(root.getStackTrace());
    assertThat(LogSafe.describe(failure)).isEqualTo(PayloadStoreException.class.getName()
        + ": store failed; caused by java.io.IOException: read [redacted]");
  }

  @Test
  void aCauseCycleEnds() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);

    assertThat(LogSafe.describe(a)).isEqualTo("java.lang.IllegalStateException: a; caused by "
        + "java.lang.IllegalStateException: b");
  }
}

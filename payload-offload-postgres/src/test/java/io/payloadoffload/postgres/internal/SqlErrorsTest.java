package io.payloadoffload.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.exception.PayloadStoreException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "40001", "40P01", "53300",
      "55P03", "57014"})
  void transientStatesAreRetryable(String state) {
    PayloadStoreException e = SqlErrors.translate(new SQLException("boom", state), "store", "txn_1", "s");

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessageContaining(state).hasMessageContaining("retried");
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "22001", "53100", "42501", "XX000"})
  void otherStatesAreNotRetryable(String state) {
    assertThat(SqlErrors.translate(new SQLException("boom", state), "store", null, "s").isRetryable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"55P03", "57014"})
  void aLockOrStatementTimeoutNamesTheTimeouts(String state) {
    PayloadStoreException e = SqlErrors.translate(
        new SQLException("canceling statement due to lock timeout", state), "store", "txn_1", "s");

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessageContaining("lockTimeout").hasMessageContaining("statementTimeout");
  }

  @Test
  void aFailedBatchEntryKeepsNeitherTheStatementNorItsParameters() {
    String hex = "ce5697" + "0123456789abcdef".repeat(50_000);
    SQLException batch = new BatchUpdateException("Batch entry 0 INSERT INTO \"s\".payload_chunks"
        + " (payload_id, seq, data) VALUES (('txn_1'), ('4'::int4), ('\\x" + hex + "'::bytea)) was aborted:"
        + " An I/O error occurred while sending to the backend.  Call getNextException to see other"
        + " errors in the batch.", "08006", 0, new long[0], null);
    batch.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));

    PayloadStoreException e = SqlErrors.translate(batch, "store", "txn_1", "s");

    assertThat(e.getMessage()).hasSizeLessThan(600).doesNotContain("ce5697").doesNotContain("Batch entry")
        .contains("An I/O error occurred while sending to the backend.").contains("SQLState 08006")
        .contains(SQLException.class.getName());
    assertThat(e.isRetryable()).isTrue();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      assertThat(t).isNotInstanceOf(SQLException.class);
      assertThat(t.getMessage()).doesNotContain("ce5697");
    }
  }

  @Test
  void aBatchFailureWithoutItsNextErrorKeepsNothingAfterBatchEntry() {
    SQLException batch = new BatchUpdateException("Batch entry 0 INSERT INTO t VALUES ('\\xdeadbeef'::bytea)"
        + " was aborted", "23505", 0, new long[0], null);

    assertThat(SqlErrors.translate(batch, "store", null, "s").getMessage())
        .doesNotContain("deadbeef").doesNotContain("INSERT").contains("a batched statement failed");
  }

  @Test
  void literalsHexAndLongRunsAreScrubbedAndTheSummaryIsCapped() {
    String message = "ERROR: value 'private literal' is \\xcafebabe0011 near "
        + "q".repeat(40) + " and " + "word ".repeat(200) + "\n  Detail: Failing row contains (secret)";

    String summary = SqlErrors.summary(new SQLException(message, "22000"));

    assertThat(summary).hasSizeLessThanOrEqualTo(SqlErrors.MAX_SUMMARY_CHARS)
        .doesNotContain("private literal").doesNotContain("cafebabe").doesNotContain("qqqq")
        .doesNotContain("Detail").doesNotContain("secret").startsWith("ERROR: value");
  }

  @Test
  void aPoolTimeoutIsRetryable() {
    SQLException hikari = new SQLTransientConnectionException("pool - Connection is not available");

    assertThat(SqlErrors.isRetryable(hikari)).isTrue();
  }

  @Test
  void aWrappedConnectionErrorIsRetryable() {
    SQLException outer = new SQLException("wrapper", null, new SQLException("refused", "08001"));

    assertThat(SqlErrors.isRetryable(outer)).isTrue();
  }

  @Test
  void aMissingTableSaysHowToCreateIt() {
    PayloadStoreException e = SqlErrors.translate(
        new SQLException("relation \"po.payloads\" does not exist", "42P01"), "read", "txn_1", "po");

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.payloadId()).contains("txn_1");
    assertThat(e).hasMessageContaining("createSchema(true)").hasMessageContaining("schema-v1.sql");
  }
}

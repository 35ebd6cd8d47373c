package io.payloadoffload.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.PayloadStoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "40001", "40P01", "53300"})
  void transientStatesAreRetryable(String state) {
    PayloadStoreException e = SqlErrors.translate(new SQLException("boom", state), "store", "txn_1", "s");

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessageContaining(state).hasMessageContaining("retried");
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "22001", "53100", "42501", "XX000", "57014"})
  void otherStatesAreNotRetryable(String state) {
    assertThat(SqlErrors.translate(new SQLException("boom", state), "store", null, "s").isRetryable()).isFalse();
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
    assertThat(e.getPayloadId()).contains("txn_1");
    assertThat(e).hasMessageContaining("createSchema(true)").hasMessageContaining("schema-v1.sql");
  }
}

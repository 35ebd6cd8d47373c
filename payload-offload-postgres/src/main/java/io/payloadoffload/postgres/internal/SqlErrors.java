package io.payloadoffload.postgres.internal;

import io.payloadoffload.PayloadStoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Translates JDBC errors into {@link PayloadStoreException}, deciding retryability by SQLState.
 * Stateless and thread-safe.
 */
public final class SqlErrors {
  /** SQLStates outside class 08 after which the same call may succeed. */
  private static final Set<String> RETRYABLE_STATES = Set.of(
      "57P01", // admin_shutdown
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now
      "40001", // serialization_failure
      "40P01", // deadlock_detected
      "53300"); // too_many_connections

  private static final String UNDEFINED_TABLE = "42P01";
  private static final String UNDEFINED_SCHEMA = "3F000";

  private SqlErrors() {}

  /**
   * Whether an error is transient: a connection problem (SQLState class 08), a server shutting down
   * or starting (57P01 to 57P03), a serialization failure or deadlock (40001, 40P01), too many
   * connections (53300), or a pool that timed out waiting for a connection.
   *
   * @param e the error
   * @return {@code true} if the same call may succeed when tried again
   */
  public static boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null) {
          return state.startsWith("08") || RETRYABLE_STATES.contains(state);
        }
      }
    }
    return false;
  }

  /**
   * Wraps a JDBC error.
   *
   * @param e the error
   * @param action what the store was doing, as a verb phrase ("store", "read", "delete")
   * @param payloadId the payload involved, or {@code null}
   * @param schema the schema the store uses, named in the hint for a missing table
   * @return the store exception to throw
   */
  public static PayloadStoreException translate(SQLException e, String action, String payloadId,
      String schema) {
    boolean retryable = isRetryable(e);
    StringBuilder msg = new StringBuilder("PostgreSQL could not ").append(action);
    if (payloadId != null) {
      msg.append(" payload ").append(payloadId);
    }
    msg.append(": ").append(e.getMessage());
    String state = e.getSQLState();
    if (state != null) {
      msg.append(" (SQLState ").append(state).append(')');
    }
    if (retryable) {
      msg.append(". The database is unreachable or busy; the call may succeed if retried.");
    } else if (UNDEFINED_TABLE.equals(state) || UNDEFINED_SCHEMA.equals(state)) {
      msg.append(". The tables of schema ").append(schema).append(" are missing: build the store with"
          + " createSchema(true), or run io/payloadoffload/postgres/schema-v1.sql.");
    } else {
      msg.append(". Retrying will not help; check the database and the store's configuration.");
    }
    return new PayloadStoreException(msg.toString(), payloadId, retryable, e);
  }
}

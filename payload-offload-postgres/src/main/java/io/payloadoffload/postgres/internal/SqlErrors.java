package io.payloadoffload.postgres.internal;

import io.payloadoffload.exception.PayloadStoreException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates JDBC errors into {@link PayloadStoreException}, deciding retryability by SQLState.
 *
 * <p>A driver's message may hold bound parameter values: pgjdbc prints a failed batch entry with its
 * {@code bytea} parameter in hex, a whole chunk of payload bytes. So the message built here keeps
 * only the SQLState, the driver exception's class name and a {@linkplain #summary scrubbed, capped}
 * first line of its text, and the driver exception is not attached as the cause: a
 * {@link DriverFailure} carrying the same scrubbed text and the driver's stack trace stands in for
 * it. Stateless and thread-safe.
 */
public final class SqlErrors {
  /** The most characters of driver text a message keeps: {@value}. */
  static final int MAX_SUMMARY_CHARS = 200;

  /** SQLStates outside class 08 after which the same call may succeed. */
  private static final Set<String> RETRYABLE_STATES = Set.of(
      "57P01", // admin_shutdown
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now
      "40001", // serialization_failure
      "40P01", // deadlock_detected
      "53300", // too_many_connections
      "55P03", // lock_not_available: lock_timeout ran out
      "57014"); // query_canceled: statement_timeout ran out, or the driver's query timeout cancelled it
  private static final Set<String> TIMED_OUT_STATES = Set.of("55P03", "57014");

  private static final String UNDEFINED_TABLE = "42P01";
  private static final String UNDEFINED_SCHEMA = "3F000";

  private static final Pattern QUOTED = Pattern.compile("'[^']*(?:'|$)");
  private static final Pattern ESCAPED_HEX = Pattern.compile("\\\\x[0-9a-fA-F]*");
  private static final Pattern LONG_RUN = Pattern.compile("[0-9a-zA-Z+/=_-]{33,}");

  private SqlErrors() {}

  /**
   * Whether an error is transient: a connection problem (SQLState class 08), a server shutting down
   * or starting (57P01 to 57P03), a serialization failure or deadlock (40001, 40P01), too many
   * connections (53300), a lock or statement timeout (55P03, 57014), or a pool that timed out
   * waiting for a connection. A pool's timeout carries the SQLState of its last failed connection
   * attempt when there was one, and that decides: a refused connection is transient, a wrong
   * password (28P01) or database name (3D000) is not.
   *
   * @param e the error
   * @return {@code true} if the same call may succeed when tried again
   */
  public static boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null) {
          return state.startsWith("08") || RETRYABLE_STATES.contains(state);
        }
      }
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Wraps a JDBC error. The message names the action, the payload, the SQLState, the driver
   * exception's class and a scrubbed summary of its text, and says what to do; it never holds
   * bound parameter values.
   *
   * @param e the error
   * @param action what the store was doing, as a verb phrase ("store", "read", "delete")
   * @param payloadId the payload involved, or {@code null}
   * @param schema the schema the store uses, named in the hint for a missing table
   * @return the store exception to throw; its cause is a {@link DriverFailure}, not {@code e}
   */
  public static PayloadStoreException translate(SQLException e, String action, String payloadId,
      String schema) {
    boolean retryable = isRetryable(e);
    SQLException primary = primary(e);
    String summary = summary(primary);
    StringBuilder msg = new StringBuilder("PostgreSQL could not ").append(action);
    if (payloadId != null) {
      msg.append(" payload ").append(payloadId);
    }
    msg.append(": ").append(summary).append(" (");
    String state = primary.getSQLState() != null ? primary.getSQLState() : e.getSQLState();
    if (state != null) {
      msg.append("SQLState ").append(state).append(", ");
    }
    msg.append(primary.getClass().getName()).append(')');
    if (state != null && TIMED_OUT_STATES.contains(state)) {
      msg.append(". The database did not finish within the store's lockTimeout or statementTimeout"
          + " (a lock held by another session, or an overloaded server); the call may succeed if"
          + " retried.");
    } else if (retryable) {
      msg.append(". The database is unreachable or busy; the call may succeed if retried.");
    } else if (UNDEFINED_TABLE.equals(state) || UNDEFINED_SCHEMA.equals(state)) {
      msg.append(". The tables of schema ").append(schema).append(" are missing: build the store with"
          + " createSchema(true), or run io/payloadoffload/postgres/schema-v1.sql.");
    } else {
      msg.append(". Retrying will not help; check the database and the store's configuration.");
    }
    DriverFailure cause = new DriverFailure(primary.getClass().getName() + ": " + summary);
    cause.setStackTrace(primary.getStackTrace());
    return new PayloadStoreException(msg.toString(), payloadId, retryable, cause);
  }

  /**
   * Text shortened to {@value #MAX_SUMMARY_CHARS} characters, for a message built from something
   * else's text.
   *
   * @param text the text, or {@code null}
   * @return the text, cut with an ellipsis when longer
   */
  public static String cap(String text) {
    if (text == null) {
      return "no message";
    }
    return text.length() > MAX_SUMMARY_CHARS ? text.substring(0, MAX_SUMMARY_CHARS - 1) + "…" : text;
  }

  /**
   * The first line of an error's text with what may be data removed: quoted literals, {@code \x}
   * hex, long runs of letters and digits (hex or Base64), and everything from "Batch entry" on
   * (where pgjdbc prints a batched statement with its parameters); at most
   * {@value #MAX_SUMMARY_CHARS} characters.
   *
   * @param e the error
   * @return the scrubbed summary, never empty
   */
  static String summary(SQLException e) {
    String text = e.getMessage() == null ? "" : e.getMessage();
    int batch = text.indexOf("Batch entry");
    if (batch >= 0) {
      text = batch > 0 ? text.substring(0, batch) : "a batched statement failed";
    }
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline);
    }
    text = QUOTED.matcher(text).replaceAll("'…'");
    text = ESCAPED_HEX.matcher(text).replaceAll("…");
    text = LONG_RUN.matcher(text).replaceAll("…").strip();
    return text.isEmpty() ? "no message" : cap(text);
  }

  /**
   * The error whose text explains the failure: a failed batch's own message repeats a statement with
   * its parameters, so the next one; a pool's connection timeout says only that it waited, so the
   * failed connection attempt behind it when there is one.
   */
  private static SQLException primary(SQLException e) {
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      return e.getNextException();
    }
    if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException) {
      return (SQLException) e.getCause();
    }
    return e;
  }

  /**
   * Stands in for a driver exception as the cause of a {@link PayloadStoreException}: the driver's
   * class name and scrubbed summary as its message, the driver's stack trace as its own.
   */
  public static final class DriverFailure extends Exception {
    private static final long serialVersionUID = 1L;

    DriverFailure(String message) {
      super(message, null, false, true);
    }
  }
}

package io.payloadoffload.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.postgresql.jdbc.PgStatement;

/**
 * The store's time limits and the places they are applied, so that a stalled database (a lock held,
 * a server that stops answering) ends every call by itself:
 *
 * <ul>
 *   <li>each borrowed connection gets the network timeout ({@link Connection#setNetworkTimeout}),
 *       restored when it is handed back, so no socket read blocks longer;
 *   <li>each statement gets the statement timeout as its query timeout: the driver cancels it, and
 *       the server ends it with SQLState 57014, also on a data source the store cannot configure;
 *   <li>each transaction sets {@code statement_timeout} and {@code lock_timeout} with
 *       {@code set_config(..., true)}, which ends with the transaction, so a pooled connection keeps
 *       its session settings;
 *   <li>the pool the store builds also gets them as pgjdbc connection properties, so that its single
 *       statements wait at most the lock timeout for a lock even though they run outside a
 *       transaction.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class Timeouts {
  /** {@link Connection#setNetworkTimeout} wants an executor; pgjdbc never runs anything on it. */
  private static final Executor DIRECT = Runnable::run;

  private final Duration statement;
  private final Duration lock;
  private final Duration network;

  /**
   * The limits, each checked by the store's builder.
   *
   * @param statement the longest a statement may run
   * @param lock the longest a statement may wait for a lock
   * @param network the longest a socket read may block
   * @throws NullPointerException if an argument is null
   */
  public Timeouts(Duration statement, Duration lock, Duration network) {
    this.statement = Objects.requireNonNull(statement, "statement");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.network = Objects.requireNonNull(network, "network");
  }

  /**
   * The pgjdbc properties of a connection the store's own pool opens: the socket timeout, the
   * server-side statement and lock timeouts, and {@code logServerErrorDetail=false}, which keeps
   * bound parameter values (payload bytes) out of the driver's error messages.
   *
   * @return new properties
   */
  public Properties driverProperties() {
    Properties p = new Properties();
    p.setProperty("socketTimeout", Long.toString(ceilSeconds(network)));
    p.setProperty("options", "-c statement_timeout=" + statement.toMillis() + " -c lock_timeout="
        + lock.toMillis());
    p.setProperty("logServerErrorDetail", "false");
    return p;
  }

  /**
   * Borrows a connection with the network timeout set on it.
   *
   * @param dataSource where to borrow from
   * @return the lease; closing it restores the connection's network timeout and hands it back
   * @throws SQLException if no connection can be had
   */
  public Lease borrow(DataSource dataSource) throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      int before = c.getNetworkTimeout();
      c.setNetworkTimeout(DIRECT, Math.toIntExact(network.toMillis()));
      return new Lease(c, before);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Prepares a statement whose query timeout is the statement timeout.
   *
   * @param c the connection
   * @param sql the statement
   * @return the prepared statement
   * @throws SQLException if preparing fails
   */
  public PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      if (ps.isWrapperFor(PgStatement.class)) {
        ps.unwrap(PgStatement.class).setQueryTimeoutMs(statement.toMillis());
      } else {
        ps.setQueryTimeout(Math.toIntExact(ceilSeconds(statement)));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * Sets the statement and lock timeouts for the rest of the current transaction.
   *
   * @param c a connection inside a transaction (auto-commit off)
   * @throws SQLException if the database fails
   */
  public void limitTransaction(Connection c) throws SQLException {
    try (PreparedStatement ps = prepare(c,
        "SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true)")) {
      ps.setString(1, statement.toMillis() + "ms");
      ps.setString(2, lock.toMillis() + "ms");
      ps.execute();
    }
  }

  private static long ceilSeconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }

  /** A borrowed connection; {@link #close()} restores its network timeout and hands it back. */
  public static final class Lease implements AutoCloseable {
    private final Connection connection;
    private final int networkTimeoutBefore;

    private Lease(Connection connection, int networkTimeoutBefore) {
      this.connection = connection;
      this.networkTimeoutBefore = networkTimeoutBefore;
    }

    /**
     * The connection.
     *
     * @return the borrowed connection; do not close it, close the lease
     */
    public Connection connection() {
      return connection;
    }

    /**
     * Restores the network timeout and closes (hands back) the connection.
     *
     * @throws SQLException if closing fails
     */
    @Override
    public void close() throws SQLException {
      try {
        connection.setNetworkTimeout(DIRECT, networkTimeoutBefore);
      } catch (SQLException ignored) {
        // A broken connection; closing it below hands it to the pool, which evicts it.
      } finally {
        connection.close();
      }
    }
  }
}

package io.payloadoffload.postgres.internal;

import io.payloadoffload.exception.PayloadStoreException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a store's schema once the database answers, so that a store can be built while its
 * database is down: {@link #tryAtStartup()} installs it at once when it can, and otherwise the first
 * store call that finds the database answering installs it ({@link #ensure(String)}). Thread-safe;
 * after the schema is in place a call costs one volatile read.
 */
public final class SchemaGate {
  private static final Logger log = LoggerFactory.getLogger(SchemaGate.class);

  private final Schema schema;
  private final DataSource dataSource;
  private final Timeouts timeouts;
  private final ReentrantLock installing = new ReentrantLock();
  private volatile boolean ready;

  private SchemaGate(Schema schema, DataSource dataSource, Timeouts timeouts, boolean ready) {
    this.schema = schema;
    this.dataSource = dataSource;
    this.timeouts = timeouts;
    this.ready = ready;
  }

  /**
   * A gate that installs the schema.
   *
   * @param schema the schema to install
   * @param dataSource where to install it
   * @param timeouts the store's limits, which bound the installation as they bound every call
   * @return the gate, closed until the schema is installed
   */
  public static SchemaGate installing(Schema schema, DataSource dataSource, Timeouts timeouts) {
    return new SchemaGate(schema, dataSource, timeouts, false);
  }

  /**
   * A gate for a schema that someone else installs (Flyway, Liquibase, a DBA): always open.
   *
   * @param schema the schema
   * @return the open gate
   */
  public static SchemaGate installedElsewhere(Schema schema) {
    return new SchemaGate(schema, null, null, true);
  }

  /**
   * Installs the schema now if the database answers. An unreachable database is not an error here:
   * it is logged at WARN, and the first store call that reaches the database installs the schema.
   *
   * @throws PayloadStoreException if the database answered and the schema cannot be installed
   *     (non-retryable: a newer schema version, missing privileges, a wrong database name)
   */
  public void tryAtStartup() {
    try {
      ensure(null);
    } catch (PayloadStoreException e) {
      if (!e.isRetryable()) {
        throw e;
      }
      log.warn("The payload store's database is not reachable yet, so schema {} will be installed by"
          + " the first store call that reaches it; until then store calls fail and offloads fall back"
          + " inline. {}", schema.name(), e.getMessage());
    }
  }

  /**
   * Makes sure the schema is installed before a store call.
   *
   * @param payloadId the payload the call is about, for errors; may be {@code null}
   * @throws PayloadStoreException if installing failed (retryable when the database is unreachable),
   *     or, retryably, if another thread is installing it right now (a call never waits for another
   *     call's connection attempt)
   */
  public void ensure(String payloadId) {
    if (ready) {
      return;
    }
    if (!installing.tryLock()) {
      throw new PayloadStoreException("Schema " + schema.name() + " of the payload store is being"
          + " installed by another call; try again shortly.", payloadId, true, null);
    }
    try {
      if (!ready) {
        schema.install(dataSource, timeouts);
        ready = true;
      }
    } finally {
      installing.unlock();
    }
  }
}

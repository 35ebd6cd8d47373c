package io.payloadoffload.postgres;

import static io.payloadoffload.postgres.PostgresPayloadStoreTest.newId;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.randomBytes;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.readAll;
import static io.payloadoffload.postgres.PostgresPayloadStoreTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.StoredPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code openForReading}: the header and chunk 0 in one query for a reader who may read, the header
 * only for anyone else. Each query borrows one connection, so borrows count round trips.
 */
class OpenForReadingTest {
  @RegisterExtension
  static final TestDatabase db = TestDatabase.perClass();

  private final CountingDataSource counting = new CountingDataSource(db.dataSource());
  private PostgresPayloadStore store;

  @BeforeEach
  void buildStore() {
    store = PostgresPayloadStore.builder().dataSource(counting).schema(TestDatabase.freshSchema())
        .chunkSizeBytes(1024).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private PayloadRecord put(int size) {
    byte[] bytes = randomBytes(size);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    return record;
  }

  /** Borrows of the whole open-and-read, and the bytes read. */
  private int borrowsToOpenAndRead(PayloadRecord record, String session, Instant now) throws IOException {
    int before = counting.borrows.get();
    StoredPayload stored = store.openForReading(record.id(), session, now).orElseThrow();
    assertThat(stored.record()).isEqualTo(record);
    assertThat(readAll(stored)).hasSize((int) record.storedSizeBytes());
    return counting.borrows.get() - before;
  }

  /** Borrows of the open alone, before the stream is touched. */
  private int borrowsToOpen(PayloadRecord record, String session, Instant now) {
    int before = counting.borrows.get();
    store.openForReading(record.id(), session, now).orElseThrow();
    return counting.borrows.get() - before;
  }

  @Test
  void aOneChunkPayloadOfTheRequestersSessionIsReadInOneQuery() throws IOException {
    PayloadRecord record = put(1000);
    assertThat(borrowsToOpenAndRead(record, "s-1", Instant.now())).isEqualTo(1);
  }

  @Test
  void aPayloadOfNoSessionIsReadInOneQueryByAnyone() throws IOException {
    byte[] bytes = randomBytes(1000);
    PayloadRecord record = record(newId(), bytes).toBuilder().sessionId(null).build();
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    assertThat(borrowsToOpenAndRead(record, "anyone", Instant.now())).isEqualTo(1);
    assertThat(borrowsToOpenAndRead(record, null, Instant.now())).isEqualTo(1);
  }

  @Test
  void chunksAfterTheFirstAreFetchedOneQueryEach() throws IOException {
    PayloadRecord record = put(3 * 1024 + 5);
    assertThat(borrowsToOpenAndRead(record, "s-1", Instant.now())).isEqualTo(4);
  }

  @Test
  void anotherSessionsOpenReadsTheHeaderOnly() throws IOException {
    PayloadRecord record = put(1000);
    assertThat(borrowsToOpen(record, "s-2", Instant.now())).as("the open").isEqualTo(1);
    assertThat(borrowsToOpenAndRead(record, "s-2", Instant.now()))
        .as("reading it anyway fetches chunk 0 in a query of its own").isEqualTo(2);
    assertThat(borrowsToOpenAndRead(record, null, Instant.now())).as("no session").isEqualTo(2);
  }

  @Test
  void anExpiredPayloadsOpenReadsTheHeaderOnly() throws IOException {
    PayloadRecord record = put(1000);
    Instant atExpiry = record.expiresAt();
    assertThat(borrowsToOpenAndRead(record, "s-1", atExpiry)).as("at its expiry").isEqualTo(2);
    assertThat(borrowsToOpenAndRead(record, "s-1", atExpiry.minusMillis(1)))
        .as("a millisecond before").isEqualTo(1);
  }

  @Test
  void bytesFetchedWithTheRecordAreTheStoredOnes() throws IOException {
    byte[] bytes = randomBytes(1000);
    PayloadRecord record = record(newId(), bytes);
    store.put(PayloadBody.of(record, new ByteArrayInputStream(bytes)));
    StoredPayload stored = store.openForReading(record.id(), "s-1", Instant.now()).orElseThrow();
    try (InputStream in = stored.openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  /** Counts {@link #getConnection()} calls; everything else goes to the wrapped data source. */
  static final class CountingDataSource implements DataSource {
    final AtomicInteger borrows = new AtomicInteger();
    private final DataSource delegate;

    CountingDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      borrows.incrementAndGet();
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      borrows.incrementAndGet();
      return delegate.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }
}

package io.payloadoffload.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.payloadoffload.exception.PayloadIntegrityException;
import io.payloadoffload.exception.PayloadStoreException;
import io.payloadoffload.codec.ChecksumAlgorithm;
import io.payloadoffload.postgres.internal.ChunkInputStream;
import io.payloadoffload.postgres.internal.ChunkWriter.SourceException;
import io.payloadoffload.postgres.internal.ChunkWriter.Written;
import io.payloadoffload.postgres.internal.ChunkWriter;
import io.payloadoffload.postgres.internal.InsertChunkWriter;
import io.payloadoffload.postgres.internal.PostgresUrl;
import io.payloadoffload.postgres.internal.Schema;
import io.payloadoffload.postgres.internal.SchemaGate;
import io.payloadoffload.postgres.internal.SqlErrors;
import io.payloadoffload.postgres.internal.Timeouts.Lease;
import io.payloadoffload.postgres.internal.Timeouts;
import io.payloadoffload.spi.PayloadBody;
import io.payloadoffload.spi.PayloadHeader;
import io.payloadoffload.spi.PayloadRecord;
import io.payloadoffload.spi.PayloadStore;
import io.payloadoffload.spi.StoredPayload;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link PayloadStore}: payloads live in PostgreSQL, one header row in
 * {@code payloads} and the stored bytes in {@code payload_chunks} rows of
 * {@link #DEFAULT_CHUNK_SIZE_BYTES} each.
 *
 * <ul>
 *   <li>{@link #put} writes the header and all chunks in one transaction, reading the stream one
 *       chunk at a time and sending chunks in batched binary {@code INSERT}s: memory stays at a few
 *       chunks whatever the payload's size, and a failed put leaves nothing behind.
 *   <li>{@link #open} reads the header; the returned stream fetches one chunk per short query, so no
 *       connection is held while a caller reads slowly. {@code bytea} arrives in binary.
 *   <li>{@link #deleteExpired} deletes through {@code FOR UPDATE SKIP LOCKED}, so any number of
 *       nodes may sweep at once without blocking each other.
 * </ul>
 *
 * <p>Build one with {@link #builder()} from a {@link DataSource} the application owns, a JDBC URL,
 * or a {@code postgres://} URL. Thread-safe. Every failure is a {@link PayloadStoreException} whose
 * {@link PayloadStoreException#isRetryable()} follows the SQLState; the password never appears in
 * {@link #toString()}, logs or messages, and neither do payload bytes: driver text is scrubbed of
 * parameter values before it reaches a message.
 *
 * <p>Every call ends by itself when the database stalls: statements are bounded by
 * {@link Builder#statementTimeout}, lock waits by {@link Builder#lockTimeout} and socket reads by
 * {@link Builder#networkTimeout}; running out of any of them is a retryable
 * {@link PayloadStoreException}.
 */
public final class PostgresPayloadStore implements PayloadStore {
  /** Default schema: {@value}. */
  public static final String DEFAULT_SCHEMA = "payload_offload";
  /** Default chunk size: {@value} bytes (1 MiB) of stored bytes per row. */
  public static final int DEFAULT_CHUNK_SIZE_BYTES = 1_048_576;
  /** Smallest chunk size: {@value} bytes. */
  public static final int MIN_CHUNK_SIZE_BYTES = 1_024;
  /** Largest chunk size: {@value} bytes (64 MiB). */
  public static final int MAX_CHUNK_SIZE_BYTES = 64 * 1_048_576;
  /** Default size of a pool the store builds: {@value} connections. */
  public static final int DEFAULT_MAX_POOL_SIZE = 10;
  /**
   * Default time a call waits for a connection from the pool the store builds before failing
   * retryably, and the longest a new connection may take to open: 2 seconds. A healthy pool hands
   * out a connection in microseconds and opens one in milliseconds, so 2 seconds leaves room for a
   * slow link or a busy pool while keeping a call to an unreachable database short: with the
   * offloader's default retry and breaker settings, an unreachable database fails a call in about
   * 4 seconds and opens the breaker within about 15.
   */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  /**
   * Default longest time one statement may run: 15 seconds. The longest statement a store runs
   * writes one batch of chunks (4 MiB at the default chunk size) or reads one chunk, which takes
   * milliseconds; 15 seconds leaves room for a slow link and ends well within the offloader's default
   * {@code storeTimeout} of 30 seconds, so a stalled statement fails retryably before the caller gives
   * up on it.
   */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(15);
  /**
   * Default longest time a statement may wait for a lock: 5 seconds. The store's own statements
   * never wait for each other (ids are unique and the sweeper skips locked rows), so a wait for a
   * lock means DDL, a {@code VACUUM FULL} or a manual {@code LOCK TABLE}: failing retryably after
   * 5 seconds lets the offloader retry, fall back inline or open its circuit breaker instead of
   * holding a connection.
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Default longest time a socket read may block: 20 seconds. The last resort for a server that has
   * stopped answering (a frozen host, a network that drops packets), where no cancel reaches it:
   * longer than {@link #DEFAULT_STATEMENT_TIMEOUT}, so that a statement the server is still working
   * on is cancelled cleanly first, and shorter than the offloader's default {@code storeTimeout}
   * of 30 seconds.
   */
  public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(20);
  /** Longest accepted timeout: {@value} ms (about 24.8 days), what JDBC and PostgreSQL can hold. */
  public static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;
  /** Latest instant PostgreSQL's {@code timestamptz} can hold; later cut-offs are sent as infinity. */
  private static final Instant LATEST_TIMESTAMPTZ = Instant.parse("+294276-12-31T23:59:59.999999Z");
  /** Earliest instant PostgreSQL's {@code timestamptz} can hold (4713 BC); earlier ones go as -infinity. */
  private static final Instant EARLIEST_TIMESTAMPTZ = Instant.parse("-4712-11-24T00:00:00Z");

  private static final Logger log = LoggerFactory.getLogger(PostgresPayloadStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final String source;
  private final Schema schema;
  private final SchemaGate schemaGate;
  private final int chunkSizeBytes;
  private final Timeouts timeouts;
  private final Duration statementTimeout;
  private final Duration lockTimeout;
  private final Duration networkTimeout;
  private final ChunkWriter chunkWriter = new InsertChunkWriter();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String insertHeader;
  private final String insertSingleChunk;
  private final String completeHeader;
  private final String selectHeader;
  private final String selectForReading;
  private final String selectExisting;
  private final String deleteOne;
  private final String deleteExpired;

  private PostgresPayloadStore(DataSource dataSource, HikariDataSource ownedPool, String source,
      Schema schema, Builder b) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.source = source;
    this.schema = schema;
    this.chunkSizeBytes = b.chunkSizeBytes;
    this.statementTimeout = b.statementTimeout;
    this.lockTimeout = b.lockTimeout;
    this.networkTimeout = b.networkTimeout;
    this.timeouts = b.timeouts();
    this.schemaGate = b.createSchema ? SchemaGate.installing(schema, dataSource, timeouts)
        : SchemaGate.installedElsewhere(schema);
    String payloads = schema.table("payloads");
    this.insertHeader = "INSERT INTO " + payloads + " (id, session_id, tool_name, provider_name,"
        + " content_type, compression, checksum, original_size_bytes, stored_size_bytes, chunk_count,"
        + " created_at, expires_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
        + " ON CONFLICT (id) DO NOTHING";
    this.insertSingleChunk = "WITH h AS (" + insertHeader + " RETURNING id) INSERT INTO "
        + schema.table("payload_chunks") + " (payload_id, seq, data) SELECT id, 0, ? FROM h";
    this.completeHeader = "UPDATE " + payloads + " SET checksum = ?, original_size_bytes = ?,"
        + " stored_size_bytes = ?, chunk_count = ? WHERE id = ?";
    this.selectHeader = "SELECT session_id, tool_name, provider_name, content_type, compression,"
        + " checksum, original_size_bytes, stored_size_bytes, chunk_count, created_at, expires_at,"
        + " metadata::text FROM " + payloads + " WHERE id = ?";
    this.selectForReading = "SELECT session_id, tool_name, provider_name, content_type, compression,"
        + " checksum, original_size_bytes, stored_size_bytes, chunk_count, created_at, expires_at,"
        + " metadata::text, CASE WHEN (session_id IS NULL OR session_id = ?) AND expires_at > ?"
        + " THEN (SELECT data FROM " + schema.table("payload_chunks") + " WHERE payload_id = p.id"
        + " AND seq = 0) END FROM " + payloads + " p WHERE id = ?";
    this.selectExisting = "SELECT checksum, original_size_bytes, stored_size_bytes FROM " + payloads
        + " WHERE id = ?";
    this.deleteOne = "DELETE FROM " + payloads + " WHERE id = ?";
    this.deleteExpired = "DELETE FROM " + payloads + " WHERE id IN (SELECT id FROM " + payloads
        + " WHERE expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)";
  }

  /**
   * Masks the passwords in a database URL so that it can be logged or shown: the password in its
   * user-info ({@code postgres://user:password@host}) and the value of a {@code password=} parameter
   * become {@code ****}. An unencoded {@code @} or {@code /} in a password is masked with it; text
   * after the password may be masked too, never less than the password. Thread-safe.
   *
   * @param url a {@code postgres://} URL, a {@code jdbc:postgresql:} URL, or any text
   * @return the text with passwords masked; {@code null} for {@code null}
   */
  public static String maskPassword(String url) {
    return PostgresUrl.maskPassword(url);
  }

  /**
   * A new builder. Set exactly one of {@link Builder#dataSource}, {@link Builder#jdbcUrl} or
   * {@link Builder#url}.
   *
   * @return a builder with schema {@value #DEFAULT_SCHEMA}, chunks of
   *     {@value #DEFAULT_CHUNK_SIZE_BYTES} bytes, a pool of {@value #DEFAULT_MAX_POOL_SIZE} and
   *     schema creation on
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The header row and every chunk are written in one transaction. A payload of at most one chunk
   * whose record is complete is written by a single statement instead (header and chunk together,
   * atomic by itself), which saves three round trips per small payload. A retried put whose earlier
   * attempt committed succeeds when the stored checksum and sizes match this record's.
   *
   * @throws PayloadStoreException also when the id exists with another checksum or size, when the
   *     stream's length differs from the record's stored size, or when reading the stream fails
   *     (all three non-retryable)
   */
  @Override
  public void put(PayloadBody body) {
    Objects.requireNonNull(body, "body");
    PayloadHeader header = body.header();
    String id = header.id();
    requireReady(id);
    OptionalLong known = body.knownStoredSizeBytes();
    if (known.isPresent() && known.getAsLong() > 0 && known.getAsLong() <= chunkSizeBytes) {
      putSingleChunk(body, (int) known.getAsLong());
      return;
    }
    try (Lease lease = timeouts.borrow(dataSource)) {
      Connection c = lease.connection();
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        timeouts.limitTransaction(c);
        if (insertHeader(c, header)) {
          Written written = chunkWriter.write(c, timeouts, schema, id, body, chunkSizeBytes);
          completeHeader(c, finalRecord(body), written);
          c.commit();
          log.debug("Stored payload {}: {} bytes in {} chunks", id, written.bytes(), written.chunks());
        } else {
          c.rollback();
          acceptExisting(c, drain(body));
          c.commit();
        }
      } catch (SQLException | SourceException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        restoreAutoCommit(c, autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "store", id, schema.name());
    } catch (SourceException e) {
      throw sourceFailed(id, e);
    }
  }

  /** Header and only chunk in one statement; nothing else to make atomic. */
  private void putSingleChunk(PayloadBody body, int size) {
    String id = body.header().id();
    byte[] data = new byte[size];
    try {
      int n = ChunkWriter.readChunk(body, data);
      byte[] probe = new byte[1];
      if (n != data.length || ChunkWriter.readChunk(body, probe) != 0) {
        throw new PayloadStoreException("Payload " + id + " has " + (n != data.length ? n : "more than " + n)
            + " stored bytes but its record says " + data.length + ". Nothing was stored;"
            + " the record and the stream must describe the same bytes.", id, false, null);
      }
    } catch (SourceException e) {
      throw sourceFailed(id, e);
    }
    PayloadRecord done = finalRecord(body);
    if (done.storedSizeBytes() != size) {
      throw new PayloadStoreException("Payload " + id + " has " + size + " stored bytes but its record"
          + " says " + done.storedSizeBytes() + ". Nothing was stored; the record and the stream must"
          + " describe the same bytes.", id, false, null);
    }
    try (Lease lease = timeouts.borrow(dataSource)) {
      Connection c = lease.connection();
      boolean inserted;
      try (PreparedStatement ps = timeouts.prepare(c, insertSingleChunk)) {
        setRow(ps, done.header(), done);
        ps.setBytes(14, data);
        inserted = ps.executeUpdate() == 1;
      }
      if (!inserted) {
        acceptExisting(c, done);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      log.debug("Stored payload {}: {} bytes in one chunk", id, data.length);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "store", id, schema.name());
    }
  }

  /** The caller's stream failed: the caller's error, not the store's. */
  private static PayloadStoreException sourceFailed(String id, SourceException e) {
    return new PayloadStoreException("Reading the bytes of payload " + id + " failed: "
        + SqlErrors.cap(String.valueOf(e.getCause())) + ". Nothing was stored; retry with a fresh"
        + " stream.", id, false, e.getCause());
  }

  /**
   * Inserts the header row of a put whose sizes are not known yet: it holds -1 sizes until
   * {@link #completeHeader} sets the record's, in the same transaction, so no reader ever sees them.
   */
  private boolean insertHeader(Connection c, PayloadHeader header) throws SQLException {
    try (PreparedStatement ps = timeouts.prepare(c, insertHeader)) {
      setRow(ps, header, null);
      return ps.executeUpdate() == 1;
    }
  }

  /** Binds a header row: the header's values, and the record's sizes and checksum when known. */
  private void setRow(PreparedStatement ps, PayloadHeader h, PayloadRecord r) throws SQLException {
    ps.setString(1, h.id());
    ps.setString(2, h.sessionId().orElse(null));
    ps.setString(3, h.toolName().orElse(null));
    ps.setString(4, h.providerName().orElse(null));
    ps.setString(5, h.contentType());
    ps.setString(6, h.compression());
    ps.setString(7, r == null ? null : r.checksum().orElse(null));
    ps.setLong(8, r == null ? -1 : r.originalSizeBytes());
    ps.setLong(9, r == null ? -1 : r.storedSizeBytes());
    ps.setInt(10, r == null ? 0 : chunkCount(r.storedSizeBytes()));
    ps.setObject(11, OffsetDateTime.ofInstant(h.createdAt(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setObject(12, OffsetDateTime.ofInstant(h.expiresAt(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setString(13, toJson(h.metadata()));
  }

  private int chunkCount(long storedSizeBytes) {
    return Math.toIntExact((storedSizeBytes + chunkSizeBytes - 1) / chunkSizeBytes);
  }

  /** Checks what was written against the record, and gives the header row the record's values. */
  private void completeHeader(Connection c, PayloadRecord done, Written written) throws SQLException {
    if (written.bytes() != done.storedSizeBytes()) {
      throw new PayloadStoreException("Payload " + done.id() + " has " + written.bytes()
          + " stored bytes but its record says " + done.storedSizeBytes() + ". Nothing was stored;"
          + " the record and the stream must describe the same bytes.", done.id(), false, null);
    }
    try (PreparedStatement ps = timeouts.prepare(c, completeHeader)) {
      ps.setString(1, done.checksum().orElse(null));
      ps.setLong(2, done.originalSizeBytes());
      ps.setLong(3, done.storedSizeBytes());
      ps.setInt(4, written.chunks());
      ps.setString(5, done.id());
      ps.executeUpdate();
    }
  }

  /** The body's record, now that it has been read to its end. */
  private static PayloadRecord finalRecord(PayloadBody body) {
    try {
      return body.record();
    } catch (IllegalStateException e) {
      String id = body.header().id();
      throw new PayloadStoreException("The record of payload " + id + " is not known after its body"
          + " ended. Nothing was stored.", id, false, null);
    }
  }

  /** Reads a duplicate put's body to its end, so that its record is known. */
  private static PayloadRecord drain(PayloadBody body) throws SourceException {
    byte[] buffer = new byte[8192];
    int n;
    do {
      n = ChunkWriter.readChunk(body, buffer);
    } while (n > 0);
    return finalRecord(body);
  }

  /** The id exists already: succeed if it holds the same payload, fail for good if not. */
  private void acceptExisting(Connection c, PayloadRecord done) throws SQLException {
    String id = done.id();
    try (PreparedStatement ps = timeouts.prepare(c, selectExisting)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new PayloadStoreException("Payload " + id + " was deleted while this put was storing"
              + " it again. Retry the put.", id, true, null);
        }
        String checksum = rs.getString(1);
        long originalSize = rs.getLong(2);
        long storedSize = rs.getLong(3);
        boolean same = Objects.equals(checksum, done.checksum().orElse(null))
            && originalSize == done.originalSizeBytes() && storedSize == done.storedSizeBytes();
        if (!same) {
          throw new PayloadStoreException("Payload " + id + " exists already with other content"
              + " (checksum " + checksum + ", " + storedSize + " stored bytes; this put has "
              + done.checksum().orElse(null) + ", " + done.storedSizeBytes() + "). Ids must be unique:"
              + " generate a new id.", id, false, null);
        }
      }
    }
    log.debug("Payload {} was stored by an earlier attempt; this put succeeds without writing", id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the header row only: no chunk is read until the returned payload's stream is read, so
   * a caller that rejects the record (another session's payload, an expired one) has cost one small
   * query, the same as an unknown id. Instants come back with the microsecond precision of
   * PostgreSQL's {@code timestamptz}.
   */
  @Override
  public Optional<StoredPayload> open(String id) {
    Objects.requireNonNull(id, "id");
    requireReady(id);
    try (Lease lease = timeouts.borrow(dataSource);
        PreparedStatement ps = timeouts.prepare(lease.connection(), selectHeader)) {
      ps.setString(1, id);
      return stored(id, ps, false);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "read", id, schema.name());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One query: the header row and, when the reader may read the payload (its session, not
   * expired), the first chunk with it, in binary; a payload of one chunk (up to
   * {@link Builder#chunkSizeBytes}) is then read in one round trip. For another session's or an
   * expired payload the query returns the header only, and no chunk is read.
   */
  @Override
  public Optional<StoredPayload> openForReading(String id, String requesterSessionId, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    requireReady(id);
    try (Lease lease = timeouts.borrow(dataSource);
        PreparedStatement ps = timeouts.prepare(lease.connection(), selectForReading)) {
      ChunkInputStream.forceBinaryResults(ps);
      ps.setString(1, requesterSessionId);
      ps.setObject(2, now.atOffset(ZoneOffset.UTC));
      ps.setString(3, id);
      return stored(id, ps, true);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "read", id, schema.name());
    }
  }

  /**
   * Runs a header query and returns its payload; with {@code withFirstChunk}, column 13 holds chunk 0
   * or {@code NULL}.
   */
  private Optional<StoredPayload> stored(String id, PreparedStatement ps, boolean withFirstChunk)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      PayloadRecord record = readRecord(id, rs);
      int chunks = rs.getInt(9);
      byte[] first = withFirstChunk ? rs.getBytes(13) : null;
      return Optional.of(StoredPayload.of(record, () -> {
        requireOpen(id);
        return new ChunkInputStream(dataSource, timeouts, schema, id, chunks, record.storedSizeBytes(), first);
      }));
    }
  }

  /**
   * The record of a header row, checked: a row that no writer of this library produces (negative or
   * missing sizes, expiry before creation, a malformed checksum, metadata that is not an object of
   * strings) fails as corrupt rather than reaching the resolver. An unknown compression is returned
   * as it is: a newer library may have written it, and the resolver says to upgrade.
   */
  private PayloadRecord readRecord(String id, ResultSet rs) throws SQLException {
    try {
      String checksum = rs.getString(6);
      if (checksum != null && ChecksumAlgorithm.ofChecksum(checksum).isEmpty()) {
        throw new IllegalArgumentException("its checksum is not sha256:<64 hex> or crc32c:<8 hex>");
      }
      nonNegative(rs, 9, "chunk_count");
      return PayloadRecord.builder()
          .id(id)
          .sessionId(rs.getString(1))
          .toolName(rs.getString(2))
          .providerName(rs.getString(3))
          .contentType(required(rs.getString(4), "content_type"))
          .compression(required(rs.getString(5), "compression"))
          .checksum(checksum)
          .originalSizeBytes(nonNegative(rs, 7, "original_size_bytes"))
          .storedSizeBytes(nonNegative(rs, 8, "stored_size_bytes"))
          .createdAt(required(rs.getObject(10, OffsetDateTime.class), "created_at").toInstant())
          .expiresAt(required(rs.getObject(11, OffsetDateTime.class), "expires_at").toInstant())
          .metadata(metadata(rs.getString(12)))
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String what = SqlErrors.cap(e.getMessage());
      throw new PayloadStoreException("The stored record of payload " + id + " is corrupt: " + what
          + ". No version of this library writes such a row, and it cannot be read; delete the payload,"
          + " or repair its row in " + schema.table("payloads") + ".", id, false,
          new PayloadIntegrityException(id, "a record this library writes", "a row where " + what));
    }
  }

  private static <T> T required(T value, String column) {
    if (value == null) {
      throw new IllegalArgumentException(column + " is NULL");
    }
    return value;
  }

  private static long nonNegative(ResultSet rs, int column, String name) throws SQLException {
    long value = rs.getLong(column);
    if (rs.wasNull()) {
      throw new IllegalArgumentException(name + " is NULL");
    }
    if (value < 0) {
      throw new IllegalArgumentException(name + " is negative: " + value);
    }
    return value;
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    requireReady(id);
    try (Lease lease = timeouts.borrow(dataSource);
        PreparedStatement ps = timeouts.prepare(lease.connection(), deleteOne)) {
      ps.setString(1, id);
      boolean deleted = ps.executeUpdate() > 0;
      log.debug("Deleted payload {}: {}", id, deleted);
      return deleted;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "delete", id, schema.name());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs {@code DELETE ... WHERE id IN (SELECT id ... WHERE expires_at <= now LIMIT batchSize
   * FOR UPDATE SKIP LOCKED)}; chunks go with their header through {@code ON DELETE CASCADE}. Rows
   * another sweeper has locked are skipped, so a concurrent call may return fewer than
   * {@code batchSize} while the other still works through the rest. A cut-off beyond what
   * PostgreSQL's {@code timestamptz} holds (such as {@link Instant#MAX} or {@link Instant#MIN}) is
   * sent as {@code infinity} or {@code -infinity}.
   *
   * @throws IllegalArgumentException if {@code batchSize} is less than 1
   */
  @Override
  public long deleteExpired(Instant now, int batchSize) {
    Objects.requireNonNull(now, "now");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    requireReady(null);
    try (Lease lease = timeouts.borrow(dataSource);
        PreparedStatement ps = timeouts.prepare(lease.connection(), deleteExpired)) {
      ps.setObject(1, timestamptz(now), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setInt(2, batchSize);
      int deleted = ps.executeUpdate();
      log.debug("Swept {} payloads expired at or before {}", deleted, now);
      return deleted;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "delete expired payloads from", null, schema.name());
    }
  }

  /** The instant as pgjdbc sends it, clamped to PostgreSQL's range; pgjdbc sends MAX and MIN as infinities. */
  private static OffsetDateTime timestamptz(Instant instant) {
    if (instant.isAfter(LATEST_TIMESTAMPTZ)) {
      return OffsetDateTime.MAX;
    }
    if (instant.isBefore(EARLIEST_TIMESTAMPTZ)) {
      return OffsetDateTime.MIN;
    }
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /**
   * Closes the pool the store built; a {@link DataSource} given to the builder is left open.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedPool != null) {
      ownedPool.close();
    }
  }

  /**
   * The schema the store uses.
   *
   * @return the schema name; default {@value #DEFAULT_SCHEMA}
   */
  public String schema() {
    return schema.name();
  }

  /**
   * The size of every chunk row but a payload's last.
   *
   * @return bytes; default {@value #DEFAULT_CHUNK_SIZE_BYTES}
   */
  public int chunkSizeBytes() {
    return chunkSizeBytes;
  }

  /**
   * The longest one statement may run before it is cancelled.
   *
   * @return the timeout; default {@link #DEFAULT_STATEMENT_TIMEOUT} (15 seconds)
   */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /**
   * The longest a statement may wait for a lock.
   *
   * @return the timeout; default {@link #DEFAULT_LOCK_TIMEOUT} (5 seconds)
   */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  /**
   * The longest a read from the database's socket may block.
   *
   * @return the timeout; default {@link #DEFAULT_NETWORK_TIMEOUT} (20 seconds)
   */
  public Duration networkTimeout() {
    return networkTimeout;
  }

  @Override
  public String toString() {
    return "PostgresPayloadStore{" + source + ", schema=" + schema.name() + ", chunkSizeBytes="
        + chunkSizeBytes + ", statementTimeout=" + statementTimeout + ", lockTimeout=" + lockTimeout
        + ", networkTimeout=" + networkTimeout + (closed.get() ? ", closed" : "") + "}";
  }

  /** The store is open and its schema installed (installing it now if the database answers). */
  private void requireReady(String id) {
    requireOpen(id);
    schemaGate.ensure(id);
  }

  private void requireOpen(String id) {
    if (closed.get()) {
      throw new PayloadStoreException("This PostgresPayloadStore is closed. Build a new store, or"
          + " close it only after the offloader and resolver that use it.", id, false, null);
    }
  }

  private static String toJson(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  private static Map<String, String> metadata(String json) {
    Map<String, String> metadata;
    try {
      metadata = JSON.readValue(required(json, "metadata"), STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("its metadata is not a JSON object of strings");
    }
    if (metadata == null || metadata.containsValue(null)) {
      throw new IllegalArgumentException("its metadata is not a JSON object of strings");
    }
    return metadata;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The original failure is the one to report; an unusable connection is discarded by the pool.
    }
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException ignored) {
      // The connection is broken; closing it hands it back to the pool, which evicts it.
    }
  }

  /**
   * Builds a {@link PostgresPayloadStore}. Not thread-safe; each setter checks its argument at once,
   * and {@link #build()} checks that exactly one connection source is set.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String jdbcUrl;
    private PostgresUrl url;
    /** A {@code jdbc:postgresql:} URL given to {@link #url}, passed to the driver as it is. */
    private String urlAsJdbc;
    private String username;
    private String password;
    private String schema = DEFAULT_SCHEMA;
    private int chunkSizeBytes = DEFAULT_CHUNK_SIZE_BYTES;
    private Integer maxPoolSize;
    private Duration connectionTimeout;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private Duration networkTimeout = DEFAULT_NETWORK_TIMEOUT;
    private boolean createSchema = true;

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final String URL_FORMS = "postgres://user:password@host:5432/database,"
        + " postgresql://... or jdbc:postgresql://host:5432/database?user=...";

    private Builder() {}

    /**
     * Uses a {@link DataSource} the application owns, typically its own pool. The store borrows
     * connections from it and never closes it.
     *
     * @param dataSource a PostgreSQL data source
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Builds a HikariCP pool from a JDBC URL; {@link PostgresPayloadStore#close()} closes it.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, with driver parameters if needed
     * @return this builder
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL
     * @throws NullPointerException if null
     */
    public Builder jdbcUrl(String jdbcUrl) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
        throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: "
            + PostgresUrl.maskPassword(PostgresUrl.redact(jdbcUrl)));
      }
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /**
     * Builds a HikariCP pool from a database URL in any of the forms hosts hand out as
     * {@code DATABASE_URL}; {@link PostgresPayloadStore#close()} closes it.
     *
     * <ul>
     *   <li>{@code postgres://user:password@host:port/database?sslmode=...} or
     *       {@code postgresql://...}: percent-encoded characters in the user name, password and
     *       database are decoded, and query parameters such as {@code sslmode} go to the driver;
     *   <li>{@code jdbc:postgresql://host:port/database?user=...&password=...}: passed to the driver
     *       as it is, credentials included.
     * </ul>
     *
     * <p>Either way the URL carries its own credentials: {@link #username} and {@link #password} go
     * with {@link #jdbcUrl} only.
     *
     * @param url a {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql:} URL, for
     *     example {@code System.getenv("DATABASE_URL")}
     * @return this builder
     * @throws IllegalArgumentException if the URL is blank or malformed; the message says which forms
     *     are accepted and hides the password
     * @throws NullPointerException if null, with a message that says what to set
     */
    public Builder url(String url) {
      if (url == null) {
        throw new NullPointerException("url is null: pass the database's URL, for example the value of"
            + " the DATABASE_URL environment variable (" + URL_FORMS + "); is that variable set?");
      }
      if (url.isBlank()) {
        throw new IllegalArgumentException("url is blank: pass the database's URL, for example the value"
            + " of the DATABASE_URL environment variable (" + URL_FORMS + ")");
      }
      String trimmed = url.strip();
      if (trimmed.regionMatches(true, 0, JDBC_PREFIX, 0, JDBC_PREFIX.length())) {
        this.urlAsJdbc = JDBC_PREFIX + trimmed.substring(JDBC_PREFIX.length());
        this.url = null;
      } else {
        this.url = PostgresUrl.parse(trimmed);
        this.urlAsJdbc = null;
      }
      return this;
    }

    /**
     * The user for {@link #jdbcUrl}.
     *
     * @param username the database user
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /**
     * The password for {@link #jdbcUrl}. It is never logged or shown.
     *
     * @param password the password
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * The schema holding the tables.
     *
     * @param schema a plain lowercase identifier; default {@value #DEFAULT_SCHEMA}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a plain identifier
     *     ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
     * @throws NullPointerException if null
     */
    public Builder schema(String schema) {
      this.schema = Schema.named(schema).name();
      return this;
    }

    /**
     * The size of a chunk row. Larger chunks mean fewer rows and round trips; smaller ones less memory
     * per concurrent put and read.
     *
     * @param bytes between {@value #MIN_CHUNK_SIZE_BYTES} and {@value #MAX_CHUNK_SIZE_BYTES};
     *     default {@value #DEFAULT_CHUNK_SIZE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder chunkSizeBytes(int bytes) {
      if (bytes < MIN_CHUNK_SIZE_BYTES || bytes > MAX_CHUNK_SIZE_BYTES) {
        throw new IllegalArgumentException("chunkSizeBytes must be between " + MIN_CHUNK_SIZE_BYTES
            + " and " + MAX_CHUNK_SIZE_BYTES + ": " + bytes);
      }
      this.chunkSizeBytes = bytes;
      return this;
    }

    /**
     * The size of the pool the store builds. Not allowed with {@link #dataSource}.
     *
     * @param connections at least 1; default {@value #DEFAULT_MAX_POOL_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPoolSize(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxPoolSize must be >= 1: " + connections);
      }
      this.maxPoolSize = connections;
      return this;
    }

    /**
     * How long a call waits for a connection from the pool the store builds before it fails with a
     * retryable {@link PayloadStoreException}. Not allowed with {@link #dataSource}.
     *
     * <p>It also bounds how long opening a new connection may take (pgjdbc's {@code connectTimeout}
     * and {@code loginTimeout}, in whole seconds, rounded up), so a server that accepts connections
     * and never answers holds the pool's connection attempts no longer than this either.
     *
     * @param timeout at least 250 ms; default {@link PostgresPayloadStore#DEFAULT_CONNECTION_TIMEOUT}
     *     (2 seconds)
     * @return this builder
     * @throws IllegalArgumentException if shorter than 250 ms
     * @throws NullPointerException if null
     */
    public Builder connectionTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "connectionTimeout");
      if (timeout.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be >= 250 ms: " + timeout);
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * The longest one statement may run. The driver cancels a statement that runs longer (also on a
     * given {@link #dataSource}), and the server ends it; the call fails with a retryable
     * {@link PayloadStoreException} (SQLState 57014). Inside a put's transaction, and on every
     * connection of a pool the store builds, the server's {@code statement_timeout} is set to it as
     * well. Raise it only for chunks far larger than the default on a slow link.
     *
     * @param timeout between 1 ms and {@value #MAX_TIMEOUT_MILLIS} ms; default
     *     {@link #DEFAULT_STATEMENT_TIMEOUT} (15 seconds); must be shorter than the
     *     {@link #networkTimeout}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws NullPointerException if null
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = checkTimeout(timeout, "statementTimeout");
      return this;
    }

    /**
     * The longest a statement may wait for a lock (the server's {@code lock_timeout}), after which
     * the call fails with a retryable {@link PayloadStoreException} (SQLState 55P03). It applies in a
     * put's transaction and, on a pool the store builds, to every statement; with a given
     * {@link #dataSource}, a single statement outside a transaction (a read, a delete, a sweep, the
     * put of a one-chunk payload) waits for a lock until the {@link #statementTimeout} instead.
     *
     * @param timeout between 1 ms and {@value #MAX_TIMEOUT_MILLIS} ms; default
     *     {@link #DEFAULT_LOCK_TIMEOUT} (5 seconds)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws NullPointerException if null
     */
    public Builder lockTimeout(Duration timeout) {
      this.lockTimeout = checkTimeout(timeout, "lockTimeout");
      return this;
    }

    /**
     * The longest a read from the database's socket may block ({@link Connection#setNetworkTimeout},
     * set on each borrowed connection and restored when it is handed back; pgjdbc's
     * {@code socketTimeout} on a pool the store builds). It ends a call to a server that has stopped
     * answering, where cancelling a statement cannot reach it; the connection is then closed and the
     * call fails with a retryable {@link PayloadStoreException} (SQLState class 08).
     *
     * @param timeout between 1 ms and {@value #MAX_TIMEOUT_MILLIS} ms; default
     *     {@link #DEFAULT_NETWORK_TIMEOUT} (20 seconds); must be longer than the
     *     {@link #statementTimeout}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws NullPointerException if null
     */
    public Builder networkTimeout(Duration timeout) {
      this.networkTimeout = checkTimeout(timeout, "networkTimeout");
      return this;
    }

    private static Duration checkTimeout(Duration timeout, String name) {
      Objects.requireNonNull(timeout, name);
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.toMillis() > MAX_TIMEOUT_MILLIS) {
        throw new IllegalArgumentException(name + " must be between 1 ms and " + MAX_TIMEOUT_MILLIS
            + " ms: " + timeout);
      }
      return timeout;
    }

    private Timeouts timeouts() {
      return new Timeouts(statementTimeout, lockTimeout, networkTimeout);
    }

    /**
     * Whether the store creates the tables when they are missing, under an advisory lock so many
     * nodes may start at once: {@link #build()} creates them if the database answers, and otherwise
     * the first store call that reaches the database does. Turn it off when Flyway or Liquibase runs
     * {@code io/payloadoffload/postgres/schema-v1.sql}.
     *
     * @param create default {@code true}
     * @return this builder
     */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /**
     * Builds the store: builds the pool if the store owns one, then creates the schema if asked to.
     *
     * <p>An unreachable database does not fail the build, so an application starts while its
     * database is down: the pool the store builds opens its connections once the database answers,
     * the schema is created by the first store call that reaches it (a WARN line says so), and until
     * then every call fails with a retryable {@link PayloadStoreException}, which the offloader turns
     * into inline fallbacks and, after repeated failures, an open circuit breaker. With a pool the
     * store builds and {@link #createSchema} on, the build waits at most the
     * {@link #connectionTimeout} for the database.
     *
     * @return the store
     * @throws IllegalStateException if not exactly one of {@link #dataSource}, {@link #jdbcUrl} and
     *     {@link #url} is set, if credentials or pool settings accompany the wrong source, or if the
     *     {@link #networkTimeout} is not longer than the {@link #statementTimeout}
     * @throws PayloadStoreException (non-retryable) if the database answered and the schema cannot be
     *     created (a newer schema version, missing privileges, a database that does not exist), or if
     *     the pool cannot be configured
     */
    public PostgresPayloadStore build() {
      int sources = (dataSource != null ? 1 : 0) + (jdbcUrl != null ? 1 : 0)
          + (url != null || urlAsJdbc != null ? 1 : 0);
      if (sources != 1) {
        throw new IllegalStateException("set exactly one of dataSource, jdbcUrl or url; " + sources
            + " are set");
      }
      if (jdbcUrl == null && (username != null || password != null)) {
        throw new IllegalStateException("username and password go with jdbcUrl; a url carries its"
            + " own, and a dataSource is configured by its owner");
      }
      if (dataSource != null && (maxPoolSize != null || connectionTimeout != null)) {
        throw new IllegalStateException("maxPoolSize and connectionTimeout configure the pool the"
            + " store builds; configure the given dataSource's pool instead");
      }
      if (networkTimeout.compareTo(statementTimeout) <= 0) {
        throw new IllegalStateException("networkTimeout (" + networkTimeout + ") must be longer than"
            + " statementTimeout (" + statementTimeout + "), so that a slow statement is cancelled"
            + " before its connection is given up");
      }
      Schema named = Schema.named(schema);
      if (dataSource != null) {
        return install(new PostgresPayloadStore(dataSource, null, "dataSource=" + dataSource.getClass()
            .getName(), named, this));
      }
      HikariConfig config = new HikariConfig();
      Properties driver = timeouts().driverProperties();
      driver.forEach((k, v) -> config.addDataSourceProperty((String) k, v));
      String shown;
      if (url != null) {
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        shown = "url=" + url;
      } else if (urlAsJdbc != null) {
        config.setJdbcUrl(urlAsJdbc);
        shown = "url=" + PostgresUrl.maskPassword(urlAsJdbc);
      } else {
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        shown = "jdbcUrl=" + PostgresUrl.maskPassword(jdbcUrl)
            + (username != null ? ", username=" + username : "");
      }
      long connectMillis = (connectionTimeout != null ? connectionTimeout : DEFAULT_CONNECTION_TIMEOUT)
          .toMillis();
      String connectSeconds = Long.toString((connectMillis + 999) / 1000);
      config.addDataSourceProperty("connectTimeout", connectSeconds);
      config.addDataSourceProperty("loginTimeout", connectSeconds);
      config.setInitializationFailTimeout(-1);
      config.setPoolName("payload-offload-" + named.name());
      config.setMaximumPoolSize(maxPoolSize != null ? maxPoolSize : DEFAULT_MAX_POOL_SIZE);
      config.setConnectionTimeout(connectMillis);
      HikariDataSource pool;
      try {
        pool = new HikariDataSource(config);
      } catch (RuntimeException e) {
        throw new PayloadStoreException("Could not build the connection pool for " + shown + ": "
            + e.getMessage() + ". Check the URL and credentials.", null, false, e);
      }
      shown += ", maxPoolSize=" + config.getMaximumPoolSize();
      try {
        return install(new PostgresPayloadStore(pool, pool, shown, named, this));
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
    }

    private PostgresPayloadStore install(PostgresPayloadStore store) {
      store.schemaGate.tryAtStartup();
      return store;
    }
  }
}

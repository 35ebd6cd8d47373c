package io.payloadoffload.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.payloadoffload.OffloadConfig;
import io.payloadoffload.PayloadStoreException;
import io.payloadoffload.postgres.internal.ChunkInputStream;
import io.payloadoffload.postgres.internal.ChunkWriter;
import io.payloadoffload.postgres.internal.ChunkWriter.SourceException;
import io.payloadoffload.postgres.internal.ChunkWriter.Written;
import io.payloadoffload.postgres.internal.InsertChunkWriter;
import io.payloadoffload.postgres.internal.PostgresUrl;
import io.payloadoffload.postgres.internal.Schema;
import io.payloadoffload.postgres.internal.SqlErrors;
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
 * {@link #toString()}, logs or messages.
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
  /** Default time to wait for a pooled connection before failing retryably: 10 seconds. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(PostgresPayloadStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final String source;
  private final Schema schema;
  private final int chunkSizeBytes;
  private final ChunkWriter chunkWriter = new InsertChunkWriter();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String insertHeader;
  private final String insertSingleChunk;
  private final String completeHeader;
  private final String selectHeader;
  private final String selectExisting;
  private final String deleteOne;
  private final String deleteExpired;

  private PostgresPayloadStore(DataSource dataSource, HikariDataSource ownedPool, String source,
      Schema schema, int chunkSizeBytes) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.source = source;
    this.schema = schema;
    this.chunkSizeBytes = chunkSizeBytes;
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
        + " metadata::text, (SELECT data FROM " + schema.table("payload_chunks")
        + " WHERE payload_id = p.id AND seq = 0) FROM " + payloads + " p WHERE id = ?";
    this.selectExisting = "SELECT checksum, original_size_bytes, stored_size_bytes FROM " + payloads
        + " WHERE id = ?";
    this.deleteOne = "DELETE FROM " + payloads + " WHERE id = ?";
    this.deleteExpired = "DELETE FROM " + payloads + " WHERE id IN (SELECT id FROM " + payloads
        + " WHERE expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)";
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
  public void put(PayloadRecord record, InputStream storedBytes) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(storedBytes, "storedBytes");
    requireOpen(record.id());
    String id = record.id();
    if (record.isComplete() && record.storedSizeBytes() > 0 && record.storedSizeBytes() <= chunkSizeBytes) {
      putSingleChunk(record, storedBytes);
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (insertHeader(c, record)) {
          Written written = chunkWriter.write(c, schema, id, storedBytes, chunkSizeBytes);
          completeHeader(c, record, finalRecord(record), written);
          c.commit();
          log.debug("Stored payload {}: {} bytes in {} chunks", id, written.bytes(), written.chunks());
        } else {
          c.rollback();
          PayloadRecord done = drain(record, storedBytes);
          acceptExisting(c, done);
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
      throw new PayloadStoreException("Reading the bytes of payload " + id + " failed: "
          + e.getCause() + ". Nothing was stored; retry with a fresh stream.", id, false, e.getCause());
    }
  }

  /** Header and only chunk in one statement; nothing else to make atomic. */
  private void putSingleChunk(PayloadRecord record, InputStream storedBytes) {
    String id = record.id();
    byte[] data = new byte[Math.toIntExact(record.storedSizeBytes())];
    try {
      int n = ChunkWriter.readChunk(storedBytes, data);
      byte[] probe = new byte[1];
      if (n != data.length || ChunkWriter.readChunk(storedBytes, probe) != 0) {
        throw new PayloadStoreException("Payload " + id + " has " + (n != data.length ? n : "more than " + n)
            + " stored bytes but its record says " + data.length + ". Nothing was stored;"
            + " the record and the stream must describe the same bytes.", id, false, null);
      }
    } catch (SourceException e) {
      throw new PayloadStoreException("Reading the bytes of payload " + id + " failed: "
          + e.getCause() + ". Nothing was stored; retry with a fresh stream.", id, false, e.getCause());
    }
    PayloadRecord done = finalRecord(record);
    try (Connection c = dataSource.getConnection()) {
      boolean inserted;
      try (PreparedStatement ps = c.prepareStatement(insertSingleChunk)) {
        setHeader(ps, done);
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

  private boolean insertHeader(Connection c, PayloadRecord r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertHeader)) {
      setHeader(ps, r);
      return ps.executeUpdate() == 1;
    }
  }

  private void setHeader(PreparedStatement ps, PayloadRecord r) throws SQLException {
    ps.setString(1, r.id());
    ps.setString(2, r.sessionId().orElse(null));
    ps.setString(3, r.toolName().orElse(null));
    ps.setString(4, r.providerName().orElse(null));
    ps.setString(5, r.contentType());
    ps.setString(6, r.compression());
    ps.setString(7, r.checksum().orElse(null));
    ps.setLong(8, r.originalSizeBytes());
    ps.setLong(9, r.storedSizeBytes());
    ps.setInt(10, r.storedSizeBytes() < 0 ? 0 : chunkCount(r.storedSizeBytes()));
    ps.setObject(11, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setObject(12, OffsetDateTime.ofInstant(r.expiresAt(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setString(13, toJson(r.metadata()));
  }

  private int chunkCount(long storedSizeBytes) {
    return Math.toIntExact((storedSizeBytes + chunkSizeBytes - 1) / chunkSizeBytes);
  }

  /** Checks what was written against the final record; updates the header when the record was streamed. */
  private void completeHeader(Connection c, PayloadRecord first, PayloadRecord done, Written written)
      throws SQLException {
    if (written.bytes() != done.storedSizeBytes()) {
      throw new PayloadStoreException("Payload " + done.id() + " has " + written.bytes()
          + " stored bytes but its record says " + done.storedSizeBytes() + ". Nothing was stored;"
          + " the record and the stream must describe the same bytes.", done.id(), false, null);
    }
    if (first.isComplete() && Objects.equals(first.checksum(), done.checksum())) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(completeHeader)) {
      ps.setString(1, done.checksum().orElse(null));
      ps.setLong(2, done.originalSizeBytes());
      ps.setLong(3, done.storedSizeBytes());
      ps.setInt(4, written.chunks());
      ps.setString(5, done.id());
      ps.executeUpdate();
    }
  }

  private static PayloadRecord finalRecord(PayloadRecord record) {
    try {
      return record.finalRecord();
    } catch (IllegalStateException e) {
      throw new PayloadStoreException("The final record of payload " + record.id() + " is not known"
          + " after its stream ended. Nothing was stored.", record.id(), false, e);
    }
  }

  /** Reads a duplicate put's stream to its end, so a streamed record learns its checksum. */
  private static PayloadRecord drain(PayloadRecord record, InputStream storedBytes) throws SourceException {
    byte[] buffer = new byte[8192];
    int n;
    do {
      n = ChunkWriter.readChunk(storedBytes, buffer);
    } while (n > 0);
    return finalRecord(record);
  }

  /** The id exists already: succeed if it holds the same payload, fail for good if not. */
  private void acceptExisting(Connection c, PayloadRecord done) throws SQLException {
    String id = done.id();
    try (PreparedStatement ps = c.prepareStatement(selectExisting)) {
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
   * <p>Instants come back with the microsecond precision of PostgreSQL's {@code timestamptz}.
   */
  @Override
  public Optional<StoredPayload> open(String id) {
    Objects.requireNonNull(id, "id");
    requireOpen(id);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(selectHeader)) {
      ChunkInputStream.forceBinaryResults(ps);
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        PayloadRecord record = PayloadRecord.builder()
            .id(id)
            .sessionId(rs.getString(1))
            .toolName(rs.getString(2))
            .providerName(rs.getString(3))
            .contentType(rs.getString(4))
            .compression(rs.getString(5))
            .checksum(rs.getString(6))
            .originalSizeBytes(rs.getLong(7))
            .storedSizeBytes(rs.getLong(8))
            .createdAt(rs.getObject(10, OffsetDateTime.class).toInstant())
            .expiresAt(rs.getObject(11, OffsetDateTime.class).toInstant())
            .metadata(fromJson(id, rs.getString(12)))
            .build();
        int chunks = rs.getInt(9);
        byte[] first = rs.getBytes(13);
        return Optional.of(StoredPayload.of(record, () -> {
          requireOpen(id);
          return new ChunkInputStream(dataSource, schema, id, chunks, record.storedSizeBytes(), first);
        }));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "read", id, schema.name());
    }
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    requireOpen(id);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(deleteOne)) {
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
   * {@code batchSize} while the other still works through the rest.
   *
   * @throws IllegalArgumentException if {@code batchSize} is less than 1
   */
  @Override
  public long deleteExpired(Instant now, int batchSize) {
    Objects.requireNonNull(now, "now");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    requireOpen(null);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(deleteExpired)) {
      ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setInt(2, batchSize);
      int deleted = ps.executeUpdate();
      log.debug("Swept {} payloads expired at or before {}", deleted, now);
      return deleted;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "delete expired payloads from", null, schema.name());
    }
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

  @Override
  public String toString() {
    return "PostgresPayloadStore{" + source + ", schema=" + schema.name() + ", chunkSizeBytes="
        + chunkSizeBytes + (closed.get() ? ", closed" : "") + "}";
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

  private static Map<String, String> fromJson(String id, String json) {
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new PayloadStoreException("The metadata of payload " + id + " is not a JSON object of"
          + " strings. Fix the row, or delete the payload.", id, false, e);
    }
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
    private String username;
    private String password;
    private String schema = DEFAULT_SCHEMA;
    private int chunkSizeBytes = DEFAULT_CHUNK_SIZE_BYTES;
    private Integer maxPoolSize;
    private Duration connectionTimeout;
    private boolean createSchema = true;

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
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: "
            + OffloadConfig.maskPassword(PostgresUrl.redact(jdbcUrl)));
      }
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /**
     * Builds a HikariCP pool from a {@code postgres://user:password@host:port/database?sslmode=...}
     * URL, the {@code DATABASE_URL} form most hosts hand out; {@link PostgresPayloadStore#close()}
     * closes it. Percent-encoded characters in the user name, password and database are decoded;
     * query parameters such as {@code sslmode} go to the driver.
     *
     * @param url a {@code postgres://} or {@code postgresql://} URL
     * @return this builder
     * @throws IllegalArgumentException if the URL is malformed; the message hides the password
     * @throws NullPointerException if null
     */
    public Builder url(String url) {
      this.url = PostgresUrl.parse(url);
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
     * @param timeout at least 250 ms; default 10 seconds
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
     * Whether {@link #build()} creates the tables when they are missing, under an advisory lock so
     * many nodes may start at once. Turn it off when Flyway or Liquibase runs
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
     * @return the store
     * @throws IllegalStateException if not exactly one of {@link #dataSource}, {@link #jdbcUrl} and
     *     {@link #url} is set, or if credentials or pool settings accompany the wrong source
     * @throws PayloadStoreException if the database cannot be reached (retryable) or the schema cannot
     *     be created
     */
    public PostgresPayloadStore build() {
      int sources = (dataSource != null ? 1 : 0) + (jdbcUrl != null ? 1 : 0) + (url != null ? 1 : 0);
      if (sources != 1) {
        throw new IllegalStateException("set exactly one of dataSource, jdbcUrl or url; " + sources
            + " are set");
      }
      if (jdbcUrl == null && (username != null || password != null)) {
        throw new IllegalStateException("username and password go with jdbcUrl; a postgres:// url"
            + " carries its own, and a dataSource is configured by its owner");
      }
      if (dataSource != null && (maxPoolSize != null || connectionTimeout != null)) {
        throw new IllegalStateException("maxPoolSize and connectionTimeout configure the pool the"
            + " store builds; configure the given dataSource's pool instead");
      }
      Schema named = Schema.named(schema);
      if (dataSource != null) {
        return install(new PostgresPayloadStore(dataSource, null, "dataSource=" + dataSource.getClass()
            .getName(), named, chunkSizeBytes));
      }
      HikariConfig config = new HikariConfig();
      String shown;
      if (url != null) {
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        shown = "url=" + url;
      } else {
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        shown = "jdbcUrl=" + OffloadConfig.maskPassword(jdbcUrl)
            + (username != null ? ", username=" + username : "");
      }
      config.setPoolName("payload-offload-" + named.name());
      config.setMaximumPoolSize(maxPoolSize != null ? maxPoolSize : DEFAULT_MAX_POOL_SIZE);
      config.setConnectionTimeout(
          (connectionTimeout != null ? connectionTimeout : DEFAULT_CONNECTION_TIMEOUT).toMillis());
      HikariDataSource pool;
      try {
        pool = new HikariDataSource(config);
      } catch (RuntimeException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException) {
          throw SqlErrors.translate((SQLException) cause, "open a connection for " + shown, null,
              named.name());
        }
        throw new PayloadStoreException("Could not build the connection pool for " + shown + ": "
            + e.getMessage() + ". Check the URL and credentials.", null, false, e);
      }
      shown += ", maxPoolSize=" + config.getMaximumPoolSize();
      try {
        return install(new PostgresPayloadStore(pool, pool, shown, named, chunkSizeBytes));
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
    }

    private PostgresPayloadStore install(PostgresPayloadStore store) {
      if (createSchema) {
        store.schema.install(store.dataSource);
      }
      return store;
    }
  }
}

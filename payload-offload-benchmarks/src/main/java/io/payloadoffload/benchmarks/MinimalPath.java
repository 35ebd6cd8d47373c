package io.payloadoffload.benchmarks;

import com.github.luben.zstd.Zstd;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Baseline (a), the least a hand-written claim check can do: compress with zstd level 3, compute
 * SHA-256, write the compressed bytes with one INSERT into a plain {@code bytea} table; read back
 * with one SELECT, decompress (one call, into an array of the known size) and verify. Thread-safe.
 */
public final class MinimalPath implements StoragePath<String> {
  /** The table, created by {@link #createTable(BenchDatabase)}. */
  public static final String TABLE = "bench_minimal";

  private final DataSource dataSource;

  /**
   * A path writing through the shared pool.
   *
   * @param dataSource the pool
   */
  public MinimalPath(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates the table if it is missing. The data column is {@code STORAGE EXTERNAL}, as in the
   * library's chunk table: with the default storage PostgreSQL spends about 2 ms per MiB trying to
   * pglz-compress the already compressed bytes, and the baseline would be slower than it needs to be.
   *
   * @param db the database
   */
  public static void createTable(BenchDatabase db) {
    db.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id text PRIMARY KEY, "
        + "checksum bytea NOT NULL, original_size bigint NOT NULL, data bytea NOT NULL)",
        "ALTER TABLE " + TABLE + " ALTER COLUMN data SET STORAGE EXTERNAL");
  }

  @Override
  public String name() {
    return Results.MINIMAL;
  }

  @Override
  public String offload(Payload payload) {
    byte[] original = payload.bytes();
    byte[] compressed = Zstd.compress(original, 3);
    byte[] checksum = sha256(original);
    String id = UUID.randomUUID().toString();
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(
             "INSERT INTO " + TABLE + " (id, checksum, original_size, data) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setBytes(2, checksum);
      ps.setLong(3, original.length);
      ps.setBytes(4, compressed);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("minimal INSERT failed: " + e.getMessage(), e);
    }
    return id;
  }

  @Override
  public byte[] resolve(String id) {
    byte[] checksum;
    long size;
    byte[] compressed;
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT checksum, original_size, data FROM " + TABLE + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("minimal row " + id + " not found");
        }
        checksum = rs.getBytes(1);
        size = rs.getLong(2);
        compressed = rs.getBytes(3);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("minimal SELECT failed: " + e.getMessage(), e);
    }
    byte[] original = Zstd.decompress(compressed, Math.toIntExact(size));
    if (!MessageDigest.isEqual(checksum, sha256(original))) {
      throw new IllegalStateException("minimal row " + id + " failed its checksum");
    }
    return original;
  }

  static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

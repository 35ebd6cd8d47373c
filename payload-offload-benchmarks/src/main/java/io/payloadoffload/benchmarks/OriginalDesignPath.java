package io.payloadoffload.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;

/**
 * Baseline (b), the original design this library replaces: serialize the JSON to a string,
 * serialize it again to measure its size, gzip it, base64-encode it and INSERT the text into a
 * {@code text} column; read back with a SELECT, base64-decode and gunzip. A binary payload skips the
 * two serializations. Thread-safe.
 */
public final class OriginalDesignPath implements StoragePath<String> {
  /** The table, created by {@link #createTable(BenchDatabase)}. */
  public static final String TABLE = "bench_original";

  private final DataSource dataSource;

  /**
   * A path writing through the shared pool.
   *
   * @param dataSource the pool
   */
  public OriginalDesignPath(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates the table if it is missing.
   *
   * @param db the database
   */
  public static void createTable(BenchDatabase db) {
    db.execute("CREATE TABLE IF NOT EXISTS " + TABLE
        + " (id text PRIMARY KEY, payload_size bigint NOT NULL, payload text NOT NULL)");
  }

  @Override
  public String name() {
    return Results.ORIGINAL;
  }

  @Override
  public String offload(Payload payload) {
    byte[] raw;
    long size;
    if (payload.isJson()) {
      try {
        String json = ToolOutput.MAPPER.writeValueAsString(payload.tree());
        size = ToolOutput.MAPPER.writeValueAsString(payload.tree())
            .getBytes(StandardCharsets.UTF_8).length;
        raw = json.getBytes(StandardCharsets.UTF_8);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      raw = payload.bytes();
      size = raw.length;
    }
    String text = Base64.getEncoder().encodeToString(gzip(raw));
    String id = UUID.randomUUID().toString();
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(
             "INSERT INTO " + TABLE + " (id, payload_size, payload) VALUES (?, ?, ?)")) {
      ps.setString(1, id);
      ps.setLong(2, size);
      ps.setString(3, text);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("original-design INSERT failed: " + e.getMessage(), e);
    }
    return id;
  }

  @Override
  public byte[] resolve(String id) {
    String text;
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT payload FROM " + TABLE + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("original-design row " + id + " not found");
        }
        text = rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("original-design SELECT failed: " + e.getMessage(), e);
    }
    try (GZIPInputStream in = new GZIPInputStream(
        new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 65_536)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

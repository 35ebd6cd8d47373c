package io.payloadoffload.postgres;

import io.payloadoffload.postgres.internal.ChunkWriter;
import io.payloadoffload.postgres.internal.CopyChunkWriter;
import io.payloadoffload.postgres.internal.InsertChunkWriter;
import io.payloadoffload.postgres.internal.Schema;
import io.payloadoffload.postgres.internal.Timeouts;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import javax.sql.DataSource;

/**
 * Compares the two ways of writing chunks inside a put's transaction: one binary {@code COPY} per
 * payload against a batched {@code INSERT}. A harness, not a test: run it with
 * {@code mvn -pl payload-offload-postgres exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.payloadoffload.postgres.ChunkWriteComparison} and read the medians it prints.
 */
public final class ChunkWriteComparison {
  private static final int MIB = 1_048_576;
  private static final Timeouts TIMEOUTS = new Timeouts(PostgresPayloadStore.DEFAULT_STATEMENT_TIMEOUT,
      PostgresPayloadStore.DEFAULT_LOCK_TIMEOUT, PostgresPayloadStore.DEFAULT_NETWORK_TIMEOUT);

  private ChunkWriteComparison() {}

  public static void main(String[] args) throws Exception {
    try (TestDatabase db = TestDatabase.start()) {
      DataSource ds = db.dataSource();
      Schema schema = Schema.named(TestDatabase.freshSchema());
      schema.install(ds, TIMEOUTS);
      ChunkWriter[] writers = {new InsertChunkWriter(), new CopyChunkWriter()};
      String[] names = {"INSERT", "COPY"};
      System.out.println("fsync=" + db.queryString("SHOW fsync") + ", synchronous_commit="
          + db.queryString("SHOW synchronous_commit"));
      System.out.println("payload     chunk      puts  writer  median ms  MiB/s");
      for (int[] c : new int[][] {{64 * 1024, MIB, 300}, {MIB, MIB, 100}, {16 * MIB, MIB, 20},
          {64 * MIB, MIB, 8}, {16 * MIB, 256 * 1024, 20}}) {
        byte[] payload = new byte[c[0]];
        new Random(42).nextBytes(payload);
        measure(ds, schema, writers, payload, c[1], Math.max(2, c[2] / 5));
        double[][] ms = measure(ds, schema, writers, payload, c[1], c[2]);
        for (int w = 0; w < writers.length; w++) {
          double median = ms[w][ms[w].length / 2];
          System.out.printf(Locale.ROOT, "%-10s  %-9s  %4d  %-6s  %9.2f  %6.1f%n", size(c[0]), size(c[1]),
              c[2], names[w], median, c[0] / (double) MIB / (median / 1000));
        }
      }
    }
  }

  /** Alternates the writers put by put, so load from other processes hits both alike. */
  private static double[][] measure(DataSource ds, Schema schema, ChunkWriter[] writers, byte[] payload,
      int chunk, int puts) throws Exception {
    double[][] ms = new double[writers.length][puts];
    try (Connection c = ds.getConnection()) {
      for (int i = 0; i < puts * writers.length; i++) {
        int w = i % writers.length;
        String id = String.format(Locale.ROOT, "txn_%032x", i);
        long start = System.nanoTime();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.table("payloads")
            + " (id, content_type, compression, original_size_bytes, stored_size_bytes, chunk_count,"
            + " created_at, expires_at) VALUES (?, 'application/octet-stream', 'none', ?, ?, 0, now(), now())")) {
          ps.setString(1, id);
          ps.setLong(2, payload.length);
          ps.setLong(3, payload.length);
          ps.executeUpdate();
        }
        writers[w].write(c, TIMEOUTS, schema, id, new ByteArrayInputStream(payload), chunk);
        c.commit();
        ms[w][i / writers.length] = (System.nanoTime() - start) / 1e6;
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("DELETE FROM " + schema.table("payloads"));
        }
      }
    }
    for (double[] m : ms) {
      Arrays.sort(m);
    }
    return ms;
  }

  private static String size(int bytes) {
    return bytes >= MIB ? bytes / MIB + " MiB" : bytes / 1024 + " KiB";
  }
}

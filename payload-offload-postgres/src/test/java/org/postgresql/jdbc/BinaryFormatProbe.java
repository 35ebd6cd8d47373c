package org.postgresql.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Asks pgjdbc in which format a result column arrived; lives in the driver's package to do so. */
public final class BinaryFormatProbe {
  private BinaryFormatProbe() {}

  /** Whether column {@code column} (1-based) of {@code rs} arrived in binary rather than text. */
  public static boolean isBinary(ResultSet rs, int column) throws SQLException {
    return rs.unwrap(PgResultSet.class).isBinary(column);
  }
}

package com.blockdb.jdbc.store;

import com.blockdb.jdbc.schema.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.calcite.avatica.util.ByteString;

/** Renders internal values as SQL literals for error messages. */
public final class Literals {
  private Literals() {}

  /** The SQL literal of an internal value of type {@code t}. */
  public static String render(ColumnType t, Object v) {
    if (v == null) {
      return "NULL";
    }
    switch (t) {
      case VARCHAR:
      case CHAR:
        return "'" + v.toString().replace("'", "''") + "'";
      case DATE:
        return "DATE '" + LocalDate.ofEpochDay(((Number) v).longValue()) + "'";
      case TIME:
        return "TIME '" + LocalTime.ofNanoOfDay(((Number) v).longValue() * 1_000_000L) + "'";
      case TIMESTAMP:
        long ms = ((Number) v).longValue();
        return "TIMESTAMP '" + LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L),
            (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC).toString().replace('T', ' ') + "'";
      case VARBINARY:
        return "X'" + ((ByteString) v).toString() + "'";
      default:
        return v.toString();
    }
  }
}

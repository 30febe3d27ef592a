package com.blockdb.sqltests;

import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Renders result values the way scripts write them: NULL for null, strings unquoted (quoted with
 * {@code '...'} only when they would otherwise be ambiguous: empty, padded with spaces, equal to NULL,
 * containing {@code " | "} or a line break, or looking like a comment or directive), binary as lower
 * case hex ({@code ''} when empty), DECIMAL in plain notation, DATE {@code yyyy-MM-dd}, TIME {@code HH:mm:ss[.f]},
 * TIMESTAMP {@code yyyy-MM-dd HH:mm:ss[.f]}, BOOLEAN {@code TRUE}/{@code FALSE}.
 */
final class ValueRenderer {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private ValueRenderer() {}

  static String render(ResultSet rs, int column, int jdbcType) throws SQLException {
    Object value = switch (jdbcType) {
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> rs.getBytes(column);
      default -> rs.getObject(column);
    };
    if (value == null || rs.wasNull()) {
      return "NULL";
    }
    return render(value);
  }

  static String render(Object value) throws SQLException {
    if (value instanceof byte[] bytes) {
      return bytes.length == 0 ? "''" : HexFormat.of().formatHex(bytes);
    }
    if (value instanceof Blob blob) {
      return HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
    }
    if (value instanceof Clob clob) {
      return quoteIfNeeded(clob.getSubString(1, (int) clob.length()));
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof java.sql.Timestamp ts) {
      return dateTime(ts.toLocalDateTime());
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time t) {
      return time(t.toLocalTime());
    }
    if (value instanceof LocalDateTime ldt) {
      return dateTime(ldt);
    }
    if (value instanceof LocalDate ld) {
      return ld.toString();
    }
    if (value instanceof LocalTime lt) {
      return time(lt);
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return quoteIfNeeded(value.toString());
  }

  private static String dateTime(LocalDateTime v) {
    return v.toLocalDate() + " " + time(v.toLocalTime());
  }

  private static String time(LocalTime t) {
    String s = t.format(TIME);
    if (t.getNano() == 0) {
      return s;
    }
    String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return s + "." + frac;
  }

  static String quoteIfNeeded(String s) {
    boolean ambiguous = s.isEmpty()
        || !s.equals(s.strip())
        || s.equals("NULL")
        || s.contains(" | ")
        || s.contains("\n")
        || s.contains("\r")
        || s.startsWith("'")
        || s.startsWith("#")
        || s.startsWith("--")
        || s.startsWith("!")
        || s.endsWith(";");
    if (!ambiguous) {
      return s;
    }
    return "'" + s.replace("'", "''").replace("\r", "\\r").replace("\n", "\\n") + "'";
  }
}

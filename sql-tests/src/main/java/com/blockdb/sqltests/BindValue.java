package com.blockdb.sqltests;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One {@code !bind} value and the typed setter it calls: {@code 'text'} setString, {@code 42}
 * setInt (setLong if it does not fit, or with suffix {@code L}), {@code 1.5} setBigDecimal,
 * {@code 1.5D} or {@code 1e3} setDouble, {@code TRUE}/{@code FALSE} setBoolean, {@code X'0aff'}
 * setBytes, {@code DATE '2024-01-31'} setDate, {@code TIME '12:00:00'} setTime,
 * {@code TIMESTAMP '2024-01-31 12:00:00'} setTimestamp, {@code NULL} setNull with the parameter's
 * type (VARCHAR if the driver cannot say) or {@code NULL:INTEGER} with a named type.
 */
public record BindValue(Kind kind, String text) {

  /** Which setter a value is bound with. */
  public enum Kind { STRING, INT, LONG, DECIMAL, DOUBLE, BOOLEAN, BYTES, DATE, TIME, TIMESTAMP, NULL }

  /** Parses a comma-separated {@code !bind} argument list; commas inside quotes do not split. */
  public static List<BindValue> parseList(String args) {
    List<BindValue> values = new ArrayList<>();
    if (args.isBlank()) {
      return values;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (c == '\'') {
        quoted = !quoted; // '' inside a string toggles twice, so it stays quoted
      }
      if (c == ',' && !quoted) {
        values.add(parse(cur.toString()));
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated string in bind values: " + args);
    }
    values.add(parse(cur.toString()));
    return values;
  }

  /** Parses one value; throws IllegalArgumentException naming the value if it is not understood. */
  public static BindValue parse(String raw) {
    String s = raw.strip();
    String upper = s.toUpperCase(Locale.ROOT);
    if (upper.equals("NULL")) {
      return new BindValue(Kind.NULL, "");
    }
    if (upper.startsWith("NULL:")) {
      String type = upper.substring(5).strip();
      java.sql.JDBCType.valueOf(type); // rejects unknown names here, not at run time
      return new BindValue(Kind.NULL, type);
    }
    if (upper.equals("TRUE") || upper.equals("FALSE")) {
      return new BindValue(Kind.BOOLEAN, upper);
    }
    if (s.startsWith("'")) {
      return new BindValue(Kind.STRING, unquote(s, raw));
    }
    if (upper.startsWith("X'")) {
      String hex = unquote(s.substring(1), raw);
      HexFormat.of().parseHex(hex);
      return new BindValue(Kind.BYTES, hex);
    }
    for (Kind k : List.of(Kind.TIMESTAMP, Kind.DATE, Kind.TIME)) {
      if (upper.startsWith(k.name() + " ") || upper.startsWith(k.name() + "'")) {
        return new BindValue(k, unquote(s.substring(k.name().length()).strip(), raw));
      }
    }
    if (upper.matches("[+-]?\\d+L")) {
      return new BindValue(Kind.LONG, s.substring(0, s.length() - 1));
    }
    if (upper.matches("[+-]?\\d+")) {
      long v = Long.parseLong(s);
      return new BindValue(v == (int) v ? Kind.INT : Kind.LONG, s);
    }
    if (upper.matches("[+-]?\\d+(\\.\\d+)?(E[+-]?\\d+)?D?") && (upper.contains("E") || upper.endsWith("D"))) {
      return new BindValue(Kind.DOUBLE, upper.endsWith("D") ? s.substring(0, s.length() - 1) : s);
    }
    if (upper.matches("[+-]?\\d*\\.\\d+")) {
      return new BindValue(Kind.DECIMAL, s);
    }
    throw new IllegalArgumentException("bind value not understood: " + raw.strip());
  }

  private static String unquote(String s, String raw) {
    if (s.length() < 2 || !s.startsWith("'") || !s.endsWith("'")) {
      throw new IllegalArgumentException("bind value not understood: " + raw.strip());
    }
    return s.substring(1, s.length() - 1).replace("''", "'");
  }

  /** Binds this value as parameter {@code index} of {@code ps}. */
  public void bind(PreparedStatement ps, int index) throws SQLException {
    switch (kind) {
      case STRING -> ps.setString(index, text);
      case INT -> ps.setInt(index, Integer.parseInt(text));
      case LONG -> ps.setLong(index, Long.parseLong(text));
      case DECIMAL -> ps.setBigDecimal(index, new BigDecimal(text));
      case DOUBLE -> ps.setDouble(index, Double.parseDouble(text));
      case BOOLEAN -> ps.setBoolean(index, Boolean.parseBoolean(text));
      case BYTES -> ps.setBytes(index, HexFormat.of().parseHex(text));
      case DATE -> ps.setDate(index, Date.valueOf(text));
      case TIME -> ps.setTime(index, Time.valueOf(text));
      case TIMESTAMP -> ps.setTimestamp(index, Timestamp.valueOf(text));
      case NULL -> ps.setNull(index, text.isEmpty() ? parameterType(ps, index)
          : java.sql.JDBCType.valueOf(text).getVendorTypeNumber());
    }
  }

  private static int parameterType(PreparedStatement ps, int index) {
    try {
      ParameterMetaData md = ps.getParameterMetaData();
      return md.getParameterType(index);
    } catch (SQLException | RuntimeException e) {
      return Types.VARCHAR; // the driver cannot say; VARCHAR is what most drivers accept for null
    }
  }
}

package com.blockdb.jdbc.codec;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Turns a value arriving for a column (from SQL or a JDBC parameter) into the column's canonical
 * Calcite-internal value, or refuses it with the SQLState a SQL database would give: 23502 NULL
 * in a NOT NULL column, 22018 a value of the wrong type or an unparsable string, 22003 a number out
 * of range, 22001 a string or binary too long, 22008 a time of day outside the day.
 *
 * <p>Canonical means: equal SQL values become equal Java values, which the key and row codecs rely
 * on. CHAR is padded with spaces to its length, DECIMAL rescaled to the column's scale, DOUBLE has
 * one zero (0.0) and one NaN.
 */
public final class ValueNormalizer {
  private static final Pattern SQL_NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern SQL_INFINITY = Pattern.compile("(?i)[+-]?inf(inity)?");
  private static final int MAX_SHOWN_CHARS = 40;

  private ValueNormalizer() {}

  /** The canonical value of {@code value} for column {@code col} of table {@code table}. */
  public static Object normalize(String table, ColumnDef col, Object value) {
    if (value == null) {
      if (!col.nullable()) {
        throw new SqlStateException("23502", VendorCodes.NOT_NULL,
            "NULL in NOT NULL column " + table + "." + col.name());
      }
      return null;
    }
    // The common cases are already normal: returned as they are (no boxing, no Column).
    if ((col.type() == ColumnType.BIGINT && value instanceof Long)
        || (col.type() == ColumnType.INTEGER && value instanceof Integer)) {
      return value;
    }
    Column c = new Column(table, col);
    return switch (col.type()) {
      case VARCHAR, CHAR -> string(c, value);
      case BOOLEAN -> bool(c, value);
      case INTEGER ->
          Integer.valueOf((int) integral(c, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case BIGINT -> Long.valueOf(integral(c, value, Long.MIN_VALUE, Long.MAX_VALUE));
      case DECIMAL -> decimal(c, value);
      case DOUBLE -> dbl(c, value);
      case DATE -> date(c, value);
      case TIME -> time(c, value);
      case TIMESTAMP -> timestamp(c, value);
      case VARBINARY -> binary(c, value);
    };
  }

  /**
   * VARCHAR(n) and CHAR(n): at most n UTF-16 code units (Calcite's CHAR_LENGTH counts those, so a
   * supplementary character counts two). As the SQL standard's store assignment says, excess
   * characters that are all spaces are cut off rather than refused. CHAR without a length is
   * CHAR(1), as in the standard; CHAR is padded with spaces to its length.
   */
  private static String string(Column c, Object value) {
    String s;
    if (value instanceof String str) {
      s = str;
    } else if (value instanceof Character ch) {
      s = ch.toString();
    } else {
      throw c.wrongType(value);
    }
    boolean isChar = c.col.type() == ColumnType.CHAR;
    int max = c.col.precision() == ColumnDef.UNBOUNDED ? (isChar ? 1 : -1) : c.col.precision();
    if (max >= 0 && s.length() > max) {
      for (int i = max; i < s.length(); i++) {
        if (s.charAt(i) != ' ') {
          throw c.error("22001", VendorCodes.TOO_LONG, "a value of " + s.length()
              + " characters (UTF-16 code units) is too long for column " + c);
        }
      }
      s = s.substring(0, max);
    }
    if (isChar && s.length() < max) {
      s = s + " ".repeat(max - s.length());
    }
    return s;
  }

  private static Boolean bool(Column c, Object value) {
    if (value instanceof Boolean b) {
      return b;
    } else if (value instanceof String s) {
      String t = s.trim();
      if (t.equalsIgnoreCase("TRUE")) {
        return Boolean.TRUE;
      } else if (t.equalsIgnoreCase("FALSE")) {
        return Boolean.FALSE;
      }
      throw c.unparsable(s);
    }
    throw c.wrongType(value);
  }

  /**
   * INTEGER and BIGINT: any integral number in range. A BigDecimal, Double, Float or string is
   * accepted when its value is a whole number; one with a fraction is refused (22018) rather than
   * rounded, because SQL systems disagree on rounding versus truncating.
   */
  private static long integral(Column c, Object value, long min, long max) {
    long v;
    if (isSmallIntegral(value)) {
      v = ((Number) value).longValue();
    } else if (value instanceof BigInteger b) {
      if (b.bitLength() > 63) {
        throw c.outOfRange(value);
      }
      v = b.longValue();
    } else {
      BigDecimal d = toBigDecimal(c, value);
      if (d.signum() == 0) {
        return 0;
      }
      int integerDigits = d.precision() - d.scale();
      if (integerDigits > 19) {
        throw c.outOfRange(value);
      }
      if (integerDigits <= 0) {
        throw c.notInteger(value);
      }
      BigInteger b;
      try {
        b = d.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw c.notInteger(value);
      }
      if (b.bitLength() > 63) {
        throw c.outOfRange(value);
      }
      v = b.longValue();
    }
    if (v < min || v > max) {
      throw c.outOfRange(value);
    }
    return v;
  }

  /**
   * DECIMAL(p, s): rounded to s decimals half up (away from zero on a tie, as PostgreSQL rounds
   * numeric), then refused (22003) if it needs more than p digits. A DECIMAL without a precision
   * allows the maximum, 38.
   */
  private static BigDecimal decimal(Column c, Object value) {
    BigDecimal d = toBigDecimal(c, value);
    int scale = c.col.scale();
    int precision = c.col.precision() == ColumnDef.UNBOUNDED
        ? ColumnDef.MAX_DECIMAL_PRECISION : c.col.precision();
    if (d.signum() == 0) {
      return BigDecimal.valueOf(0, scale);
    }
    // Decide from the digit counts first: setScale on 1E-999999999 or 1E+999999999 would be slow.
    int integerDigits = d.precision() - d.scale();
    if (integerDigits > precision - scale) {
      throw c.outOfRange(value);
    }
    if (integerDigits < -scale) {
      return BigDecimal.valueOf(0, scale); // below half a unit of the last place: rounds to zero
    }
    BigDecimal r = d.setScale(scale, RoundingMode.HALF_UP);
    if (r.precision() > precision) {
      throw c.outOfRange(value);
    }
    return r;
  }

  /** DOUBLE: -0.0 becomes 0.0 and every NaN the canonical NaN; infinities are kept. */
  private static Double dbl(Column c, Object value) {
    double d;
    if (value instanceof Double x) {
      d = x;
    } else if (value instanceof Float x) {
      d = x;
    } else if (isSmallIntegral(value)) {
      d = ((Number) value).longValue();
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      d = ((Number) value).doubleValue();
      if (Double.isInfinite(d)) {
        throw c.outOfRange(value);
      }
    } else if (value instanceof String s) {
      String t = s.trim();
      if (t.equalsIgnoreCase("NaN")) {
        d = Double.NaN;
      } else if (SQL_INFINITY.matcher(t).matches()) {
        d = t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      } else if (SQL_NUMBER.matcher(t).matches()) {
        d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
          throw c.outOfRange(value);
        }
      } else {
        throw c.unparsable(s);
      }
    } else {
      throw c.wrongType(value);
    }
    if (Double.isNaN(d)) {
      return Double.NaN;
    }
    return d == 0.0 ? 0.0 : d;
  }

  private static Integer date(Column c, Object value) {
    if (value instanceof Integer days) {
      return days;
    }
    LocalDate d;
    if (value instanceof LocalDate x) {
      d = x;
    } else if (value instanceof java.sql.Date x) {
      d = x.toLocalDate();
    } else if (value instanceof String s) {
      d = DateTimeValues.parseDate(s.trim());
      if (d == null) {
        throw c.unparsable(s);
      }
    } else {
      throw c.wrongType(value);
    }
    Integer days = DateTimeValues.days(d);
    if (days == null) {
      throw c.datetimeOverflow(value);
    }
    return days;
  }

  private static Integer time(Column c, Object value) {
    if (value instanceof Integer millis) {
      if (millis < 0 || millis >= DateTimeValues.MILLIS_PER_DAY) {
        throw c.datetimeOverflow(value);
      }
      return millis;
    } else if (value instanceof LocalTime t) {
      return DateTimeValues.millisOfDay(t);
    } else if (value instanceof java.sql.Time t) {
      return DateTimeValues.millisOfDay(t);
    } else if (value instanceof String s) {
      LocalTime t = DateTimeValues.parseTime(s.trim());
      if (t == null) {
        throw c.unparsable(s);
      }
      return DateTimeValues.millisOfDay(t);
    }
    throw c.wrongType(value);
  }

  /** TIMESTAMP: a DATE (LocalDate, java.sql.Date) is accepted as that day's midnight. */
  private static Long timestamp(Column c, Object value) {
    if (value instanceof Long millis) {
      return millis;
    }
    LocalDateTime t;
    if (value instanceof LocalDateTime x) {
      t = x;
    } else if (value instanceof java.sql.Timestamp x) {
      t = x.toLocalDateTime();
    } else if (value instanceof LocalDate x) {
      t = x.atStartOfDay();
    } else if (value instanceof java.sql.Date x) {
      t = x.toLocalDate().atStartOfDay();
    } else if (value instanceof String s) {
      t = DateTimeValues.parseTimestamp(s.trim());
      if (t == null) {
        throw c.unparsable(s);
      }
    } else {
      throw c.wrongType(value);
    }
    Long millis = DateTimeValues.epochMillis(t);
    if (millis == null) {
      throw c.datetimeOverflow(value);
    }
    return millis;
  }

  private static ByteString binary(Column c, Object value) {
    ByteString b;
    if (value instanceof ByteString x) {
      b = x;
    } else if (value instanceof byte[] x) {
      b = new ByteString(x);
    } else {
      throw c.wrongType(value);
    }
    if (c.col.precision() != ColumnDef.UNBOUNDED && b.length() > c.col.precision()) {
      throw c.error("22001", VendorCodes.TOO_LONG,
          "a value of " + b.length() + " bytes is too long for column " + c);
    }
    return b;
  }

  /** A number or numeric string as an exact BigDecimal; 22003 for NaN and infinities. */
  private static BigDecimal toBigDecimal(Column c, Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    } else if (isSmallIntegral(value)) {
      return BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      return new BigDecimal(b);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw c.outOfRange(value);
      }
      // The shortest decimal that reads back as this number: 0.1 stays 0.1, not its binary value.
      return new BigDecimal(value.toString());
    } else if (value instanceof String s) {
      String t = s.trim();
      if (!SQL_NUMBER.matcher(t).matches()) {
        throw c.unparsable(s);
      }
      try {
        return new BigDecimal(t);
      } catch (NumberFormatException e) { // an exponent beyond int
        throw c.outOfRange(value);
      }
    }
    throw c.wrongType(value);
  }

  private static boolean isSmallIntegral(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof AtomicInteger || v instanceof AtomicLong;
  }

  /** The table and column a value is for, and the errors naming them. */
  private record Column(String table, ColumnDef col) {
    @Override
    public String toString() {
      return table + "." + col.name() + " " + col.typeSql();
    }

    SqlStateException error(String sqlState, int vendorCode, String message) {
      return new SqlStateException(sqlState, vendorCode, message);
    }

    SqlStateException wrongType(Object value) {
      return error("22018", VendorCodes.WRONG_TYPE, "cannot store " + show(value) + " of type "
          + value.getClass().getSimpleName() + " in column " + this);
    }

    SqlStateException unparsable(String s) {
      return error("22018", VendorCodes.WRONG_TYPE, show(s) + " is not a valid "
          + col.type().name() + " for column " + this);
    }

    SqlStateException notInteger(Object value) {
      return error("22018", VendorCodes.WRONG_TYPE, show(value)
          + " is not a whole number, so it cannot be stored in column " + this);
    }

    SqlStateException outOfRange(Object value) {
      return error("22003", VendorCodes.OUT_OF_RANGE, show(value)
          + " is out of range for column " + this);
    }

    SqlStateException datetimeOverflow(Object value) {
      return error("22008", VendorCodes.OUT_OF_RANGE, show(value)
          + " is out of range for column " + this);
    }

    private static String show(Object value) {
      String s = String.valueOf(value); // BigDecimal.toString: 1E+999999999 stays short
      if (s.length() > MAX_SHOWN_CHARS) {
        s = s.substring(0, MAX_SHOWN_CHARS) + "...";
      }
      return value instanceof String ? "'" + s + "'" : s;
    }
  }
}

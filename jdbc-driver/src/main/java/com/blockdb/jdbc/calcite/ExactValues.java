package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.codec.ValueNormalizer;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.schema.ColumnDef;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Converts a filter's literal or parameter into the exact value a key column stores, refusing
 * (null) whenever the conversion could lose or change anything, so push-down never narrows a scan
 * past a row Calcite's own comparison would accept.
 */
final class ExactValues {
  private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private ExactValues() {}

  static Object toKey(String table, ColumnDef c, Object v) {
    if (v == null) {
      return null;
    }
    try {
      switch (c.type()) {
        case VARCHAR:
          return v instanceof String s && (c.precision() == ColumnDef.UNBOUNDED || s.length() <= c.precision())
              ? s : null;
        case CHAR:
          return v instanceof String s && s.length() == c.precision() ? s : null;
        case INTEGER: {
          BigDecimal d = integral(v);
          return d == null || d.compareTo(INT_MIN) < 0 || d.compareTo(INT_MAX) > 0 ? null : d.intValueExact();
        }
        case BIGINT: {
          BigDecimal d = integral(v);
          return d == null || d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0 ? null : d.longValueExact();
        }
        case DECIMAL: {
          BigDecimal d = decimal(v);
          if (d == null) {
            return null;
          }
          BigDecimal scaled = d.setScale(c.scale()); // throws if rounding would be needed
          return scaled.precision() - scaled.scale() > c.precision() - c.scale() ? null : scaled;
        }
        case DOUBLE:
          if (!(v instanceof Number n)) {
            return null;
          }
          return ValueNormalizer.normalize(table, c, n.doubleValue());
        case BOOLEAN:
          return v instanceof Boolean ? v : null;
        default:
          if (v instanceof Number && !(v instanceof Integer || v instanceof Long)) {
            return null;
          }
          return ValueNormalizer.normalize(table, c, v);
      }
    } catch (SqlStateException | ArithmeticException e) {
      return null;
    }
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    return null; // a double compared with a DECIMAL column: Calcite's rules, not ours
  }

  private static BigDecimal integral(Object v) {
    BigDecimal d = decimal(v);
    if (d == null) {
      return null;
    }
    try {
      return new BigDecimal(d.toBigIntegerExact());
    } catch (ArithmeticException e) {
      return null;
    }
  }
}

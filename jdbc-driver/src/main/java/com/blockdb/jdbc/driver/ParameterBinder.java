package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.codec.ValueNormalizer;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Binds recorded parameter values to Calcite's prepared statement in the Java type each parameter
 * was planned with. Calcite would otherwise cast a value blindly (a String bound to an INTEGER
 * parameter fails with a ClassCastException; a long wraps around in an INTEGER), so values are
 * converted by BlockDB's own rules first, and a value that does not convert fails with 22018.
 * For an INSERT the value's range and length are left to the table, which checks them against
 * the exact column (22001 / 22003); for a query only the type is converted, never the value.
 */
final class ParameterBinder {
  private final int[] types;
  private final int[] scales;

  private ParameterBinder(int[] types, int[] scales) {
    this.types = types;
    this.scales = scales;
  }

  static ParameterBinder of(ParameterMetaData pmd) throws SQLException {
    int n = pmd.getParameterCount();
    int[] types = new int[n];
    int[] scales = new int[n];
    for (int i = 0; i < n; i++) {
      types[i] = pmd.getParameterType(i + 1);
      scales[i] = Math.max(0, pmd.getScale(i + 1));
    }
    return new ParameterBinder(types, scales);
  }

  /** Sets every value of {@code params} on {@code calcite}, except those marked in {@code skip}. */
  void bind(PreparedStatement calcite, Object[] params, boolean[] skip) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (!skip[i]) {
        bind(calcite, i, params[i]);
      }
    }
  }

  private void bind(PreparedStatement ps, int i, Object v) throws SQLException {
    int p = i + 1;
    if (v == null) {
      ps.setNull(p, types[i]);
      return;
    }
    ColumnType t = columnType(types[i]);
    if (t == null) {
      ps.setObject(p, v); // a type BlockDB columns never have: leave it to Calcite
      return;
    }
    Object internal;
    try {
      internal = ValueNormalizer.normalize("parameter", wide(p, t, v), v);
    } catch (RuntimeException e) {
      throw SqlErrors.map(e);
    }
    switch (t) {
      case VARCHAR:
      case CHAR:
        ps.setString(p, (String) internal);
        break;
      case BOOLEAN:
        ps.setBoolean(p, (Boolean) internal);
        break;
      case INTEGER: {
        long l = ((Number) internal).longValue();
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
          throw SqlErrors.create("22003", com.blockdb.jdbc.error.VendorCodes.OUT_OF_RANGE,
              l + " is out of range for parameter " + p + " (INTEGER)", null);
        }
        ps.setInt(p, (int) l);
        break;
      }
      case BIGINT:
        ps.setLong(p, (Long) internal);
        break;
      case DECIMAL:
        ps.setBigDecimal(p, (BigDecimal) internal);
        break;
      case DOUBLE:
        ps.setDouble(p, (Double) internal);
        break;
      case DATE:
        ps.setDate(p, Date.valueOf(LocalDate.ofEpochDay((Integer) internal)));
        break;
      case TIME: {
        // java.sql.Time.valueOf(LocalTime) drops milliseconds: build it from the local wall clock.
        long ms = (Integer) internal;
        ps.setTime(p, new Time(Timestamp.valueOf(LocalDate.ofEpochDay(0).atStartOfDay().plusNanos(ms * 1_000_000L))
            .getTime()));
        break;
      }
      case TIMESTAMP: {
        long ms = (Long) internal;
        LocalDateTime t2 = LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L),
            (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC);
        ps.setTimestamp(p, Timestamp.valueOf(t2));
        break;
      }
      case VARBINARY:
        ps.setBytes(p, ((ByteString) internal).getBytes());
        break;
      default:
        ps.setObject(p, v);
    }
  }

  /**
   * The type a value converts to, with no length and the widest precision: conversion only, the
   * value itself is never cut or rounded here (a DECIMAL keeps its own scale when it has more).
   */
  private ColumnDef wide(int p, ColumnType t, Object v) {
    String name = "?" + p;
    switch (t) {
      case VARCHAR:
      case CHAR:
        return new ColumnDef(name, ColumnType.VARCHAR, ColumnDef.UNBOUNDED, 0, true);
      case VARBINARY:
        return new ColumnDef(name, ColumnType.VARBINARY, ColumnDef.UNBOUNDED, 0, true);
      case INTEGER:
        return ColumnDef.of(name, ColumnType.BIGINT, true);
      case DECIMAL: {
        int scale = scales[p - 1];
        if (v instanceof BigDecimal d) {
          scale = Math.max(scale, d.scale());
        } else if (v instanceof String s) {
          try {
            scale = Math.max(scale, new BigDecimal(s.trim()).scale());
          } catch (NumberFormatException e) {
            // the normalizer reports it as 22018
          }
        }
        scale = Math.min(Math.max(scale, 0), ColumnDef.MAX_DECIMAL_PRECISION);
        return new ColumnDef(name, ColumnType.DECIMAL, ColumnDef.MAX_DECIMAL_PRECISION, scale, true);
      }
      default:
        return ColumnDef.of(name, t, true);
    }
  }

  private static ColumnType columnType(int jdbc) {
    switch (jdbc) {
      case Types.VARCHAR:
      case Types.CHAR:
        return ColumnType.VARCHAR;
      case Types.BOOLEAN:
        return ColumnType.BOOLEAN;
      case Types.INTEGER:
        return ColumnType.INTEGER;
      case Types.BIGINT:
        return ColumnType.BIGINT;
      case Types.DECIMAL:
      case Types.NUMERIC:
        return ColumnType.DECIMAL;
      case Types.DOUBLE:
        return ColumnType.DOUBLE;
      case Types.DATE:
        return ColumnType.DATE;
      case Types.TIME:
        return ColumnType.TIME;
      case Types.TIMESTAMP:
        return ColumnType.TIMESTAMP;
      case Types.VARBINARY:
      case Types.BINARY:
        return ColumnType.VARBINARY;
      default:
        return null;
    }
  }
}

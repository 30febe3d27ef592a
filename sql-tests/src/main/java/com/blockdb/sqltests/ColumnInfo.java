package com.blockdb.sqltests;

import java.sql.JDBCType;
import java.sql.ResultSetMetaData;

/** A result column's metadata as JDBC reported it. */
public record ColumnInfo(
    String label, int jdbcType, String driverTypeName, int precision, int scale, int nullable) {

  /** The {@link JDBCType} name of {@link #jdbcType}, or the number if it is not a standard type. */
  public String typeName() {
    try {
      return JDBCType.valueOf(jdbcType).getName();
    } catch (IllegalArgumentException e) {
      return "TYPE#" + jdbcType;
    }
  }

  /** Whether the column cannot hold NULL ({@link ResultSetMetaData#columnNoNulls}). */
  public boolean notNull() {
    return nullable == ResultSetMetaData.columnNoNulls;
  }

  /** Whether {@link #typeName()} carries a length or precision worth writing, e.g. VARCHAR(20). */
  public boolean sized() {
    return switch (typeName()) {
      case "CHAR", "VARCHAR", "BINARY", "VARBINARY", "DECIMAL", "NUMERIC" -> true;
      default -> false;
    };
  }

  /** The column as a {@code !columns} spec, e.g. {@code NAME VARCHAR(20) NOT NULL}. */
  public String spec() {
    StringBuilder sb = new StringBuilder(label).append(' ').append(typeName());
    if (sized()) {
      sb.append('(').append(precision);
      if (typeName().equals("DECIMAL") || typeName().equals("NUMERIC")) {
        sb.append(',').append(scale);
      }
      sb.append(')');
    }
    if (notNull()) {
      sb.append(" NOT NULL");
    }
    return sb.toString();
  }

  /** Every field, for reports comparing two runs. */
  public String full() {
    return label + " " + typeName() + " (" + driverTypeName + ") precision " + precision + " scale "
        + scale + " nullable " + nullable;
  }
}

package com.blockdb.jdbc.schema;

import java.util.Objects;

/**
 * One column of a table definition. Immutable.
 *
 * @param name the column name as stored (upper case unless it was quoted)
 * @param type its type
 * @param precision VARCHAR/CHAR/VARBINARY: the maximum length (CHAR: the fixed length), or
 *     {@link #UNBOUNDED}; DECIMAL: the number of digits (1..38); otherwise {@link #UNBOUNDED}
 * @param scale DECIMAL: digits after the point (0..precision); otherwise 0
 * @param nullable false for NOT NULL (primary key columns are always NOT NULL)
 */
public record ColumnDef(String name, ColumnType type, int precision, int scale, boolean nullable) {
  /** No declared length or precision. */
  public static final int UNBOUNDED = -1;
  /** The largest DECIMAL precision BlockDB accepts. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A column of a type that takes no length or precision. */
  public static ColumnDef of(String name, ColumnType type, boolean nullable) {
    return new ColumnDef(name, type, UNBOUNDED, 0, nullable);
  }

  /** The SQL type as written in DDL, e.g. {@code DECIMAL(10, 2)} or {@code VARCHAR(20)}. */
  public String typeSql() {
    switch (type) {
      case VARCHAR:
      case CHAR:
      case VARBINARY:
        return precision == UNBOUNDED ? type.name() : type.name() + "(" + precision + ")";
      case DECIMAL:
        return "DECIMAL(" + precision + ", " + scale + ")";
      default:
        return type.name();
    }
  }
}

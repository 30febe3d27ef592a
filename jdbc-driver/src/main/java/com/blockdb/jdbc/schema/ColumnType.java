package com.blockdb.jdbc.schema;

import java.sql.Types;

/**
 * The SQL column types of BlockDB tables. Ids are persistent (they are written in table definitions
 * in the ledger's catalog): never renumber or reuse one.
 *
 * <p>Values travel in Calcite's internal representation: VARCHAR and CHAR as {@link String},
 * BOOLEAN {@link Boolean}, INTEGER {@link Integer}, BIGINT {@link Long}, DECIMAL
 * {@link java.math.BigDecimal}, DOUBLE {@link Double}, DATE {@link Integer} days since 1970-01-01,
 * TIME {@link Integer} milliseconds of the day, TIMESTAMP {@link Long} milliseconds since the epoch
 * (no time zone), VARBINARY {@link org.apache.calcite.avatica.util.ByteString}.
 */
public enum ColumnType {
  VARCHAR(1, Types.VARCHAR),
  CHAR(2, Types.CHAR),
  BOOLEAN(3, Types.BOOLEAN),
  INTEGER(4, Types.INTEGER),
  BIGINT(5, Types.BIGINT),
  DECIMAL(6, Types.DECIMAL),
  DOUBLE(7, Types.DOUBLE),
  DATE(8, Types.DATE),
  TIME(9, Types.TIME),
  TIMESTAMP(10, Types.TIMESTAMP),
  VARBINARY(11, Types.VARBINARY);

  private final int id;
  private final int jdbcType;

  ColumnType(int id, int jdbcType) {
    this.id = id;
    this.jdbcType = jdbcType;
  }

  /** The persistent id written in table definitions. */
  public int id() {
    return id;
  }

  /** The {@link java.sql.Types} constant. */
  public int jdbcType() {
    return jdbcType;
  }

  public static ColumnType ofId(int id) {
    for (ColumnType t : values()) {
      if (t.id == id) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown column type id " + id);
  }
}

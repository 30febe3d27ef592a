package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.schema.ColumnDef;

/**
 * How a table's primary key maps onto engine key bytes, as far as push-down needs it. Encodings
 * are order-preserving per component, so a range of the leading key columns is a byte range.
 */
interface KeySpace {
  /** Number of primary key columns. */
  int keyColumnCount();

  /** The row position (in the table's row type) of key column {@code i}. */
  int keyColumnPosition(int i);

  ColumnDef keyColumn(int i);

  /**
   * {@code value} as key column {@code i} stores it, or null when it cannot be pushed down exactly
   * (wrong type, lossy conversion, a CHAR of another length, ...): the scan then stays wider.
   */
  Object exactKeyValue(int i, Object value);

  /** Whether a range bound on key column {@code i} at {@code value} is order-correct. */
  boolean rangeable(int i, Object value);

  /** The full key of {@code values} (one per key column). */
  byte[] encodeKey(Object[] values);

  /** The bytes every key whose first {@code values.length} components equal these starts with. */
  byte[] encodePrefix(Object[] values);

  /**
   * The bytes every key starts with whose first {@code leading.length} components equal
   * {@code leading} and whose next (VARCHAR) component starts with {@code prefix}; null if the
   * next component cannot be prefix-scanned.
   */
  byte[] encodeStringPrefix(Object[] leading, String prefix);
}

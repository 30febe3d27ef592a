package com.blockdb.jdbc.schema;

import java.util.List;
import java.util.Objects;

/**
 * A ledger table's definition, as stored in the catalog: its engine table id, name, columns and
 * primary key. Immutable.
 *
 * @param id the engine table id ({@code >= Tables.FIRST_USER_TABLE}), fixed for the table's life
 * @param name the table name as stored (upper case unless it was quoted)
 * @param columns the user columns in declaration order
 * @param primaryKey indexes into {@code columns} of the primary key columns, in key order
 */
public record TableDef(int id, String name, List<ColumnDef> columns, List<Integer> primaryKey) {

  public TableDef {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    if (primaryKey.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " has no primary key");
    }
  }

  /** The index of a column by exact name, or -1. */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether column {@code index} is part of the primary key. */
  public boolean isKeyColumn(int index) {
    return primaryKey.contains(index);
  }

  /** The primary key's columns, in key order. */
  public List<ColumnDef> keyColumns() {
    ColumnDef[] keys = new ColumnDef[primaryKey.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = columns.get(primaryKey.get(i));
    }
    return List.of(keys);
  }
}

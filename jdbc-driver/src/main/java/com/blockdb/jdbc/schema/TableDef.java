package com.blockdb.jdbc.schema;

import java.util.List;
import java.util.Objects;

/**
 * A ledger table's definition, as stored in the catalog: its engine table id, name, columns and
 * primary key. Immutable. (A class rather than a record so that it can keep the derived layouts
 * the row encoders need for every row: which columns form the key and which do not.)
 */
public final class TableDef {
  private final int id;
  private final String name;
  private final List<ColumnDef> columns;
  private final List<Integer> primaryKey;
  private final List<ColumnDef> keyColumns;
  private final int[] nonKeyIndexes;
  private final boolean[] isKey;

  /**
   * @param id the engine table id ({@code >= Tables.FIRST_USER_TABLE}), fixed for the table's life
   * @param name the table name as stored (upper case unless it was quoted)
   * @param columns the user columns in declaration order
   * @param primaryKey indexes into {@code columns} of the primary key columns, in key order
   */
  public TableDef(int id, String name, List<ColumnDef> columns, List<Integer> primaryKey) {
    this.id = id;
    this.name = Objects.requireNonNull(name, "name");
    this.columns = List.copyOf(columns);
    this.primaryKey = List.copyOf(primaryKey);
    if (this.primaryKey.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " has no primary key");
    }
    ColumnDef[] keys = new ColumnDef[this.primaryKey.size()];
    isKey = new boolean[this.columns.size()];
    for (int i = 0; i < keys.length; i++) {
      int c = this.primaryKey.get(i);
      keys[i] = this.columns.get(c);
      isKey[c] = true;
    }
    keyColumns = List.of(keys);
    nonKeyIndexes = new int[this.columns.size() - keys.length];
    for (int i = 0, k = 0; i < isKey.length; i++) {
      if (!isKey[i]) {
        nonKeyIndexes[k++] = i;
      }
    }
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public List<ColumnDef> columns() {
    return columns;
  }

  public List<Integer> primaryKey() {
    return primaryKey;
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
    return isKey[index];
  }

  /** The primary key's columns, in key order. */
  public List<ColumnDef> keyColumns() {
    return keyColumns;
  }

  /** Indexes of the columns outside the primary key, in column order (a shared array: do not change it). */
  public int[] nonKeyColumnIndexes() {
    return nonKeyIndexes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableDef t && t.id == id && t.name.equals(name) && t.columns.equals(columns)
        && t.primaryKey.equals(primaryKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, columns, primaryKey);
  }

  @Override
  public String toString() {
    return "TableDef[id=" + id + ", name=" + name + ", columns=" + columns + ", primaryKey=" + primaryKey + "]";
  }
}

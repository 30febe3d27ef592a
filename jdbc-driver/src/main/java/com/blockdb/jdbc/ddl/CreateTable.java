package com.blockdb.jdbc.ddl;

import com.blockdb.jdbc.schema.ColumnDef;
import java.util.List;
import java.util.Objects;

/**
 * A parsed CREATE TABLE statement: checked, with primary key columns already NOT NULL.
 *
 * @param ifNotExists whether IF NOT EXISTS was given
 * @param schema the schema name as stored, or null if the name was unqualified
 * @param table the table name as stored (upper case unless it was quoted)
 * @param columns the columns in declaration order
 * @param primaryKey the primary key's column names, in key order
 */
public record CreateTable(
    boolean ifNotExists, String schema, String table, List<ColumnDef> columns, List<String> primaryKey) {

  public CreateTable {
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  /** The indexes into {@link #columns()} of the primary key columns, in key order (as TableDef wants). */
  public List<Integer> primaryKeyIndexes() {
    return primaryKey.stream()
        .map(
            name -> {
              for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                  return i;
                }
              }
              throw new IllegalStateException("primary key column " + name + " is not a column");
            })
        .toList();
  }
}

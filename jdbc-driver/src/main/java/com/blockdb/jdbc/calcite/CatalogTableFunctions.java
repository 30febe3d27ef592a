package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.TableDef;
import com.blockdb.jdbc.store.Catalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * What the catalog knows that Calcite's metadata does not, as SQL: {@code TABLE(PRIMARY_KEYS())},
 * one row per primary key column of every table (KV's included). The remote driver answers
 * {@code DatabaseMetaData.getPrimaryKeys} with it, since Avatica's protocol carries no such request.
 */
public final class CatalogTableFunctions {
  static final TableFunction PRIMARY_KEYS = TableFunctionImpl.create(CatalogTableFunctions.class, "primaryKeys");

  private CatalogTableFunctions() {}

  /**
   * The primary key columns of every table, as rows of (TABLE_SCHEM, TABLE_NAME, COLUMN_NAME,
   * KEY_SEQ, PK_NAME): the columns of JDBC's getPrimaryKeys after TABLE_CAT, KEY_SEQ counting from
   * 1 in key order, PK_NAME {@code PK_<table>}; KV first, then tables by name.
   */
  public static List<Object[]> primaryKeyRows(Catalog catalog) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {BlockDbSchema.NAME, KvTable.NAME, "KEY", (short) 1, "PK_" + KvTable.NAME});
    for (TableDef def : catalog.tables().values()) {
      List<ColumnDef> keys = def.keyColumns();
      for (int i = 0; i < keys.size(); i++) {
        rows.add(new Object[] {BlockDbSchema.NAME, def.name(), keys.get(i).name(), (short) (i + 1), "PK_" + def.name()});
      }
    }
    return rows;
  }

  /** {@code TABLE(PRIMARY_KEYS())}. */
  public static ScannableTable primaryKeys() {
    return new PrimaryKeys();
  }

  /** The rows of {@link #primaryKeyRows}, read from the catalog of the connection that scans. */
  private static final class PrimaryKeys extends AbstractTable implements ScannableTable {
    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
      return tf.builder()
          .add("TABLE_SCHEM", SqlTypeName.VARCHAR)
          .add("TABLE_NAME", SqlTypeName.VARCHAR)
          .add("COLUMN_NAME", SqlTypeName.VARCHAR)
          .add("KEY_SEQ", SqlTypeName.SMALLINT)
          .add("PK_NAME", SqlTypeName.VARCHAR)
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(primaryKeyRows(BlockDbSchema.session(root).database().catalog()));
    }
  }
}

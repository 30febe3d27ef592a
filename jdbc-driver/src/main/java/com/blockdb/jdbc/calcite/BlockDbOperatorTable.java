package com.blockdb.jdbc.calcite;

import java.util.List;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** BlockDB's scalar SQL functions: VERIFY_CHAIN(), VERIFY_DIGEST(json), ROW_PROOF(table, key...). */
public final class BlockDbOperatorTable {
  /** Most primary key columns ROW_PROOF accepts. */
  static final int MAX_KEY_COLUMNS = 16;

  public static final List<SqlOperator> FUNCTIONS = List.of(
      ContextFunction.fixed("VERIFY_CHAIN", SqlTypeName.BOOLEAN, 0, LedgerFunctions.class, "verifyChain"),
      ContextFunction.fixed("VERIFY_DIGEST", SqlTypeName.BOOLEAN, 1, LedgerFunctions.class, "verifyDigest"),
      ContextFunction.varargs("ROW_PROOF", SqlTypeName.VARCHAR, 2, 1 + MAX_KEY_COLUMNS, LedgerFunctions.class,
          "rowProof"));

  private static final SqlOperatorTable TABLE = SqlOperatorTables.of(FUNCTIONS);

  private BlockDbOperatorTable() {}

  public static SqlOperatorTable instance() {
    return TABLE;
  }
}

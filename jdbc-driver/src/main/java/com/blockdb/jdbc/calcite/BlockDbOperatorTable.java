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

  private static final SqlOperatorTable UNQUALIFIED = SqlOperatorTables.of(FUNCTIONS);

  /** Finds the functions by their plain name or qualified with the schema, {@code BLOCKDB.VERIFY_CHAIN()}. */
  private static final SqlOperatorTable TABLE = new SqlOperatorTable() {
    @Override
    public void lookupOperatorOverloads(org.apache.calcite.sql.SqlIdentifier opName,
        org.apache.calcite.sql.SqlFunctionCategory category, org.apache.calcite.sql.SqlSyntax syntax,
        List<SqlOperator> operatorList, org.apache.calcite.sql.validate.SqlNameMatcher nameMatcher) {
      org.apache.calcite.sql.SqlIdentifier name = opName;
      if (opName.names.size() == 2 && nameMatcher.matches(opName.names.get(0), BlockDbSchema.NAME)) {
        name = new org.apache.calcite.sql.SqlIdentifier(opName.names.get(1), opName.getParserPosition());
      }
      UNQUALIFIED.lookupOperatorOverloads(name, category, syntax, operatorList, nameMatcher);
    }

    @Override
    public List<SqlOperator> getOperatorList() {
      return UNQUALIFIED.getOperatorList();
    }
  };

  private BlockDbOperatorTable() {}

  public static SqlOperatorTable instance() {
    return TABLE;
  }
}

package com.blockdb.jdbc.calcite;

import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * Marks the system columns as generated (STORED: read from the table like any column, never
 * written): an INSERT without a column list supplies only the user columns, and an INSERT that
 * names a system column is refused by the validator.
 */
final class SystemColumnStrategy extends NullInitializerExpressionFactory {
  private final int userColumns;

  SystemColumnStrategy(int userColumns) {
    this.userColumns = userColumns;
  }

  @Override
  public ColumnStrategy generationStrategy(RelOptTable table, int iColumn) {
    if (iColumn >= userColumns) {
      return ColumnStrategy.STORED;
    }
    return super.generationStrategy(table, iColumn);
  }

  @Override
  public RexNode newColumnDefaultValue(RelOptTable table, int iColumn, InitializerContext context) {
    if (iColumn >= userColumns) {
      // Never stored: the ledger fills these columns. A placeholder of the column's type keeps
      // Calcite's row types consistent; the table ignores it.
      RelDataType type = table.getRowType().getFieldList().get(iColumn).getType();
      return type.isNullable() ? context.getRexBuilder().makeNullLiteral(type)
          : context.getRexBuilder().makeZeroLiteral(type);
    }
    return super.newColumnDefaultValue(table, iColumn, context);
  }
}

package com.blockdb.jdbc.calcite;

import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * Marks the system columns as generated (VIRTUAL): an INSERT without a column list supplies only
 * the user columns, and an INSERT that names a system column is refused by the validator.
 */
final class SystemColumnStrategy extends NullInitializerExpressionFactory {
  private final int userColumns;

  SystemColumnStrategy(int userColumns) {
    this.userColumns = userColumns;
  }

  @Override
  public ColumnStrategy generationStrategy(RelOptTable table, int iColumn) {
    if (iColumn >= userColumns) {
      return ColumnStrategy.VIRTUAL;
    }
    return super.generationStrategy(table, iColumn);
  }

  @Override
  public RexNode newColumnDefaultValue(RelOptTable table, int iColumn, InitializerContext context) {
    if (iColumn >= userColumns) {
      RelDataType type = table.getRowType().getFieldList().get(iColumn).getType();
      return context.getRexBuilder().makeNullLiteral(type);
    }
    return super.newColumnDefaultValue(table, iColumn, context);
  }

  @Override
  public List<RexNode> newAttributeInitializer(RelDataType type,
      org.apache.calcite.sql.SqlFunction constructor, int iAttribute, List<RexNode> constructorArgs,
      InitializerContext context) {
    return super.newAttributeInitializer(type, constructor, iAttribute, constructorArgs, context);
  }
}

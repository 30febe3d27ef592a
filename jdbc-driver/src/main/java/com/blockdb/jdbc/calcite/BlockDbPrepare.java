package com.blockdb.jdbc.calcite;

import java.lang.reflect.Type;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

/**
 * Calcite's statement preparation with BlockDB's validator ({@link BlockDbSqlValidator}: system
 * columns hidden from {@code SELECT *}), BlockDB's scalar functions in the operator table, and
 * {@code CURRENT_USER} as the connection's user.
 */
public final class BlockDbPrepare extends CalcitePrepareImpl {

  /** Calcite's convertlets, with {@code CURRENT_USER} and the like as the connection's user. */
  @Override
  protected SqlRexConvertletTable createConvertletTable() {
    return SessionUserConvertlets.INSTANCE;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    return new CalcitePreparingStmt(this, context, catalogReader, context.getTypeFactory(), context.getRootSchema(),
        prefer, createCluster(planner, new RexBuilder(context.getTypeFactory())), EnumerableConvention.INSTANCE,
        createConvertletTable()) {
      @Override
      protected SqlValidator createSqlValidator(Prepare.CatalogReader reader,
          UnaryOperator<SqlValidator.Config> configTransform) {
        SqlOperatorTable opTab = SqlOperatorTables.chain(List.of(
            context.config().fun(SqlOperatorTable.class, SqlStdOperatorTable.instance()),
            BlockDbOperatorTable.instance(), reader));
        SqlValidator.Config config = configTransform.apply(SqlValidator.Config.DEFAULT
            .withLenientOperatorLookup(context.config().lenientOperatorLookup())
            .withConformance(context.config().conformance())
            .withDefaultNullCollation(context.config().defaultNullCollation())
            .withIdentifierExpansion(true));
        return new BlockDbSqlValidator(opTab, (CalciteCatalogReader) reader, context.getTypeFactory(), config);
      }
    };
  }
}

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

/**
 * Calcite's statement preparation with BlockDB's validator ({@link BlockDbSqlValidator}: system
 * columns hidden from {@code SELECT *}) and BlockDB's scalar functions in the operator table.
 */
public final class BlockDbPrepare extends CalcitePrepareImpl {

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
            .withIdentifierExpansion(true)
            // No implicit casts into INSERT targets: Calcite's cast would silently cut a too-long
            // string or round a number; BlockDB's own checks report 22001/22003 instead.
            .withTypeCoercionEnabled(false));
        return new BlockDbSqlValidator(opTab, (CalciteCatalogReader) reader, context.getTypeFactory(), config);
      }
    };
  }
}

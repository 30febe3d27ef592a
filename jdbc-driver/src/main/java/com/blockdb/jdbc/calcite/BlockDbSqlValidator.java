package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.store.SystemColumns;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * Calcite's validator, except that {@code SELECT *} (and {@code t.*}) leaves out the system
 * columns of BlockDB tables; they stay selectable by name. Star expansion is the only caller of
 * {@link #addToSelectList}, so explicit select items are never affected.
 */
final class BlockDbSqlValidator extends CalciteSqlValidator {

  BlockDbSqlValidator(SqlOperatorTable opTab, CalciteCatalogReader catalogReader, JavaTypeFactory typeFactory,
      Config config) {
    super(opTab, catalogReader, typeFactory, config);
  }

  @Override
  protected void addToSelectList(List<SqlNode> list, Set<String> aliases,
      List<Map.Entry<String, RelDataType>> fieldList, SqlNode exp, SelectScope scope, boolean includeSystemVars) {
    if (exp instanceof SqlIdentifier id && id.names.size() >= 2
        && SystemColumns.isSystemColumn(id.names.get(id.names.size() - 1))
        && isLedgerTable(scope, id)) {
      return;
    }
    super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
  }

  /**
   * The row an INSERT into a BlockDB table writes: without a column list, only the user columns
   * (the system columns are the ledger's). Each type is widened (INTEGER to BIGINT, DECIMAL(p, s)
   * to DECIMAL(38, s), VARCHAR(n) and CHAR(n) to VARCHAR, VARBINARY(n) to VARBINARY) so that
   * Calcite's conversion of the inserted values cannot cut, wrap or round them: the table checks
   * each value against its exact column type and reports 22001 / 22003 instead.
   */
  @Override
  protected RelDataType createTargetRowType(SqlValidatorTable table, SqlNodeList targetColumnList,
      boolean append, SqlIdentifier targetTableAlias) {
    RelDataType row = super.createTargetRowType(table, targetColumnList, append, targetTableAlias);
    LedgerTable ledger = table.unwrap(LedgerTable.class);
    if (ledger == null) {
      return row;
    }
    List<RelDataTypeField> fields = row.getFieldList();
    if (targetColumnList == null) {
      fields = fields.subList(0, ledger.userColumnCount());
    }
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (RelDataTypeField f : fields) {
      b.add(f.getName(), widen(f.getType()));
    }
    return b.build();
  }

  private RelDataType widen(RelDataType t) {
    RelDataType wide;
    switch (t.getSqlTypeName()) {
      case INTEGER:
        wide = typeFactory.createSqlType(SqlTypeName.BIGINT);
        break;
      case DECIMAL:
        wide = typeFactory.createSqlType(SqlTypeName.DECIMAL,
            typeFactory.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL), t.getScale());
        break;
      case CHAR:
      case VARCHAR:
        wide = typeFactory.createSqlType(SqlTypeName.VARCHAR);
        break;
      case VARBINARY:
        wide = typeFactory.createSqlType(SqlTypeName.VARBINARY);
        break;
      default:
        return t;
    }
    return typeFactory.createTypeWithNullability(wide, t.isNullable());
  }

  /** Whether {@code column} comes straight from a BlockDB table (not from a subquery). */
  private static boolean isLedgerTable(SelectScope scope, SqlIdentifier column) {
    SqlValidatorNamespace ns = scope.fullyQualify(column).namespace;
    SqlValidatorTable table = ns == null ? null : ns.getTable();
    return table != null && table.unwrap(LedgerTable.class) != null;
  }
}

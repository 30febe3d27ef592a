package com.blockdb.jdbc.calcite;

import com.blockdb.jdbc.store.SystemColumns;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
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

  /** Whether {@code column} comes straight from a BlockDB table (not from a subquery). */
  private static boolean isLedgerTable(SelectScope scope, SqlIdentifier column) {
    SqlValidatorNamespace ns = scope.fullyQualify(column).namespace;
    SqlValidatorTable table = ns == null ? null : ns.getTable();
    return table != null && table.unwrap(LedgerTable.class) != null;
  }
}

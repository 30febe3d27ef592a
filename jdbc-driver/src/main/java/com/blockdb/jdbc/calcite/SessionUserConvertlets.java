package com.blockdb.jdbc.calcite;

import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's convertlets, except that {@code CURRENT_USER}, {@code SESSION_USER} and {@code USER}
 * become the connection's user: the principal its writes record in {@code LEDGER_PRINCIPAL} (the
 * authenticated user on a server). Calcite itself answers "sa" for every connection.
 * {@code SYSTEM_USER} stays the operating system's user, as in Calcite.
 */
final class SessionUserConvertlets implements SqlRexConvertletTable {
  static final SessionUserConvertlets INSTANCE = new SessionUserConvertlets();

  private static final Set<SqlOperator> USER_FUNCTIONS = Set.of(SqlStdOperatorTable.CURRENT_USER,
      SqlStdOperatorTable.SESSION_USER, SqlStdOperatorTable.USER);

  /** The session's user, read when the statement runs (never folded into a cached plan). */
  private static final ContextFunction SESSION_PRINCIPAL = ContextFunction.fixed("BLOCKDB_SESSION_PRINCIPAL",
      SqlTypeName.VARCHAR, 0, LedgerFunctions.class, "sessionPrincipal");

  /** Typed as Calcite types the function it replaces (VARCHAR(2000) NOT NULL). */
  private static final SqlRexConvertlet TO_PRINCIPAL = (cx, call) -> cx.getRexBuilder().makeCall(
      call.getOperator().inferReturnType(cx.getTypeFactory(), List.of()), SESSION_PRINCIPAL, List.of());

  private SessionUserConvertlets() {}

  @Override
  public SqlRexConvertlet get(SqlCall call) {
    if (USER_FUNCTIONS.contains(call.getOperator())) {
      return TO_PRINCIPAL;
    }
    return StandardConvertletTable.INSTANCE.get(call);
  }
}

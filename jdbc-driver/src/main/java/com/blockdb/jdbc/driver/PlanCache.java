package com.blockdb.jdbc.driver;

import java.math.BigDecimal;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-connection cache of plans for SQL sent as plain text. Calcite plans every statement anew
 * (milliseconds), while tools, scripts and apps send the same shapes again and again with other
 * literals. The cache lifts the literals into parameters ({@link LiteralLifter}) and keeps one
 * BlockDB prepared statement per shape, so a cached point SELECT or one-row INSERT also takes the
 * prepared fast paths. A lifted plan is used only when every parameter's type takes its literal
 * without any conversion; otherwise the exact text gets a plan of its own.
 *
 * <p>Not thread-safe: used under the connection's statement lock.
 */
final class PlanCache {
  /** Plans kept per connection. */
  static final int CAPACITY = 256;

  private final BlockDbConnection connection;
  private final Map<String, Plan> plans = new LinkedHashMap<>(16, 0.75f, true);

  /** One cached plan; {@code null} statement marks a shape whose lifted form cannot be used. */
  private static final class Plan {
    final BlockDbPreparedStatement statement;
    final int[] types;
    boolean busy;

    Plan(BlockDbPreparedStatement statement, int[] types) {
      this.statement = statement;
      this.types = types;
    }
  }

  PlanCache(BlockDbConnection connection) {
    this.connection = connection;
  }

  /** Runs an INSERT given as text; returns its update count. Must run inside a statement. */
  long executeUpdate(Statement fallback, String sql) throws SQLException {
    if (!connection.session().fastPaths()) {
      return fallback.executeUpdate(sql);
    }
    Bound b = bind(sql);
    if (b == null) {
      return fallback.executeUpdate(sql);
    }
    return b.plan.statement.updateWithinStatement();
  }

  /** Runs a query given as text; the result set belongs to {@code owner}. */
  ResultSet executeQuery(BlockDbStatement owner, Statement fallback, String sql, int maxRows) throws SQLException {
    if (!connection.session().fastPaths() || maxRows != 0) {
      return new BlockDbResultSet(fallback.executeQuery(sql), owner, owner.control());
    }
    Bound b = bind(sql);
    if (b == null) {
      return new BlockDbResultSet(fallback.executeQuery(sql), owner, owner.control());
    }
    Plan plan = b.plan;
    ResultSet rs = plan.statement.queryWithinStatement();
    plan.busy = true;
    return new BlockDbResultSet(rs, owner, () -> plan.busy = false, owner.control());
  }

  private record Bound(Plan plan) {}

  /** A cached plan with this text's literals bound, or null to run the text through Calcite. */
  private Bound bind(String sql) throws SQLException {
    LiteralLifter.Lifted lifted = LiteralLifter.lift(sql);
    if (lifted != null && !lifted.literals().isEmpty()) {
      Plan plan = plan(lifted.text(), lifted.literals());
      if (plan != null && plan.statement != null && !plan.busy && bindLiterals(plan, lifted.literals())) {
        return new Bound(plan);
      }
    }
    Plan exact = plan(sql, List.of());
    return exact == null || exact.statement == null || exact.busy ? null : new Bound(exact);
  }

  private Plan plan(String text, List<LiteralLifter.Literal> literals) throws SQLException {
    Plan plan = plans.get(text);
    if (plan != null) {
      return plan;
    }
    BlockDbPreparedStatement ps;
    int[] types;
    try {
      ps = BlockDbPreparedStatement.prepare(connection, text);
      ParameterMetaData pmd = ps.getParameterMetaData();
      types = new int[pmd.getParameterCount()];
      for (int i = 0; i < types.length; i++) {
        types[i] = pmd.getParameterType(i + 1);
      }
    } catch (SQLException e) {
      if (literals.isEmpty()) {
        throw e; // the user's own text: its error is the answer
      }
      plan = new Plan(null, null); // the lifted shape does not plan: remember, use exact texts
      plans.put(text, plan);
      return plan;
    }
    if (types.length != literals.size()) {
      ps.close();
      ps = null;
    }
    plan = new Plan(ps, types);
    plans.put(text, plan);
    evict();
    return plan;
  }

  /** Binds each literal to its parameter when the parameter's type takes it unchanged. */
  private static boolean bindLiterals(Plan plan, List<LiteralLifter.Literal> literals) throws SQLException {
    BlockDbPreparedStatement ps = plan.statement;
    for (int i = 0; i < literals.size(); i++) {
      Object v = literals.get(i).value();
      int type = plan.types[i];
      if (v instanceof String s) {
        if (type != Types.VARCHAR && type != Types.CHAR) {
          return false;
        }
        ps.setString(i + 1, s);
        continue;
      }
      BigDecimal d = (BigDecimal) v;
      try {
        switch (type) {
          case Types.INTEGER:
            ps.setInt(i + 1, d.intValueExact());
            break;
          case Types.BIGINT:
            ps.setLong(i + 1, d.longValueExact());
            break;
          case Types.DECIMAL:
          case Types.NUMERIC:
            if (d.scale() > ps.getParameterMetaData().getScale(i + 1)) {
              return false; // the literal has more digits than the compared column: keep its meaning
            }
            ps.setBigDecimal(i + 1, d);
            break;
          case Types.DOUBLE:
            ps.setDouble(i + 1, d.doubleValue());
            break;
          default:
            return false;
        }
      } catch (ArithmeticException e) {
        return false;
      }
    }
    return true;
  }

  private void evict() throws SQLException {
    Iterator<Map.Entry<String, Plan>> it = plans.entrySet().iterator();
    while (plans.size() > CAPACITY && it.hasNext()) {
      Plan p = it.next().getValue();
      if (!p.busy) {
        if (p.statement != null) {
          p.statement.close();
        }
        it.remove();
      }
    }
  }

  /** Drops every plan (after the schema changed). */
  void clear() {
    for (Plan p : plans.values()) {
      if (!p.busy && p.statement != null) {
        try {
          p.statement.close();
        } catch (SQLException e) {
          // closing a cached plan cannot lose data; nothing to report
        }
      }
    }
    plans.clear();
  }
}

package com.blockdb.jdbc.driver;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-connection cache of Calcite plans for SQL sent as plain text: Calcite plans every statement
 * anew (milliseconds), while tools and scripts send the same shapes again and again. A plan is a
 * Calcite PreparedStatement keyed by the exact text; one in use by an open result set is not
 * shared (a second execution would close that result set), a fresh one is prepared instead.
 *
 * <p>Not thread-safe: used under the connection's statement lock.
 */
final class PlanCache {
  /** Plans kept per connection. */
  static final int CAPACITY = 256;

  private final BlockDbConnection connection;
  private final Map<String, Plan> plans = new LinkedHashMap<>(16, 0.75f, true);

  /** One cached plan and whether a result set of it is still open. */
  private static final class Plan {
    final PreparedStatement statement;
    boolean busy;

    Plan(PreparedStatement statement) {
      this.statement = statement;
    }
  }

  PlanCache(BlockDbConnection connection) {
    this.connection = connection;
  }

  /** Runs an INSERT given as text; returns its update count. */
  long executeUpdate(Statement fallback, String sql) throws SQLException {
    if (!connection.session().fastPaths()) {
      return fallback.executeUpdate(sql);
    }
    Plan plan = plan(sql);
    if (plan == null || plan.busy) {
      return fallback.executeUpdate(sql);
    }
    return plan.statement.executeUpdate();
  }

  /** Runs a query given as text; the result set belongs to {@code owner}. */
  ResultSet executeQuery(BlockDbStatement owner, Statement fallback, String sql, int maxRows) throws SQLException {
    if (!connection.session().fastPaths()) {
      return wrap(owner, fallback.executeQuery(sql), null);
    }
    Plan plan = plan(sql);
    if (plan == null || plan.busy) {
      return wrap(owner, fallback.executeQuery(sql), null);
    }
    plan.statement.setMaxRows(maxRows);
    ResultSet rs = plan.statement.executeQuery();
    plan.busy = true;
    return wrap(owner, rs, () -> plan.busy = false);
  }

  private static ResultSet wrap(BlockDbStatement owner, ResultSet rs, Runnable onClose) {
    return new BlockDbResultSet(rs, owner, onClose);
  }

  private Plan plan(String sql) throws SQLException {
    Plan plan = plans.get(sql);
    if (plan == null) {
      plan = new Plan(connection.calcite().prepareStatement(sql));
      plans.put(sql, plan);
      evict();
    }
    return plan;
  }

  private void evict() throws SQLException {
    Iterator<Map.Entry<String, Plan>> it = plans.entrySet().iterator();
    while (plans.size() > CAPACITY && it.hasNext()) {
      Plan p = it.next().getValue();
      if (!p.busy) {
        p.statement.close();
        it.remove();
      }
    }
  }

  /** Drops every plan (after the schema changed). */
  void clear() {
    for (Plan p : plans.values()) {
      if (!p.busy) {
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

package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.ServerSupport;
import com.blockdb.jdbc.ddl.StatementClassifier;
import com.blockdb.jdbc.ddl.StatementKind;
import com.blockdb.jdbc.error.VendorCodes;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * BlockDB's {@link Statement}: screens each SQL text by its leading keyword (refusing UPDATE,
 * DELETE and the like before anything runs), runs CREATE TABLE itself, sends INSERT and queries
 * through the plan cache to Calcite, and commits each statement's rows atomically.
 */
class BlockDbStatement extends ForwardingStatement implements ServerSupport.QueryTimeouts {
  protected final BlockDbConnection connection;
  private final Statement calcite;
  private final StatementControl control;
  private ResultSet current;
  private long updateCount = -1;
  private final List<String> batch = new ArrayList<>();
  private boolean closed;
  private int maxRows;

  BlockDbStatement(BlockDbConnection connection, Statement calcite) {
    super(calcite);
    this.connection = connection;
    this.calcite = calcite;
    this.control = new StatementControl(connection.defaultQueryTimeout());
  }

  /** This statement's query timeout and cancellation. */
  StatementControl control() {
    return control;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return SqlErrors.map(e);
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw SqlErrors.create("HY010", VendorCodes.CLOSED, "the statement is closed", null);
    }
    connection.checkOpen();
  }

  private void clearResults() throws SQLException {
    if (current != null) {
      current.close();
      current = null;
    }
    updateCount = -1;
  }

  /** Classifies {@code sql}, refusing what BlockDB does not run, with 0A000 before anything runs. */
  static StatementKind screen(String sql) throws SQLException {
    if (sql == null) {
      throw SqlErrors.create("42000", VendorCodes.SYNTAX_ERROR, "SQL statement is null", null);
    }
    try {
      StatementClassifier.checkAllowed(sql);
      return StatementClassifier.classify(sql);
    } catch (RuntimeException e) {
      throw SqlErrors.map(e);
    }
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    checkOpen();
    clearResults();
    StatementKind kind = screen(sql);
    String text = StatementClassifier.stripTrailingSemicolon(sql);
    switch (kind) {
      case CREATE_TABLE:
        connection.checkWritable(kind);
        updateCount = connection.createTable(text);
        return false;
      case TRANSACTION_CONTROL:
        connection.transactionControl(text);
        updateCount = 0;
        return false;
      case INSERT:
        connection.checkWritable(kind);
        control.begin();
        try {
          updateCount = connection.runStatement(control, () -> connection.planCache().executeUpdate(calcite, text));
        } finally {
          control.end();
        }
        return false;
      default:
        control.begin();
        try {
          current = connection.runStatement(control,
              () -> connection.planCache().executeQuery(this, calcite, text, maxRows));
        } catch (SQLException | RuntimeException e) {
          control.end();
          throw e;
        }
        return true;
    }
  }

  // ---- query timeout and cancel: BlockDB's own (see StatementControl), not Calcite's ----

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    control.setTimeoutSeconds(seconds);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return control.timeoutSeconds();
  }

  /** Stops the running execution at its next row with SQLState 57014; callable from any thread. */
  @Override
  public void cancel() throws SQLException {
    checkOpen();
    control.cancel();
  }

  @Override
  public void restartQueryTimeout() {
    control.restart();
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    checkOpen();
    StatementKind kind = screen(sql);
    if (kind == StatementKind.INSERT || kind == StatementKind.CREATE_TABLE || kind == StatementKind.TRANSACTION_CONTROL) {
      throw SqlErrors.create("07000", VendorCodes.INVALID_STATEMENT,
          "executeQuery() needs a query; run " + kind + " with executeUpdate() or execute()", null);
    }
    execute(sql);
    return current;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) executeLargeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    checkOpen();
    StatementKind kind = screen(sql);
    if (kind != StatementKind.INSERT && kind != StatementKind.CREATE_TABLE && kind != StatementKind.TRANSACTION_CONTROL) {
      throw SqlErrors.create("07000", VendorCodes.INVALID_STATEMENT,
          "executeUpdate() cannot run a query; use executeQuery() or execute()", null);
    }
    execute(sql);
    return updateCount;
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return execute(sql);
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return current;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return (int) updateCount;
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return updateCount;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    checkOpen();
    clearResults();
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return getMoreResults();
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw SqlErrors.create("22023", VendorCodes.INVALID_ARGUMENT, "maxRows must not be negative", null);
    }
    maxRows = max;
    calcite.setMaxRows(max);
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  // ---- batches: all statements of a batch commit as one atomic engine batch ----

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    StatementKind kind = screen(sql);
    if (kind != StatementKind.INSERT) {
      throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, "a statement batch may hold only INSERT statements", null);
    }
    batch.add(StatementClassifier.stripTrailingSemicolon(sql));
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    checkOpen();
    clearResults();
    List<String> sqls = new ArrayList<>(batch);
    batch.clear();
    int[] counts = new int[sqls.size()];
    int[] done = {0};
    control.begin();
    try {
      if (!sqls.isEmpty()) {
        connection.checkWritable(StatementKind.INSERT);
      }
      connection.runStatement(control, () -> {
        for (String sql : sqls) {
          control.checkCanceled();
          counts[done[0]] = (int) connection.planCache().executeUpdate(calcite, sql);
          done[0]++;
        }
        return null;
      });
    } catch (SQLException e) {
      // Atomic: nothing of the batch was written, so every command reports EXECUTE_FAILED.
      int[] failed = new int[sqls.size()];
      java.util.Arrays.fill(failed, Statement.EXECUTE_FAILED);
      throw SqlErrors.batch(e, failed);
    } finally {
      control.end();
    }
    return counts;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    int[] c = executeBatch();
    long[] l = new long[c.length];
    for (int i = 0; i < c.length; i++) {
      l[i] = c[i];
    }
    return l;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  @Override
  public void close() throws SQLException {
    if (!closed) {
      closed = true;
      control.end();
      clearResults();
      calcite.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw SqlErrors.create("HY000", VendorCodes.INVALID_ARGUMENT, "not a wrapper for " + iface.getName(), null);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}

package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.calcite.BlockDbSchema;
import com.blockdb.jdbc.calcite.LedgerTable;
import com.blockdb.jdbc.ddl.StatementClassifier;
import com.blockdb.jdbc.ddl.StatementKind;
import com.blockdb.jdbc.error.VendorCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * BlockDB's {@link PreparedStatement}: Calcite plans the statement once; BlockDB records the
 * parameters so that two shapes skip Calcite when they run (fast paths, off with
 * {@code fastpath=false}): a point SELECT by the full primary key becomes one engine get, and a
 * one-row INSERT of parameters (executeUpdate or a whole executeBatch) is bound straight into one
 * atomic engine batch. Results, column metadata, update counts and SQLStates are the same either way.
 */
final class BlockDbPreparedStatement extends ForwardingPreparedStatement
    implements com.blockdb.jdbc.ServerSupport.QueryTimeouts {
  private final BlockDbConnection connection;
  private final StatementControl control;
  private final String sql;
  private final StatementKind kind;
  private final PreparedStatement calcite;
  private final Object[] params;
  private final boolean[] bound;
  private boolean opaque; // a parameter was set in a form the fast paths cannot replay
  private final boolean[] opaqueParam; // ... and which: those were set on Calcite's statement directly
  private final List<Object[]> batch = new ArrayList<>();
  private final PointPlan pointPlan;
  private final InsertPlan insertPlan;
  private final ParameterBinder binder;
  private ResultSet current;
  private long updateCount = -1;
  private boolean closed;

  private BlockDbPreparedStatement(BlockDbConnection connection, String sql, StatementKind kind,
      PreparedStatement calcite, int parameterCount, PointPlan pointPlan, InsertPlan insertPlan)
      throws SQLException {
    super(calcite);
    this.connection = connection;
    this.sql = sql;
    this.kind = kind;
    this.calcite = calcite;
    this.params = new Object[parameterCount];
    this.bound = new boolean[parameterCount];
    this.opaqueParam = new boolean[parameterCount];
    this.pointPlan = pointPlan;
    this.insertPlan = insertPlan;
    this.binder = parameterCount == 0 ? null : ParameterBinder.of(calcite.getParameterMetaData());
    this.control = new StatementControl(connection.defaultQueryTimeout());
  }

  static BlockDbPreparedStatement prepare(BlockDbConnection connection, String sql) throws SQLException {
    StatementKind kind = BlockDbStatement.screen(sql);
    String text = StatementClassifier.stripTrailingSemicolon(sql);
    PreparedStatement calcite;
    try {
      // DDL and COMMIT/ROLLBACK take no parameters and are run by BlockDB; a trivial plan stands in.
      boolean own = kind == StatementKind.CREATE_TABLE || kind == StatementKind.TRANSACTION_CONTROL;
      calcite = connection.calcite().prepareStatement(own ? "VALUES 0" : text);
    } catch (SQLException | RuntimeException | AssertionError e) {
      SQLException mapped = SqlErrors.map(e);
      // Planning runs before any read barrier: on a cluster node, a table just created through
      // another node may not be applied here yet. Catch up with the cluster and plan once more.
      if (!"42S02".equals(mapped.getSQLState()) || !connection.database().catchUpCatalog()) {
        throw mapped;
      }
      try {
        calcite = connection.calcite().prepareStatement(text);
      } catch (SQLException | RuntimeException | AssertionError again) {
        throw SqlErrors.map(again);
      }
    }
    int count = kind == StatementKind.CREATE_TABLE || kind == StatementKind.TRANSACTION_CONTROL ? 0
        : calcite.getParameterMetaData().getParameterCount();
    PointPlan point = null;
    InsertPlan insert = null;
    if (connection.session().fastPaths()) {
      if (kind == StatementKind.QUERY) {
        point = PointPlan.of(connection, text, calcite, count);
      } else if (kind == StatementKind.INSERT) {
        insert = InsertPlan.of(connection, text, count);
      }
    }
    return new BlockDbPreparedStatement(connection, text, kind, calcite, count, point, insert);
  }

  @Override
  protected SQLException translate(Throwable e) {
    return SqlErrors.map(e);
  }

  private void checkOpen() throws SQLException {
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

  // ---- execution ----

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    if (kind != StatementKind.QUERY && kind != StatementKind.OTHER) {
      throw SqlErrors.create("07000", VendorCodes.INVALID_STATEMENT,
          "executeQuery() needs a query; run " + kind + " with executeUpdate() or execute()", null);
    }
    execute();
    return current;
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) executeLargeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    checkOpen();
    if (kind == StatementKind.QUERY) {
      throw SqlErrors.create("07000", VendorCodes.INVALID_STATEMENT,
          "executeUpdate() cannot run a query; use executeQuery() or execute()", null);
    }
    execute();
    return updateCount;
  }

  @Override
  public boolean execute() throws SQLException {
    checkOpen();
    clearResults();
    checkAllBound();
    switch (kind) {
      case CREATE_TABLE:
        updateCount = connection.createTable(sql);
        return false;
      case TRANSACTION_CONTROL:
        connection.transactionControl(sql);
        updateCount = 0;
        return false;
      case INSERT:
        connection.checkWritable(kind);
        control.begin();
        try {
          if (insertPlan != null && !opaque) {
            Object[] row = params.clone();
            updateCount = connection.runStatement(control, () -> {
              insertPlan.stage(connection, row);
              return 1L;
            });
          } else {
            updateCount = connection.runStatement(control, () -> {
              bindForCalcite(params);
              return (long) calcite.executeUpdate();
            });
          }
        } finally {
          control.end();
        }
        return false;
      default:
        if (pointPlan != null && !opaque) {
          // One engine get: nothing to time out or cancel.
          ResultSet rs = pointPlan.execute(connection, this, params);
          if (rs != null) {
            current = rs;
            return true;
          }
        }
        control.begin();
        try {
          current = connection.runStatement(control, () -> {
            bindForCalcite(params);
            return new BlockDbResultSet(calcite.executeQuery(), this, control);
          });
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

  private void checkAllBound() throws SQLException {
    for (int i = 0; i < bound.length; i++) {
      if (!bound[i]) {
        throw SqlErrors.create("07001", VendorCodes.INVALID_ARGUMENT,
            "parameter " + (i + 1) + " of " + bound.length + " is not set", null);
      }
    }
  }

  /** Runs this INSERT inside the connection's current statement (the plan cache's caller commits). */
  long updateWithinStatement() throws SQLException {
    if (insertPlan != null && !opaque) {
      insertPlan.stage(connection, params.clone());
      return 1;
    }
    bindForCalcite(params);
    return calcite.executeUpdate();
  }

  /** Runs this query inside the connection's current statement (for the plan cache). */
  ResultSet queryWithinStatement() throws SQLException {
    if (pointPlan != null && !opaque) {
      ResultSet rs = pointPlan.execute(connection, this, params);
      if (rs != null) {
        return rs;
      }
    }
    bindForCalcite(params);
    return calcite.executeQuery();
  }

  /**
   * Binds the recorded parameters to Calcite's statement by BlockDB's conversion rules (setters
   * only record: most executions take a fast path and never need Calcite's copy). Values set with a
   * calendar or a target type were passed to Calcite as they came and are left alone.
   */
  private void bindForCalcite(Object[] values) throws SQLException {
    if (binder != null) {
      binder.bind(calcite, values, opaqueParam);
    }
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    throw notOnPrepared();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    throw notOnPrepared();
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    throw notOnPrepared();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw notOnPrepared();
  }

  private static SQLException notOnPrepared() {
    return SqlErrors.create("HY000", VendorCodes.INVALID_STATEMENT,
        "a PreparedStatement runs its own SQL: call execute(), executeQuery() or executeUpdate() without SQL", null);
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

  // ---- batches: one atomic engine batch ----

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    if (kind != StatementKind.INSERT) {
      throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, "only INSERT statements can be batched", null);
    }
    checkAllBound();
    batch.add(params.clone());
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
    List<Object[]> rows = new ArrayList<>(batch);
    batch.clear();
    int[] counts = new int[rows.size()];
    control.begin();
    try {
      if (!rows.isEmpty()) {
        connection.checkWritable(StatementKind.INSERT);
      }
      connection.runStatement(control, () -> {
        if (insertPlan != null && !opaque) {
          if (!insertPlan.stageInParallel(rows)) {
            for (Object[] row : rows) {
              control.checkCanceled();
              insertPlan.stage(connection, row);
            }
          }
          Arrays.fill(counts, 1);
        } else {
          for (int r = 0; r < rows.size(); r++) {
            control.checkCanceled();
            Object[] row = rows.get(r);
            if (binder != null) {
              binder.bind(calcite, row, opaqueParam);
            }
            for (int i = 0; i < row.length; i++) {
              if (opaqueParam[i]) {
                calcite.setObject(i + 1, row[i]); // per row; its calendar or target type applied once only
              }
            }
            counts[r] = calcite.executeUpdate();
          }
        }
        return null;
      });
    } catch (SQLException e) {
      int[] failed = new int[rows.size()];
      Arrays.fill(failed, Statement.EXECUTE_FAILED); // atomic: none of the rows was written
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

  // ---- parameters: recorded for the fast paths and batches, and passed on to Calcite ----

  private void record(int index, Object value) throws SQLException {
    checkOpen();
    if (index < 1 || index > params.length) {
      throw SqlErrors.create("07009", VendorCodes.INVALID_ARGUMENT,
          "parameter index " + index + " out of range 1.." + params.length, null);
    }
    params[index - 1] = value;
    bound[index - 1] = true;
    if (opaqueParam[index - 1]) {
      opaqueParam[index - 1] = false;
      opaque = anyOpaque();
    }
  }

  /** Records a value set with a calendar or target type: only Calcite may convert it. */
  private void recordOpaque(int index, Object value) throws SQLException {
    record(index, value);
    opaqueParam[index - 1] = true;
    opaque = true;
  }

  private boolean anyOpaque() {
    for (boolean b : opaqueParam) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(params, null);
    Arrays.fill(bound, false);
    Arrays.fill(opaqueParam, false);
    opaque = false;
    calcite.clearParameters();
  }

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    record(i, null);
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    record(i, null);
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    record(i, (int) x);
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    record(i, (int) x);
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    record(i, (double) x);
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    setString(i, x);
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    record(i, x == null ? null : x.clone());
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    record(i, x);
  }

  @Override
  public void setDate(int i, Date x, Calendar cal) throws SQLException {
    recordOpaque(i, x);
    calcite.setDate(i, x, cal);
  }

  @Override
  public void setTime(int i, Time x, Calendar cal) throws SQLException {
    recordOpaque(i, x);
    calcite.setTime(i, x, cal);
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
    recordOpaque(i, x);
    calcite.setTimestamp(i, x, cal);
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    if (x == null || x instanceof String || x instanceof Number || x instanceof Boolean || x instanceof byte[]
        || x instanceof java.util.Date) {
      record(i, x);
    } else {
      recordOpaque(i, x);
      calcite.setObject(i, x);
    }
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    recordOpaque(i, x);
    calcite.setObject(i, x, targetSqlType);
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException {
    recordOpaque(i, x);
    calcite.setObject(i, x, targetSqlType, scale);
  }

  @Override
  public void setCharacterStream(int i, Reader reader, int length) throws SQLException {
    setString(i, reader == null ? null : readAll(reader));
  }

  @Override
  public void setCharacterStream(int i, Reader reader, long length) throws SQLException {
    setString(i, reader == null ? null : readAll(reader));
  }

  @Override
  public void setCharacterStream(int i, Reader reader) throws SQLException {
    setString(i, reader == null ? null : readAll(reader));
  }

  @Override
  public void setBinaryStream(int i, InputStream in, int length) throws SQLException {
    setBytes(i, in == null ? null : readAll(in));
  }

  @Override
  public void setBinaryStream(int i, InputStream in, long length) throws SQLException {
    setBytes(i, in == null ? null : readAll(in));
  }

  @Override
  public void setBinaryStream(int i, InputStream in) throws SQLException {
    setBytes(i, in == null ? null : readAll(in));
  }

  private static String readAll(Reader r) throws SQLException {
    try {
      StringBuilder b = new StringBuilder();
      char[] buf = new char[8192];
      for (int n; (n = r.read(buf)) > 0; ) {
        b.append(buf, 0, n);
      }
      return b.toString();
    } catch (IOException e) {
      throw SqlErrors.create("22000", VendorCodes.INVALID_ARGUMENT, "reading the parameter failed: " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(InputStream in) throws SQLException {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw SqlErrors.create("22000", VendorCodes.INVALID_ARGUMENT, "reading the parameter failed: " + e.getMessage(), e);
    }
  }

  // ---- lifecycle ----

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return kind == StatementKind.QUERY || kind == StatementKind.OTHER ? calcite.getMetaData() : null;
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

  // ---- the fast paths ----

  /** A point SELECT by the full primary key, answered by one engine get. */
  private record PointPlan(LedgerTable table, int[] keyParam, int[] projection, List<ColumnMetaData> columns,
      ResultSetMetaData metaData, Calendar calendar) {

    static PointPlan of(BlockDbConnection connection, String sql, PreparedStatement calcite, int paramCount)
        throws SQLException {
      SimpleSql.PointSelect ps = SimpleSql.pointSelect(sql);
      if (ps == null || (ps.schema() != null && !ps.schema().equals(BlockDbSchema.NAME))) {
        return null;
      }
      LedgerTable table = BlockDbSchema.table(connection.calcite(), ps.table());
      if (table == null || ps.whereColumns().size() != table.keyColumnCount()
          || paramCount != ps.whereColumns().size()) {
        return null;
      }
      int[] keyParam = new int[table.keyColumnCount()];
      Arrays.fill(keyParam, -1);
      for (int p = 0; p < ps.whereColumns().size(); p++) {
        int k = table.keyIndexOf(ps.whereColumns().get(p));
        if (k < 0 || keyParam[k] >= 0) {
          return null;
        }
        keyParam[k] = p;
      }
      int[] projection;
      if (ps.columns().isEmpty()) {
        projection = new int[table.userColumnCount()];
        for (int i = 0; i < projection.length; i++) {
          projection[i] = i;
        }
      } else {
        projection = new int[ps.columns().size()];
        for (int i = 0; i < projection.length; i++) {
          projection[i] = table.columnPosition(ps.columns().get(i));
          if (projection[i] < 0) {
            return null;
          }
        }
      }
      List<ColumnMetaData> columns = signatureColumns(calcite);
      if (columns == null || columns.size() != projection.length) {
        return null;
      }
      Calendar calendar = Calendar.getInstance(
          ((org.apache.calcite.avatica.AvaticaConnection) connection.calcite()).getTimeZone(), Locale.ROOT);
      return new PointPlan(table, keyParam, projection, columns, calcite.getMetaData(), calendar);
    }

    /** The rows of the key in {@code params}, or null to let Calcite run it (a value not exactly a key). */
    ResultSet execute(BlockDbConnection connection, Statement owner, Object[] params) throws SQLException {
      Object[] key = new Object[keyParam.length];
      for (int k = 0; k < key.length; k++) {
        key[k] = params[keyParam[k]];
      }
      byte[] encoded = table.exactKey(key);
      if (encoded == null) {
        return null;
      }
      Iterator<Object[]> rows;
      try {
        long snapshot;
        synchronized (connection) {
          snapshot = connection.session().querySnapshot();
        }
        rows = table.pointRows(encoded, projection, snapshot).iterator();
      } catch (RuntimeException e) {
        throw SqlErrors.map(e);
      }
      return new FastResultSet(owner, columns, metaData, calendar, rows);
    }
  }

  private static final Method GET_SIGNATURE;

  static {
    Method m;
    try {
      // Avatica keeps a statement's column metadata (with each column's internal representation)
      // behind a protected getter; the fast path needs exactly those columns for its accessors.
      m = AvaticaStatement.class.getDeclaredMethod("getSignature");
      m.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      m = null;
    }
    GET_SIGNATURE = m;
  }

  private static List<ColumnMetaData> signatureColumns(PreparedStatement calcite) {
    if (GET_SIGNATURE == null || !(calcite instanceof AvaticaStatement)) {
      return null;
    }
    try {
      Meta.Signature sig = (Meta.Signature) GET_SIGNATURE.invoke(calcite);
      return sig == null ? null : sig.columns;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** A one-row INSERT of parameters, bound straight into the statement's engine batch. */
  private record InsertPlan(LedgerTable table, int[] columnOfParam) {

    /** Batches from this size encode their rows on two threads. */
    static final int PARALLEL_ENCODE_ROWS = 256;

    static InsertPlan of(BlockDbConnection connection, String sql, int paramCount) {
      SimpleSql.ParamInsert pi = SimpleSql.paramInsert(sql);
      if (pi == null || (pi.schema() != null && !pi.schema().equals(BlockDbSchema.NAME))) {
        return null;
      }
      LedgerTable table = BlockDbSchema.table(connection.calcite(), pi.table());
      if (table == null || pi.parameters() != paramCount) {
        return null;
      }
      int[] columnOfParam = new int[paramCount];
      if (pi.columns().isEmpty()) {
        if (paramCount != table.userColumnCount()) {
          return null; // Calcite reports the mismatch
        }
        for (int i = 0; i < paramCount; i++) {
          columnOfParam[i] = i;
        }
      } else {
        boolean[] seen = new boolean[table.userColumnCount()];
        for (int i = 0; i < paramCount; i++) {
          int p = table.columnPosition(pi.columns().get(i));
          if (p < 0 || p >= table.userColumnCount() || seen[p]) {
            return null; // unknown, system or repeated column: Calcite reports it
          }
          seen[p] = true;
          columnOfParam[i] = p;
        }
      }
      return new InsertPlan(table, columnOfParam);
    }

    void stage(BlockDbConnection connection, Object[] params) {
      table.stageRow(userRow(params));
    }

    private Object[] userRow(Object[] params) {
      Object[] row = new Object[table.userColumnCount()];
      for (int i = 0; i < params.length; i++) {
        row[columnOfParam[i]] = params[i];
      }
      return row;
    }

    /**
     * For a large batch: encodes its rows on two threads (this one and the common pool; encoding
     * is most of an executeBatch's own CPU, and the commit thread is idle meanwhile), then stages
     * them in order. False, having staged nothing, for a small batch, on a one-core machine, or
     * when some row does not encode: the caller then stages row by row, which reports the first
     * bad row as a sequential run would.
     */
    boolean stageInParallel(List<Object[]> params) {
      int n = params.size();
      if (n < PARALLEL_ENCODE_ROWS || ForkJoinPool.getCommonPoolParallelism() < 1) {
        return false;
      }
      byte[][][] encoded = new byte[n][][];
      int half = n / 2;
      ForkJoinTask<Boolean> second = ForkJoinPool.commonPool().submit(() -> encodeRange(params, half, n, encoded));
      boolean ok = encodeRange(params, 0, half, encoded);
      ok &= second.join();
      if (!ok) {
        return false;
      }
      table.stageEncoded(encoded);
      return true;
    }

    private boolean encodeRange(List<Object[]> params, int from, int to, byte[][][] out) {
      try {
        for (int i = from; i < to; i++) {
          out[i] = table.encodeUserRow(userRow(params.get(i)));
        }
        return true;
      } catch (RuntimeException badRow) {
        return false; // staged again row by row, which throws it in order
      }
    }
  }
}

package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.calcite.BlockDbSchema;
import com.blockdb.jdbc.calcite.CalciteBridge;
import com.blockdb.jdbc.ddl.CreateTable;
import com.blockdb.jdbc.ddl.CreateTableParser;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import com.blockdb.jdbc.store.Session;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * A connection to a BlockDB database: BlockDB's own {@link Connection} around the Calcite
 * connection that plans its queries. It owns what Calcite's cannot do: statement atomicity (each
 * statement's rows commit as one engine batch), SQLStates, the keyword screen, CREATE TABLE, the
 * fast paths and the plan cache, and DatabaseMetaData answers.
 *
 * <p>Thread-safety: statements of one connection run one at a time (they synchronize on it).
 */
public final class BlockDbConnection extends ForwardingConnection {
  private final Database database;
  private final Session session;
  private final CalciteConnection calcite;
  private final PlanCache planCache;
  private final int queryTimeoutSeconds;
  private volatile boolean closed;
  private volatile boolean readOnlyLocked;
  private int isolation = Connection.TRANSACTION_REPEATABLE_READ;

  private BlockDbConnection(Database database, Session session, CalciteConnection calcite, int queryTimeoutSeconds) {
    super(calcite);
    this.database = database;
    this.session = session;
    this.calcite = calcite;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    this.planCache = new PlanCache(this);
  }

  /** Opens a connection to the database of {@code url}, its writes recorded as the engine's principal. */
  static BlockDbConnection open(ConnectionUrl url) throws SQLException {
    return open(url, null);
  }

  /**
   * Opens a connection to the database of {@code url} whose writes are recorded as written by
   * {@code principal} (null: the engine's configured principal, "local" by default).
   */
  static BlockDbConnection open(ConnectionUrl url, String principal) throws SQLException {
    if (!Double.isNaN(url.memoryGuard())) {
      MemoryGuard.setLimit(url.memoryGuard()); // JVM-wide, as the heap it guards
    }
    Database db;
    try {
      db = DatabaseRegistry.acquire(url.database(), com.blockdb.engine.Options.defaults(), url.transactionTimeoutNanos());
    } catch (RuntimeException e) {
      SQLException mapped = SqlErrors.map(e);
      // Corruption found at open keeps its own SQLState (XX001); anything else is a failed connect.
      String state = mapped.getSQLState();
      throw SqlErrors.create(state.startsWith("08") || state.startsWith("XX") ? state : "08001",
          mapped.getErrorCode(), "cannot open BlockDB database " + url.database() + ": " + mapped.getMessage(), e);
    }
    try {
      String user = principal != null ? principal : db.engine().stats().options().principal();
      Session session = new Session(db, user, url.fastPaths(), url.pushDown());
      return new BlockDbConnection(db, session, CalciteBridge.open(session), url.queryTimeoutSeconds());
    } catch (SQLException | RuntimeException e) {
      DatabaseRegistry.release(db);
      throw SqlErrors.map(e);
    }
  }

  /** The engine-side state of this connection (its transaction), for the XA resource and the server. */
  public Session session() {
    return session;
  }

  CalciteConnection calcite() {
    return calcite;
  }

  /** The query timeout new statements start with ({@code query_timeout}; 0 = none). */
  int defaultQueryTimeout() {
    return queryTimeoutSeconds;
  }

  /** Refuses a statement of {@code kind} that writes, with 25006, when the connection is read-only. */
  void checkWritable(com.blockdb.jdbc.ddl.StatementKind kind) throws SQLException {
    if (kind == com.blockdb.jdbc.ddl.StatementKind.INSERT || kind == com.blockdb.jdbc.ddl.StatementKind.CREATE_TABLE) {
      try {
        session.checkWritable(kind == com.blockdb.jdbc.ddl.StatementKind.INSERT ? "INSERT" : "CREATE TABLE");
      } catch (RuntimeException e) {
        throw SqlErrors.map(e);
      }
    }
  }

  PlanCache planCache() {
    return planCache;
  }

  /** The shared database this connection reads and writes. */
  public Database database() {
    return database;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw SqlErrors.create("08003", VendorCodes.CLOSED, "the connection is closed", null);
    }
  }

  @Override
  protected SQLException translate(Throwable e) {
    return SqlErrors.map(e);
  }

  /** An action run against Calcite that may stage rows. */
  interface SqlAction<T> {
    T run() throws SQLException;
  }

  /**
   * Runs one statement: a snapshot to read at, the action (which stages rows), then one atomic
   * commit of what it staged; on any failure nothing it staged is written.
   */
  <T> T runStatement(SqlAction<T> action) throws SQLException {
    return runStatement(null, action);
  }

  /**
   * As {@link #runStatement(SqlAction)}, the statement's scans answering to {@code guard} (its
   * cancel and query timeout; null: none).
   */
  <T> T runStatement(StatementControl guard, SqlAction<T> action) throws SQLException {
    checkOpen();
    synchronized (this) {
      try {
        session.guard(guard);
        session.beginStatement();
        T result = action.run();
        session.commitStatement();
        return result;
      } catch (SQLException | RuntimeException | AssertionError | LinkageError e) {
        // LinkageError: Calcite's generated code evaluates constant expressions (CAST('a' AS
        // BOOLEAN)) in a static initializer; a failing one throws ExceptionInInitializerError, and
        // the cached plan's next run NoClassDefFoundError caused by it.
        session.abortStatement();
        throw SqlErrors.map(e);
      }
    }
  }

  /** Runs {@code CREATE TABLE}: parsed by BlockDB, recorded as a ledger entry of the catalog. */
  int createTable(String sql) throws SQLException {
    checkOpen();
    checkWritable(com.blockdb.jdbc.ddl.StatementKind.CREATE_TABLE);
    try {
      CreateTable ct = CreateTableParser.parse(sql);
      if (ct.schema() != null && !ct.schema().equals(BlockDbSchema.NAME)) {
        throw new SqlStateException("3F000", VendorCodes.UNKNOWN_OBJECT,
            "schema '" + ct.schema() + "' not found: tables live in schema " + BlockDbSchema.NAME);
      }
      List<Integer> pk = new ArrayList<>();
      List<ColumnDef> cols = ct.columns();
      for (String name : ct.primaryKey()) {
        for (int i = 0; i < cols.size(); i++) {
          if (cols.get(i).name().equals(name)) {
            pk.add(i);
          }
        }
      }
      synchronized (this) {
        database.catalog().create(ct.table(), cols, pk, ct.ifNotExists(), session.principal());
      }
      planCache.clear();
      return 0;
    } catch (RuntimeException e) {
      throw SqlErrors.map(e);
    }
  }

  /** COMMIT / ROLLBACK / BEGIN sent as SQL text. */
  void transactionControl(String sql) throws SQLException {
    String word = sql.trim().split("\\s+")[0].toUpperCase(Locale.ROOT);
    if (word.equals("COMMIT")) {
      commit();
      return;
    }
    if (word.equals("ROLLBACK") && !sql.toUpperCase(Locale.ROOT).matches("(?s)\\s*ROLLBACK(\\s+WORK)?\\s+TO\\b.*")) {
      rollback();
      return;
    }
    if (word.equals("BEGIN") || word.equals("START")) {
      throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, word
          + " is not supported: call setAutoCommit(false) (in sqlline: !autocommit) to start a transaction, then commit or rollback", null);
    }
    throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, "savepoints are not supported: roll back the whole transaction", null);
  }

  // ---- statements ----

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return new BlockDbStatement(this, calcite.createStatement());
  }

  @Override
  public Statement createStatement(int type, int concurrency) throws SQLException {
    checkOpen();
    checkResultSetType(type, concurrency);
    return new BlockDbStatement(this, calcite.createStatement(type, concurrency));
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    checkOpen();
    checkResultSetType(type, concurrency);
    return new BlockDbStatement(this, calcite.createStatement(type, concurrency, holdability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    return BlockDbPreparedStatement.prepare(this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
    checkResultSetType(type, concurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    checkResultSetType(type, concurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql) throws SQLException {
    throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, "BlockDB has no stored procedures", null);
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql, int a, int b) throws SQLException {
    return prepareCall(sql);
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql, int a, int b, int c) throws SQLException {
    return prepareCall(sql);
  }

  private static void checkResultSetType(int type, int concurrency) throws SQLException {
    if (concurrency == ResultSet.CONCUR_UPDATABLE) {
      throw SqlErrors.create("0A000", VendorCodes.APPEND_ONLY,
          "updatable result sets are not supported: BlockDB tables are append-only", null);
    }
  }

  @Override
  public String nativeSQL(String sql) {
    return sql;
  }

  // ---- transactions (driven by the session: BlockDB's transaction manager, not Calcite's) ----

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    synchronized (this) {
      try {
        session.setAutoCommit(autoCommit);
      } catch (RuntimeException e) {
        throw SqlErrors.map(e);
      }
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return session.autoCommit();
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    synchronized (this) {
      try {
        session.commit();
      } catch (RuntimeException e) {
        throw SqlErrors.map(e);
      }
    }
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    synchronized (this) {
      try {
        session.rollback();
      } catch (RuntimeException e) {
        throw SqlErrors.map(e);
      }
    }
  }

  @Override
  public java.sql.Savepoint setSavepoint() throws SQLException {
    throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, "savepoints are not supported", null);
  }

  @Override
  public java.sql.Savepoint setSavepoint(String name) throws SQLException {
    return setSavepoint();
  }

  @Override
  public void rollback(java.sql.Savepoint savepoint) throws SQLException {
    setSavepoint();
  }

  @Override
  public void releaseSavepoint(java.sql.Savepoint savepoint) throws SQLException {
    setSavepoint();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return isolation;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    checkIsolation(level);
    isolation = level;
  }

  /** Refuses the isolation levels BlockDB does not run (the remote client checks the same). */
  static void checkIsolation(int level) throws SQLException {
    if (level != Connection.TRANSACTION_READ_COMMITTED && level != Connection.TRANSACTION_REPEATABLE_READ) {
      String name = switch (level) {
        case Connection.TRANSACTION_NONE -> "NONE";
        case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ_UNCOMMITTED";
        case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
        default -> String.valueOf(level);
      };
      throw SqlErrors.create("0A000", VendorCodes.NOT_SUPPORTED, "isolation level " + name
          + " is not supported: BlockDB runs snapshot isolation, reported as REPEATABLE_READ "
          + "(READ_COMMITTED is accepted and runs as snapshot isolation)", null);
    }
  }

  /**
   * {@code true} makes the connection refuse INSERT and CREATE TABLE with SQLState 25006 (naming
   * the user) until {@code setReadOnly(false)}; a connection {@link #lockReadOnly locked} read-only
   * refuses to be made writable.
   */
  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    if (!readOnly && readOnlyLocked) {
      throw SqlErrors.create("25006", VendorCodes.READ_ONLY, "the connection of user '" + session.principal()
          + "' is read-only for its role: it cannot be made writable", null);
    }
    session.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return session.readOnly();
  }

  /**
   * Makes the connection read-only for good: a server does this for users whose role may not
   * write (readers, auditors), so that no client call can lift it.
   */
  public void lockReadOnly() throws SQLException {
    checkOpen();
    session.setReadOnly(true);
    readOnlyLocked = true;
  }

  /** Whether {@link #lockReadOnly} was called. */
  public boolean readOnlyLocked() {
    return readOnlyLocked;
  }

  // ---- metadata and state ----

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new BlockDbDatabaseMetaData(this, calcite.getMetaData());
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return BlockDbSchema.NAME;
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    if (!BlockDbSchema.NAME.equalsIgnoreCase(schema)) {
      throw SqlErrors.create("3F000", VendorCodes.UNKNOWN_OBJECT,
          "schema '" + schema + "' not found: BlockDB has one schema, " + BlockDbSchema.NAME, null);
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen(); // no catalogs: ignored, as JDBC allows
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    String w = database.engine().stats().durabilityWarning();
    return w == null ? null : new SQLWarning(w, "01000");
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw SqlErrors.create("22023", VendorCodes.INVALID_ARGUMENT, "timeout must not be negative", null);
    }
    return !closed;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      synchronized (this) {
        session.close(); // a connection closed without commit leaves no trace
      }
      calcite.close();
    } finally {
      DatabaseRegistry.release(database);
    }
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

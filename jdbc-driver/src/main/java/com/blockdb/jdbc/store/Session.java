package com.blockdb.jdbc.store;

import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Tables;
import com.blockdb.engine.WriteBatch;
import com.blockdb.jdbc.codec.KeyCodec;
import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import com.blockdb.jdbc.schema.ColumnDef;
import com.blockdb.jdbc.schema.ColumnType;
import com.blockdb.jdbc.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Collections;
import com.blockdb.engine.lock.LockWaitException;
import com.blockdb.engine.txn.Transaction;

/**
 * The engine-side state of one connection: its transaction, the snapshot its statements read at
 * and the rows the current statement has staged. A statement's rows move into the transaction as
 * one unit when it ends (all or nothing), so a multi-row INSERT, an INSERT ... SELECT or a batch is
 * atomic. With autocommit on, each statement is a transaction of its own, committed at its end;
 * with autocommit off the transaction spans statements until {@link #commit} or {@link #rollback}.
 *
 * <p>Not thread-safe: a connection runs one statement at a time (the JDBC layer serializes).
 */
public final class Session {
  private final Database database;
  private final String principal;
  private final boolean fastPaths;
  private final boolean pushDown;
  private long snapshot = -1;
  private WriteBatch batch = new WriteBatch();
  private final Map<Integer, Integer> stagedPerTable = new HashMap<>();
  private boolean autoCommit = true;
  private Transaction txn; // the open transaction when autocommit is off (begun by its first statement)
  private String failedReason; // set when the engine rolled back the open transaction
  private boolean xaBound; // txn is an XA branch: the transaction manager, not the connection, ends it
  private volatile boolean readOnly; // Connection.setReadOnly(true): every write is refused with 25006
  private volatile QueryGuard guard = QueryGuard.NONE; // of the statement executing now

  public Session(Database database, String principal, boolean fastPaths, boolean pushDown) {
    this.database = database;
    this.principal = principal;
    this.fastPaths = fastPaths;
    this.pushDown = pushDown;
  }

  /** Whether key filters narrow table scans (off only to check that results do not change). */
  public boolean pushDown() {
    return pushDown;
  }

  public Database database() {
    return database;
  }

  public String principal() {
    return principal;
  }

  /**
   * The guard of the statement executing now: a scan keeps the one it started under, so that an
   * open result of an earlier statement answers to its own statement's cancel and timeout.
   */
  public QueryGuard guard() {
    return guard;
  }

  /** Sets the guard of the statement that starts executing (NONE when it ends). */
  public void guard(QueryGuard g) {
    guard = g == null ? QueryGuard.NONE : g;
  }

  /** Whether writes (INSERT, CREATE TABLE) are refused: {@code Connection.setReadOnly(true)}. */
  public boolean readOnly() {
    return readOnly;
  }

  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /**
   * Refuses {@code what} (a write) with 25006 when the connection is read-only, naming the user:
   * a server hands readers and auditors read-only connections.
   */
  public void checkWritable(String what) {
    if (readOnly) {
      throw new SqlStateException("25006", VendorCodes.READ_ONLY, "the connection of user '" + principal
          + "' is read-only: " + what + " is refused");
    }
  }

  /** Whether the JDBC fast paths (point SELECT, batch INSERT, plan cache) are on. */
  public boolean fastPaths() {
    return fastPaths;
  }

  public boolean autoCommit() {
    return autoCommit;
  }

  /**
   * Associates an XA branch's transaction with this connection: its statements run in it until
   * {@link #detach}. Refused while a local transaction has work in it.
   */
  public void attach(Transaction branch) {
    if (xaBound || (txn != null && txn.hasWrites())) {
      throw new SqlStateException("25001", VendorCodes.INVALID_STATEMENT,
          "the connection has an open transaction: commit or roll it back before starting an XA branch");
    }
    if (txn != null) {
      txn.rollback(); // a local transaction that only read
    }
    txn = branch;
    failedReason = null;
    xaBound = true;
  }

  /** Ends the association with the XA branch; the branch stays with the transaction manager. */
  public void detach() {
    txn = null;
    xaBound = false;
    failedReason = null;
  }

  private void refuseInXaBranch(String what) {
    if (xaBound) {
      throw new SqlStateException("2D000", VendorCodes.INVALID_STATEMENT, what
          + " is not allowed while the connection is part of an XA transaction: the transaction manager ends it");
    }
  }

  /** Switches autocommit; switching it on commits the open transaction, as JDBC specifies. */
  public void setAutoCommit(boolean on) {
    if (on) {
      refuseInXaBranch("setAutoCommit(true)");
    }
    if (on && !autoCommit) {
      commit();
    }
    autoCommit = on;
  }

  /** The open transaction (autocommit off, after its first statement), or null. */
  public Transaction transaction() {
    return txn;
  }

  /**
   * Starts a statement: fixes the snapshot it reads (its transaction's, with autocommit off) and
   * drops anything staged before. A transaction the engine rolled back refuses statements until
   * the application calls rollback (25P02), so that its later statements cannot commit without
   * the earlier ones.
   */
  public void beginStatement() {
    batch = new WriteBatch();
    stagedPerTable.clear();
    if (autoCommit && !xaBound) {
      // Taken at the statement's first read (readSequence), not here: an INSERT ... VALUES reads
      // nothing (the commit checks its keys), and on a cluster node a snapshot costs a Raft read
      // index, a round trip through the leader, that such a statement must not pay.
      snapshot = -1;
      return;
    }
    if (failedReason != null) {
      snapshot = -1;
      throw new SqlStateException("25P02", VendorCodes.TRANSACTION_FAILED, "the transaction was rolled back ("
          + failedReason + "): statements are refused until rollback() is called");
    }
    checkNotAborted();
    if (txn == null) {
      txn = database.transactions().begin(principal);
    }
    snapshot = txn.snapshot();
  }

  /**
   * Fails the statement with 40001 if the open transaction was ended from outside (a cluster's
   * leader change, {@link com.blockdb.engine.txn.TransactionManager#abortOpen}); later statements
   * then get 25P02 and commit 40001, as after a deadlock.
   */
  private void checkNotAborted() {
    if (txn == null) {
      return;
    }
    try {
      txn.checkNotAborted();
    } catch (com.blockdb.engine.BlockDbException e) {
      snapshot = -1;
      failedReason = txn.abortReason() != null ? txn.abortReason() : e.getMessage();
      if (!xaBound) {
        txn = null; // an XA branch stays known to the transaction manager, which rolls it back
      }
      throw e;
    }
  }

  /**
   * The snapshot of a query that runs outside {@link #beginStatement} (the point-select fast
   * path): the latest state in autocommit, else the transaction's, which it begins like any
   * statement, so that every read of a transaction sees one snapshot.
   */
  public long querySnapshot() {
    if (autoCommit && !xaBound) {
      return database.engine().lastSequence();
    }
    if (failedReason != null) {
      throw new SqlStateException("25P02", VendorCodes.TRANSACTION_FAILED, "the transaction was rolled back ("
          + failedReason + "): statements are refused until rollback() is called");
    }
    checkNotAborted();
    if (txn == null) {
      txn = database.transactions().begin(principal);
    }
    return txn.snapshot();
  }

  /**
   * The sequence the current statement reads at, fixed at its first read (in autocommit: the latest
   * state then; in a transaction: the transaction's snapshot), so that every scan of one statement
   * sees one state.
   */
  public long readSequence() {
    if (snapshot < 0) {
      snapshot = txn != null ? txn.snapshot() : database.engine().lastSequence();
    }
    return snapshot;
  }

  /**
   * The open transaction's own uncommitted rows of {@code table} (a copy, in key order), which its
   * reads see on top of the snapshot; empty outside a transaction.
   */
  public NavigableMap<byte[], byte[]> pendingRows(int table) {
    if (txn == null) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<byte[], byte[]> p = txn.pending(table);
    return p.isEmpty() ? p : new TreeMap<>(p);
  }

  /** Stages one row (already encoded) of the current statement. */
  public void stage(int table, byte[] key, byte[] value) {
    checkWritable("INSERT"); // the statements check first; this catches any other way to a write
    long pending = txn == null ? 0 : txn.writeBytes();
    if (pending + batch.approximateBytes() + key.length + value.length > com.blockdb.engine.Limits.MAX_BATCH_BYTES) {
      // Checked while staging, so a runaway INSERT ... SELECT stops before it fills the heap.
      throw transactionTooLarge();
    }
    batch.putOwned(table, key, value); // the encoders make fresh arrays for every row
    stagedPerTable.merge(table, 1, Integer::sum);
  }

  /** {@link #stage} for rows encoded beforehand ({@code rows[i]} = {key, value}), in order. */
  public void stageAll(int table, byte[][][] rows) {
    checkWritable("INSERT");
    long pending = (txn == null ? 0 : txn.writeBytes()) + batch.approximateBytes();
    for (byte[][] kv : rows) {
      pending += kv[0].length + kv[1].length;
      if (pending > com.blockdb.engine.Limits.MAX_BATCH_BYTES) {
        throw transactionTooLarge();
      }
    }
    for (byte[][] kv : rows) {
      batch.putOwned(table, kv[0], kv[1]);
    }
    stagedPerTable.merge(table, rows.length, Integer::sum);
  }

  private static SqlStateException transactionTooLarge() {
    return new SqlStateException("54000", VendorCodes.INVALID_ARGUMENT, "the transaction writes more than "
        + (com.blockdb.engine.Limits.MAX_BATCH_BYTES >> 20) + " MiB: split it into smaller transactions");
  }

  /** Rows staged for {@code table} by the current statement (the INSERT's update count). */
  public int stagedCount(int table) {
    return stagedPerTable.getOrDefault(table, 0);
  }

  /**
   * Ends the current statement: its staged rows join the transaction as one unit (locking their
   * keys, waiting behind other transactions' inserts of the same keys). With autocommit on, the
   * statement's transaction then commits: one atomic engine batch, one fsync shared with
   * concurrent committers. A duplicate key fails the statement with 23505 and leaves nothing of
   * it; a deadlock or lock timeout rolls the whole transaction back (40001).
   */
  public void commitStatement() {
    WriteBatch b = batch;
    batch = new WriteBatch();
    stagedPerTable.clear();
    snapshot = -1;
    if (b.isEmpty()) {
      return;
    }
    if (autoCommit && !xaBound) {
      Transaction t = database.transactions().beginWriteOnly(principal); // the statement read at its own snapshot
      try {
        t.commitBatch(b);
      } catch (DuplicateKeyException e) {
        throw duplicate(e.table(), e.key());
      } finally {
        t.rollback(); // no-op once committed; releases the locks of a failed one
      }
      return;
    }
    try {
      txn.insert(b.puts(), true);
    } catch (DuplicateKeyException e) {
      throw duplicate(e.table(), e.key());
    } catch (LockWaitException e) {
      failedReason = e.getMessage();
      if (!xaBound) {
        txn = null; // an XA branch stays known to the transaction manager, which rolls it back
      }
      throw e;
    }
  }

  /** Drops what the current statement staged: nothing of it is written. */
  public void abortStatement() {
    batch = new WriteBatch();
    stagedPerTable.clear();
    snapshot = -1;
  }

  /**
   * Commits the open transaction: its inserts become durable as one engine batch and visible all
   * at once. A transaction the engine already rolled back fails with 40001 (nothing of it was
   * written); either way the next statement begins a new transaction.
   */
  public void commit() {
    refuseInXaBranch("commit()");
    if (failedReason != null) {
      String reason = failedReason;
      failedReason = null;
      throw new SqlStateException("40001", VendorCodes.TRANSACTION_ABORTED,
          "the transaction was rolled back (" + reason + "): nothing of it was committed");
    }
    Transaction t = txn;
    txn = null;
    if (t == null) {
      return;
    }
    try {
      t.commit();
    } catch (DuplicateKeyException e) {
      throw duplicate(e.table(), e.key());
    } finally {
      t.rollback(); // no-op once committed
    }
  }

  /** Rolls the open transaction back: nothing of it is written, its locks are released. */
  public void rollback() {
    refuseInXaBranch("rollback()");
    failedReason = null;
    Transaction t = txn;
    txn = null;
    if (t != null) {
      t.rollback();
    }
  }

  /**
   * The connection closes: a local transaction is rolled back; an associated XA branch stays with
   * its transaction manager, which completes it through any resource of this database.
   */
  public void close() {
    if (xaBound) {
      detach();
    } else {
      rollback();
    }
  }

  /** The 23505 error for a key that exists, naming the table and the key's values. */
  public SqlStateException duplicate(int table, byte[] key) {
    String where;
    String what;
    if (table == Tables.KV) {
      where = "BLOCKDB.KV";
      what = "(KEY)=(" + quote(new String(key, StandardCharsets.UTF_8)) + ")";
    } else {
      TableDef def = tableById(table);
      where = def == null ? "table #" + table : "BLOCKDB." + def.name();
      what = def == null ? "a key" : describeKey(def, key);
    }
    return new SqlStateException("23505", VendorCodes.DUPLICATE_KEY,
        "duplicate primary key " + what + " in " + where + ": BlockDB rows are written once and never overwritten");
  }

  private TableDef tableById(int id) {
    for (TableDef t : database.catalog().tables().values()) {
      if (t.id() == id) {
        return t;
      }
    }
    return null;
  }

  /** {@code (A, B)=(1, 'x')} for a stored key of {@code def}. */
  public static String describeKey(TableDef def, byte[] key) {
    Object[] values = KeyCodec.decodeKey(def, key);
    List<ColumnDef> cols = def.keyColumns();
    StringBuilder names = new StringBuilder("(");
    StringBuilder vals = new StringBuilder("(");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) {
        names.append(", ");
        vals.append(", ");
      }
      names.append(cols.get(i).name());
      ColumnType t = cols.get(i).type();
      Object v = values[i];
      boolean text = t == ColumnType.VARCHAR || t == ColumnType.CHAR;
      vals.append(text ? quote(String.valueOf(v)) : Literals.render(t, v));
    }
    return names.append(")=").append(vals).append(")").toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

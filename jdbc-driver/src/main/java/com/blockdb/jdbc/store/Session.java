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

/**
 * The engine-side state of one connection: the snapshot its current statement reads at and the
 * rows that statement has staged. A statement's rows are committed as one engine batch when it
 * ends (all or nothing), so a multi-row INSERT, an INSERT ... SELECT or a batch is atomic.
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

  /** Whether the JDBC fast paths (point SELECT, batch INSERT, plan cache) are on. */
  public boolean fastPaths() {
    return fastPaths;
  }

  /** Starts a statement: fixes the snapshot it reads and drops anything staged before. */
  public void beginStatement() {
    snapshot = database.engine().lastSequence();
    batch = new WriteBatch();
    stagedPerTable.clear();
  }

  /** The sequence the current statement reads at: every scan of one statement sees one state. */
  public long readSequence() {
    return snapshot >= 0 ? snapshot : database.engine().lastSequence();
  }

  /** Stages one row (already encoded) of the current statement. */
  public void stage(int table, byte[] key, byte[] value) {
    if (batch.approximateBytes() + key.length + value.length > com.blockdb.engine.Limits.MAX_BATCH_BYTES) {
      // Checked while staging, so a runaway INSERT ... SELECT stops before it fills the heap.
      throw new SqlStateException("54000", VendorCodes.INVALID_ARGUMENT, "the statement writes more than "
          + (com.blockdb.engine.Limits.MAX_BATCH_BYTES >> 20) + " MiB in one transaction: split it into smaller statements");
    }
    batch.putOwned(table, key, value); // the encoders make fresh arrays for every row
    stagedPerTable.merge(table, 1, Integer::sum);
  }

  /** Rows staged for {@code table} by the current statement (the INSERT's update count). */
  public int stagedCount(int table) {
    return stagedPerTable.getOrDefault(table, 0);
  }

  /**
   * Commits what the current statement staged as one atomic engine batch (one fsync, shared with
   * concurrent committers). A duplicate key fails the whole batch with SQLState 23505.
   */
  public void commitStatement() {
    WriteBatch b = batch;
    batch = new WriteBatch();
    stagedPerTable.clear();
    snapshot = -1;
    if (b.isEmpty()) {
      return;
    }
    try {
      database.engine().write(b, principal);
    } catch (DuplicateKeyException e) {
      throw duplicate(e.table(), e.key());
    }
  }

  /** Drops what the current statement staged: nothing of it is written. */
  public void abortStatement() {
    batch = new WriteBatch();
    stagedPerTable.clear();
    snapshot = -1;
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

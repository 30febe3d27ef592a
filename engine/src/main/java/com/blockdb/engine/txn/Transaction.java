package com.blockdb.engine.txn;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.lock.LockKey;
import com.blockdb.engine.lock.LockMode;
import com.blockdb.engine.lock.LockWaitException;
import com.blockdb.engine.util.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One snapshot-isolated transaction: it reads the state committed before it began plus its own
 * inserts, locks each key it inserts exclusively (so a second inserter of the same key waits, then
 * fails as a duplicate or goes on), and commits its inserts as one engine batch: one commit record,
 * contiguous sequences in one block, visible to others all at once.
 *
 * <p>Not thread-safe: one connection drives it. A lock wait that ends in a deadlock or a timeout
 * rolls the transaction back before the exception reaches the caller.
 */
public final class Transaction {

  /** Where a transaction is in its life. */
  public enum State { ACTIVE, PREPARED, COMMITTED, ROLLED_BACK }

  private static final NavigableMap<byte[], byte[]> NONE = Collections.unmodifiableNavigableMap(new TreeMap<>(Bytes.ORDER));

  private final TransactionManager manager;
  private final long id;
  private final long snapshot;
  private final String principal;
  private WriteBatch writes = new WriteBatch();
  private final Map<Integer, NavigableMap<byte[], byte[]>> byTable = new HashMap<>();
  // Volatile: a cluster's leader change ends transactions from another thread (requestAbort).
  private volatile State state = State.ACTIVE;
  private String abortReason;
  /** Set by {@link #requestAbort} from another thread; the owner's next call rolls back. */
  private volatile String abortRequest;
  private byte[] xid; // set by prepare: the external branch id (XA), or null for a local prepare

  Transaction(TransactionManager manager, long id, long snapshot, String principal) {
    this.manager = manager;
    this.id = id;
    this.snapshot = snapshot;
    this.principal = principal;
  }

  public long id() {
    return id;
  }

  /** The last sequence committed when it began: its reads see exactly the entries up to it. */
  public long snapshot() {
    return snapshot;
  }

  public String principal() {
    return principal;
  }

  public State state() {
    return state;
  }

  /** Why the transaction was rolled back by the engine (deadlock, timeout, failed commit), or null. */
  public String abortReason() {
    return abortReason;
  }

  public boolean hasWrites() {
    return !writes.isEmpty();
  }

  /** Approximate bytes of the inserts buffered so far (keys and values). */
  public long writeBytes() {
    return writes.approximateBytes();
  }

  /** Inserts buffered so far. */
  public int writeCount() {
    return writes.size();
  }

  /**
   * Locks every key of {@code puts} exclusively, waiting behind other transactions that hold one,
   * then buffers the puts; all of them or (on an exception) none are added. A key this transaction
   * already inserted fails with {@link DuplicateKeyException}; with {@code checkStored} a key
   * committed by anyone (also after this transaction began) fails the same way, so the INSERT
   * reports it rather than the commit (without it, the commit's own check finds it).
   *
   * @throws LockWaitException after a deadlock or lock timeout; the transaction is then rolled back
   */
  public void insert(List<WriteBatch.Put> puts, boolean checkStored) {
    requireActive();
    lockAll(puts);
    // Locks held: no other transaction can commit these keys until this one ends.
    Map<Integer, NavigableMap<byte[], byte[]>> added = new HashMap<>();
    for (WriteBatch.Put p : puts) {
      NavigableMap<byte[], byte[]> mine = byTable.get(p.table());
      NavigableMap<byte[], byte[]> now = added.computeIfAbsent(p.table(), t -> new TreeMap<>(Bytes.ORDER));
      if ((mine != null && mine.containsKey(p.key())) || now.put(p.key(), p.value()) != null) {
        throw new DuplicateKeyException(p.table(), p.key());
      }
      if (checkStored && manager.engine().getEntry(p.table(), p.key(), Long.MAX_VALUE) != null) {
        throw new DuplicateKeyException(p.table(), p.key());
      }
    }
    for (Map.Entry<Integer, NavigableMap<byte[], byte[]>> e : added.entrySet()) {
      byTable.computeIfAbsent(e.getKey(), t -> new TreeMap<>(Bytes.ORDER)).putAll(e.getValue());
    }
    for (WriteBatch.Put p : puts) {
      writes.putOwned(p.table(), p.key(), p.value());
    }
  }

  /**
   * The whole of a one-statement (autocommit) transaction: locks the keys of {@code batch}
   * (waiting behind open transactions that inserted one), commits it as one engine batch, whose
   * commit checks every key in one sorted pass, and releases the locks. Nothing is buffered: a
   * statement's rows are not read back before its commit.
   *
   * @throws DuplicateKeyException a key is stored or repeated; nothing was written
   * @throws LockWaitException after a deadlock or lock timeout; nothing was written
   */
  public long commitBatch(WriteBatch batch) {
    requireActive();
    if (!writes.isEmpty()) {
      throw new IllegalStateException(this + " already has inserts: use insert and commit");
    }
    // No transaction locking keys in these tables: the engine write's own duplicate check decides
    // every key, as the locks would have found no one to wait for (see LockManager's TableGate).
    int[] tables = tables(batch.puts());
    boolean unlocked = manager.locks().tryBeginUnlockedWrite(tables);
    if (!unlocked) {
      lockAll(batch.puts());
    }
    try {
      long last = manager.engine().write(batch, principal);
      finish(State.COMMITTED);
      return last;
    } catch (RuntimeException e) {
      abort("the commit failed: " + e.getMessage());
      throw e;
    } finally {
      if (unlocked) {
        manager.locks().endUnlockedWrite(tables);
      }
    }
  }

  /** The distinct tables of {@code puts}, sorted (almost always one). */
  private static int[] tables(List<WriteBatch.Put> puts) {
    if (puts.isEmpty()) {
      return new int[0];
    }
    int first = puts.get(0).table();
    boolean one = true;
    for (int i = 1; i < puts.size() && one; i++) {
      one = puts.get(i).table() == first;
    }
    if (one) {
      return new int[] {first};
    }
    return puts.stream().mapToInt(WriteBatch.Put::table).distinct().sorted().toArray();
  }

  private void lockAll(List<WriteBatch.Put> puts) {
    List<LockKey> keys = new ArrayList<>(puts.size());
    for (WriteBatch.Put p : puts) {
      keys.add(new LockKey(p.table(), p.key()));
    }
    try {
      manager.locks().acquireAll(id, keys, LockMode.EXCLUSIVE, manager.lockTimeoutNanos());
    } catch (LockWaitException e) {
      abort(e.getMessage());
      throw e;
    }
  }

  /** This transaction's uncommitted inserts into {@code table}, in key order (read-only). */
  public NavigableMap<byte[], byte[]> pending(int table) {
    NavigableMap<byte[], byte[]> m = byTable.get(table);
    return m == null ? NONE : Collections.unmodifiableNavigableMap(m);
  }

  /** The entry of {@code key} as this transaction sees it: its own insert, else the snapshot's. */
  public Entry get(int table, byte[] key) {
    byte[] mine = pending(table).get(key);
    if (mine != null) {
      return new Entry(table, key, mine, 0, 0, principal);
    }
    return manager.engine().getEntry(table, key, snapshot);
  }

  /**
   * Commits: the inserts become durable as one engine batch (one fsync, shared with concurrent
   * committers) and visible all at once; then the locks are released. Returns the last sequence
   * written, or -1 when there was nothing to write. On failure nothing is written and the
   * transaction is rolled back.
   */
  public long commit() {
    requireActive();
    try {
      long last = writes.isEmpty() ? -1 : manager.engine().write(writes, principal);
      finish(State.COMMITTED);
      return last;
    } catch (RuntimeException e) {
      abort("the commit failed: " + e.getMessage());
      throw e;
    }
  }

  /**
   * Phase one of two-phase commit: validates the inserts and makes them durable in a PREPARE
   * record (one fsync, shared by group commit) without making them visible. The locks stay held
   * until {@link #commitPrepared} or {@link #rollback}, also across a restart for an XA branch
   * ({@code xid} not null); a local prepare ({@code xid} null) that has no durable decision when
   * the process dies is rolled back at the next open (presumed abort). On failure nothing is
   * prepared and the transaction is rolled back.
   */
  public void prepare(byte[] xid) {
    requireActive();
    try {
      manager.engine().prepare(id, xid, writes, principal);
    } catch (RuntimeException e) {
      abort("the prepare failed: " + e.getMessage());
      throw e;
    }
    this.xid = xid == null ? null : xid.clone();
    state = State.PREPARED;
    manager.prepared(this);
  }

  /** Phase two: logs the COMMIT decision durably and applies the prepared inserts; returns the last sequence. */
  public long commitPrepared() {
    if (state != State.PREPARED) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, this + " is not prepared");
    }
    long last = manager.engine().commitPrepared(id);
    finish(State.COMMITTED);
    return last;
  }

  /** The branch id given to {@link #prepare}, or null. */
  public byte[] xid() {
    return xid == null ? null : xid.clone();
  }

  /**
   * Drops every insert and releases the locks; a prepared transaction logs its ABORT decision
   * durably first. A no-op when already ended.
   */
  public void rollback() {
    if (state == State.PREPARED) {
      manager.engine().abortPrepared(id);
      finish(State.ROLLED_BACK);
    } else if (state == State.ACTIVE) {
      finish(State.ROLLED_BACK);
    }
  }

  /**
   * Asks an active transaction to end (from any thread; the caller then releases its locks with
   * {@link #releaseLocks}): the next call its owner makes ({@link #insert}, {@link #commit}, {@link #prepare},
   * {@link #checkNotAborted}) rolls it back and fails with {@link ErrorCode#TRANSACTION_ABORTED}.
   * A commit already under way is not interrupted: it commits or fails as a whole. Returns whether
   * the transaction was active.
   */
  boolean requestAbort(String reason) {
    if (state != State.ACTIVE) {
      return false;
    }
    abortRequest = reason;
    return true;
  }

  /** After {@link #requestAbort}: waiters behind this transaction go on now, not when its owner comes back. */
  void releaseLocks() {
    manager.locks().releaseAll(id);
  }

  /**
   * Throws {@link ErrorCode#TRANSACTION_ABORTED} (rolling the transaction back) if it was asked to
   * end ({@link TransactionManager#abortOpen}); a statement calls it before it reads, so that a
   * transaction a leader change ended fails at its next statement, not only at its commit.
   */
  public void checkNotAborted() {
    if (abortRequest != null) {
      requireActive();
    }
  }

  /** A transaction found prepared (in doubt) when the engine opened: it holds its keys' locks again. */
  static Transaction recovered(TransactionManager manager, com.blockdb.engine.PreparedTransaction p) {
    Transaction t = inDoubt(manager, p);
    manager.locks().acquireAll(t.id, lockKeys(p), LockMode.EXCLUSIVE, manager.lockTimeoutNanos());
    return t;
  }

  /**
   * A branch another node of a cluster prepared, found by {@link TransactionManager#syncPrepared}:
   * it takes its keys' locks without waiting; a key an open transaction of this node holds stays
   * with that transaction (whose commit the engine refuses, the key being reserved).
   */
  static Transaction adopted(TransactionManager manager, com.blockdb.engine.PreparedTransaction p) {
    Transaction t = inDoubt(manager, p);
    for (LockKey k : lockKeys(p)) {
      try {
        manager.locks().acquire(t.id, k, LockMode.EXCLUSIVE, 0);
      } catch (LockWaitException e) {
        // held by a local transaction: the engine's KEY_IN_DOUBT check guards the key instead
      }
    }
    return t;
  }

  private static Transaction inDoubt(TransactionManager manager, com.blockdb.engine.PreparedTransaction p) {
    Transaction t = new Transaction(manager, p.txnId(), -1, p.principal());
    for (WriteBatch.Put put : p.puts()) {
      t.writes.putOwned(put.table(), put.key(), put.value());
    }
    t.xid = p.xid() == null ? null : p.xid().clone();
    t.state = State.PREPARED;
    return t;
  }

  private static List<LockKey> lockKeys(com.blockdb.engine.PreparedTransaction p) {
    List<LockKey> keys = new ArrayList<>(p.puts().size());
    for (WriteBatch.Put put : p.puts()) {
      keys.add(new LockKey(put.table(), put.key()));
    }
    return keys;
  }

  /**
   * Ends a prepared branch whose decision was made through another node of a cluster (the engine
   * no longer holds it in doubt): COMMITTED if its first key is now stored, else ROLLED_BACK. Its
   * locks are released.
   */
  void decidedElsewhere() {
    if (state != State.PREPARED) {
      return;
    }
    List<WriteBatch.Put> puts = writes.puts();
    boolean committed = !puts.isEmpty()
        && manager.engine().getEntry(puts.get(0).table(), puts.get(0).key(), Long.MAX_VALUE) != null;
    finish(committed ? State.COMMITTED : State.ROLLED_BACK);
  }

  private void abort(String reason) {
    abortReason = reason;
    rollback();
  }

  private void finish(State end) {
    boolean wasPrepared = state == State.PREPARED;
    state = end;
    if (wasPrepared) {
      manager.resolved(this);
    }
    writes = new WriteBatch();
    byTable.clear();
    manager.locks().releaseAll(id);
    manager.ended(this);
  }

  private void requireActive() {
    String requested = abortRequest;
    if (requested != null && state == State.ACTIVE) {
      abort(requested);
    }
    if (state != State.ACTIVE) {
      throw new BlockDbException(ErrorCode.TRANSACTION_ABORTED, "transaction " + id + " is "
          + (state == State.COMMITTED ? "already committed" : "rolled back"
          + (abortReason == null ? "" : " (" + abortReason + ")")));
    }
  }

  @Override
  public String toString() {
    return "transaction " + id;
  }
}

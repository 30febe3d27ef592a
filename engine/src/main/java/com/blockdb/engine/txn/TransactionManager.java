package com.blockdb.engine.txn;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.lock.LockManager;
import com.blockdb.engine.PreparedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Begins transactions on one engine and owns what they share: the lock manager, the lock wait
 * timeout ({@code transaction_timeout}) and the transaction ids, which grow with begin time so
 * that the youngest transaction of a deadlock is the one with the largest id. Thread-safe.
 */
public final class TransactionManager {

  /** The default lock wait limit, {@code transaction_timeout = 30} seconds as in blockdb.toml. */
  public static final long DEFAULT_TIMEOUT_SECONDS = 30;

  private final BlockDb db;
  private final LockManager locks = new LockManager();
  private final long lockTimeoutNanos;
  private final AtomicLong ids;
  private final Set<Transaction> open = ConcurrentHashMap.newKeySet();
  /** Prepared XA branches by xid (hex), those recovered at open included. */
  private final Map<String, Transaction> preparedByXid = new ConcurrentHashMap<>();

  /**
   * @param lockTimeoutNanos how long an insert waits for another transaction's lock on its key
   *     before its transaction is aborted (SQLState 40001)
   */
  public TransactionManager(BlockDb db, long lockTimeoutNanos) {
    if (lockTimeoutNanos <= 0) {
      throw new IllegalArgumentException("transaction_timeout must be positive");
    }
    this.db = db;
    this.lockTimeoutNanos = lockTimeoutNanos;
    // Ids start above any id an earlier run may have used (prepared transactions keep theirs
    // across a restart), and stay ordered by begin time within this run.
    long base = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    // Branches prepared before a restart are still in doubt: they hold their keys' locks again
    // until the transaction manager that coordinates them decides.
    for (PreparedTransaction p : db.preparedTransactions()) {
      base = Math.max(base, p.txnId());
      if (p.xid() != null) {
        Transaction t = Transaction.recovered(this, p);
        open.add(t);
        preparedByXid.put(hex(p.xid()), t);
      }
    }
    this.ids = new AtomicLong(base);
  }

  public TransactionManager(BlockDb db) {
    this(db, TimeUnit.SECONDS.toNanos(DEFAULT_TIMEOUT_SECONDS));
  }

  /** Begins a transaction reading the state committed so far; its writes are tagged with {@code principal}. */
  public Transaction begin(String principal) {
    Transaction t = new Transaction(this, ids.incrementAndGet(), db.lastSequence(), principal);
    open.add(t);
    return t;
  }

  public BlockDb engine() {
    return db;
  }

  public LockManager locks() {
    return locks;
  }

  public long lockTimeoutNanos() {
    return lockTimeoutNanos;
  }

  /** Transactions begun and not yet committed or rolled back. */
  public int openTransactions() {
    return open.size();
  }

  /** The prepared XA branch with {@code xid}, or null. */
  public Transaction preparedBranch(byte[] xid) {
    return preparedByXid.get(hex(xid));
  }

  /** The xids of every prepared XA branch awaiting its decision (what XA recover lists). */
  public List<byte[]> inDoubtXids() {
    List<byte[]> out = new ArrayList<>();
    for (Transaction t : preparedByXid.values()) {
      out.add(t.xid());
    }
    return out;
  }

  void prepared(Transaction t) {
    if (t.xid() != null) {
      preparedByXid.put(hex(t.xid()), t);
    }
  }

  void resolved(Transaction t) {
    if (t.xid() != null) {
      preparedByXid.remove(hex(t.xid()));
    }
  }

  void ended(Transaction t) {
    open.remove(t);
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}

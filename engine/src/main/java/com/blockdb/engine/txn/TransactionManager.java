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
  /** Low bits of a tagged transaction id that hold the node's tag (see the three-argument constructor). */
  public static final int ID_TAG_BITS = 10;
  public static final int MAX_ID_TAG = (1 << ID_TAG_BITS) - 1;

  private final BlockDb db;
  private final LockManager locks = new LockManager();
  private final long lockTimeoutNanos;
  private final int idTag;
  private final AtomicLong ids;
  private final Set<Transaction> open = ConcurrentHashMap.newKeySet();
  /** Prepared XA branches by xid (hex), those recovered at open included. */
  private final Map<String, Transaction> preparedByXid = new ConcurrentHashMap<>();

  /**
   * @param lockTimeoutNanos how long an insert waits for another transaction's lock on its key
   *     before its transaction is aborted (SQLState 40001)
   */
  public TransactionManager(BlockDb db, long lockTimeoutNanos) {
    this(db, lockTimeoutNanos, -1);
  }

  /**
   * As {@link #TransactionManager(BlockDb, long)}, for one node of a cluster: {@code idTag} (0 to
   * {@value #MAX_ID_TAG}, -1 for none) is put in the low {@value #ID_TAG_BITS} bits of every
   * transaction id, so that nodes that begin transactions at the same microsecond still prepare
   * branches under different ids (the engine refuses a second PREPARE of an id in doubt).
   */
  public TransactionManager(BlockDb db, long lockTimeoutNanos, int idTag) {
    if (lockTimeoutNanos <= 0) {
      throw new IllegalArgumentException("transaction_timeout must be positive");
    }
    if (idTag < -1 || idTag > MAX_ID_TAG) {
      throw new IllegalArgumentException("transaction id tag " + idTag + " is outside -1.." + MAX_ID_TAG);
    }
    this.db = db;
    this.lockTimeoutNanos = lockTimeoutNanos;
    this.idTag = idTag;
    // Ids start above any id an earlier run may have used (prepared transactions keep theirs
    // across a restart), and stay ordered by begin time within this run.
    long base = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    // Branches prepared before a restart are still in doubt: they hold their keys' locks again
    // until the transaction manager that coordinates them decides.
    for (PreparedTransaction p : db.preparedTransactions()) {
      base = Math.max(base, idTag < 0 ? p.txnId() : (p.txnId() >>> ID_TAG_BITS) + 1);
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
    Transaction t = new Transaction(this, nextId(), db.lastSequence(), principal);
    open.add(t);
    return t;
  }

  /**
   * Begins a transaction that only commits a batch ({@link Transaction#commitBatch}) and reads
   * nothing: it takes no snapshot, so on a cluster node it costs no read barrier. Its
   * {@link Transaction#snapshot()} is -1.
   */
  public Transaction beginWriteOnly(String principal) {
    Transaction t = new Transaction(this, nextId(), -1, principal);
    open.add(t);
    return t;
  }

  private long nextId() {
    long n = ids.incrementAndGet();
    return idTag < 0 ? n : n << ID_TAG_BITS | idTag;
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

  /**
   * Ends every active transaction: each one's locks are released now, and its owner's next call
   * (a statement, commit or prepare) rolls it back and fails with
   * {@link com.blockdb.engine.ErrorCode#TRANSACTION_ABORTED} (SQLState 40001: retry it) naming
   * {@code reason}. Prepared branches are not touched: their PREPARE record is durable. A cluster
   * calls it when its leader changes. Returns how many transactions it ended.
   */
  public int abortOpen(String reason) {
    List<Transaction> ended = new ArrayList<>();
    for (Transaction t : open) {
      if (t.requestAbort(reason)) {
        ended.add(t);
      }
    }
    // Waiters' locks first: a holder released first could hand its lock to a waiter being ended
    // too, whose statement would then go on as if nothing had happened instead of failing now.
    Set<Long> waiting = locks.waitsFor().keySet();
    ended.sort(java.util.Comparator.comparing(t -> !waiting.contains(t.id())));
    for (Transaction t : ended) {
      t.releaseLocks();
    }
    return ended.size();
  }

  /**
   * Reconciles the prepared XA branches with the engine's, for a database that other writers
   * change too (a cluster node, whose log applies what other nodes prepared and decided): a branch
   * the engine holds in doubt and this manager does not know is adopted (XA recover lists it, it
   * can be committed or rolled back here, and it takes its keys' locks where no open transaction
   * of this node holds them); a branch this manager holds that the engine no longer has in doubt
   * was decided elsewhere and ends, releasing its locks. On a single database it changes nothing.
   */
  public synchronized void syncPrepared() {
    Map<Long, PreparedTransaction> inEngine = new java.util.HashMap<>();
    for (PreparedTransaction p : db.preparedTransactions()) {
      if (p.xid() != null) {
        inEngine.put(p.txnId(), p);
      }
    }
    for (Transaction t : List.copyOf(preparedByXid.values())) {
      if (!inEngine.containsKey(t.id())) {
        t.decidedElsewhere();
      }
    }
    Set<Long> known = new java.util.HashSet<>();
    for (Transaction t : open) {
      known.add(t.id());
    }
    for (PreparedTransaction p : inEngine.values()) {
      if (!known.contains(p.txnId())) {
        Transaction t = Transaction.adopted(this, p);
        open.add(t);
        preparedByXid.put(hex(p.xid()), t);
      }
    }
  }

  /**
   * The prepared XA branch with {@code xid}, or null. Not known here, it is looked for among the
   * engine's ({@link #syncPrepared}): a cluster node may complete a branch another node prepared.
   */
  public Transaction preparedBranch(byte[] xid) {
    Transaction t = preparedByXid.get(hex(xid));
    if (t == null) {
      syncPrepared();
      t = preparedByXid.get(hex(xid));
    }
    return t;
  }

  /**
   * The xids of every prepared XA branch awaiting its decision (what XA recover lists), the
   * engine's included ({@link #syncPrepared}).
   */
  public List<byte[]> inDoubtXids() {
    syncPrepared();
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

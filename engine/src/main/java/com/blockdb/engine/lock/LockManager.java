package com.blockdb.engine.lock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The lock table of BlockDB's transactions: SHARED and EXCLUSIVE locks on {@link LockKey}s, held
 * until the transaction ends ({@link #releaseAll}).
 *
 * <ul>
 *   <li><b>Fairness.</b> Each resource has a FIFO queue; a request never overtakes a queued request
 *       it conflicts with. A SHARED holder asking for EXCLUSIVE (an upgrade) is granted at once when
 *       it is the only holder, and otherwise queues ahead of all other requests.
 *   <li><b>Deadlocks</b> are detected when the wait that closes a cycle begins: the new waiter walks
 *       the wait-for graph (waiter to conflicting holders and conflicting requests queued ahead).
 *       The youngest transaction of the cycle, the largest id, is the victim: if that is the
 *       requester its {@code acquire} throws {@link DeadlockException} at once; otherwise the
 *       victim's pending {@code acquire} is woken and throws it, and the requester keeps waiting.
 *       Either way the victim's locks stay held until its owner calls {@link #releaseAll}.
 *   <li><b>Timeouts</b> bound each wait separately (as PostgreSQL's {@code lock_timeout} does): a
 *       request still queued after {@code timeoutNanos} is withdrawn and throws {@link
 *       LockTimeoutException}; {@code timeoutNanos <= 0} never waits.
 *   <li><b>Interrupts</b> end a wait like an abort: the request is withdrawn, {@link
 *       LockWaitException} is thrown and the interrupt flag stays set.
 * </ul>
 *
 * <p>{@code acquire} returns normally exactly when the transaction then holds the lock.
 *
 * <p>Threading: safe for any number of threads. One transaction makes one request at a time
 * (its own thread, or threads taking turns); {@link #releaseAll} may come from any thread, and
 * cancels a wait in progress. An uncontended request takes two hash lookups and two uncontended
 * monitors (the resource's, the transaction's); a request that must wait also takes the one
 * manager-wide {@code graphLock}, which serializes the beginnings of waits with the deadlock
 * search. Lock order: {@code graphLock}, then one resource monitor; a transaction's monitor is
 * always taken alone.
 */
public final class LockManager {

  private final ConcurrentHashMap<LockKey, LockState> resources = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, TxnLocks> txns = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, TableGate> gates = new ConcurrentHashMap<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  /** Held while a wait begins and the graph is searched for the cycle it may close. */
  private final Object graphLock = new Object();

  public LockManager() {}

  /**
   * Blocks until {@code txnId} holds {@code resource} in {@code mode}. Re-entrant: a lock already
   * held (EXCLUSIVE covers SHARED) returns at once. SHARED to EXCLUSIVE is an upgrade, granted when
   * the transaction is the only holder, else after the other holders leave.
   *
   * @throws DeadlockException this transaction was chosen to break a deadlock
   * @throws LockTimeoutException the wait lasted longer than {@code timeoutNanos}
   * @throws LockWaitException the thread was interrupted while waiting, or {@link #releaseAll}
   *     ended the transaction meanwhile
   */
  public void acquire(long txnId, LockKey resource, LockMode mode, long timeoutNanos) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(mode, "mode");
    TxnLocks txn = txnFor(txnId);
    enterTable(txn, resource, mode, timeoutNanos);
    LockState added = lock(txn, resource, mode, timeoutNanos);
    if (added != null && !txn.record(added)) {
      giveBack(txn, List.of(added));
    }
  }

  /**
   * {@link #acquire} for each resource in list order, with the per-key cost of the uncontended case
   * kept to the resource's own lookup. Each wait has its own {@code timeoutNanos}. On an exception
   * the locks taken before it stay held (release them with {@link #releaseAll}). Callers that sort
   * their keys avoid deadlocks between batches.
   */
  public void acquireAll(long txnId, List<LockKey> keys, LockMode mode, long timeoutNanos) {
    Objects.requireNonNull(mode, "mode");
    TxnLocks txn = txnFor(txnId);
    ArrayList<LockState> added = new ArrayList<>(keys.size());
    try {
      int table = 0;
      boolean entered = false;
      for (LockKey resource : keys) {
        if (txn.closed) {
          break; // released by another thread: what was taken is given back below
        }
        if (!entered || resource.table() != table) {
          table = resource.table();
          entered = true;
          enterTable(txn, resource, mode, timeoutNanos);
        }
        LockState s = lock(txn, Objects.requireNonNull(resource, "resource"), mode, timeoutNanos);
        if (s != null) {
          added.add(s);
        }
      }
    } catch (RuntimeException e) {
      if (!added.isEmpty() && !txn.recordAll(added)) {
        giveBackQuietly(txn, added);
      }
      throw e;
    }
    if (!added.isEmpty() && !txn.recordAll(added)) {
      giveBack(txn, added);
    }
  }

  /**
   * Releases every lock {@code txnId} holds and cancels its wait, if any (that {@code acquire}
   * throws {@link LockWaitException}); grants the queued requests that can now go, in queue order.
   * A later {@code acquire} with the same id starts a new set of locks.
   */
  public void releaseAll(long txnId) {
    TxnLocks txn = txns.remove(txnId);
    if (txn == null) {
      return;
    }
    LockState[] held = txn.close();
    // Read after close() set the flag: a wait that began meanwhile sees the flag, or is seen here.
    Waiter w = txn.waiting;
    if (w != null) {
      end(w, Waiter.Outcome.CANCELLED);
    }
    for (LockState s : held) {
      synchronized (s) {
        s.release(txn);
        retireIfUnused(s);
      }
    }
    for (int table : txn.tables()) {
      gate(table).exitLocker();
    }
  }

  /**
   * Starts a write of {@code tables} that takes no key locks (an autocommit batch, whose engine
   * write checks its keys for duplicates itself): true when no transaction holds or is taking a
   * key lock in any of them; the caller then writes and calls {@link #endUnlockedWrite}. False,
   * changing nothing, otherwise: the caller takes its key locks as usual. Never waits. See {@link
   * TableGate} for why skipping the locks then changes nothing a transaction can observe.
   */
  public boolean tryBeginUnlockedWrite(int[] tables) {
    for (int i = 0; i < tables.length; i++) {
      if (!gate(tables[i]).tryEnterUnlocked()) {
        for (int j = 0; j < i; j++) {
          gate(tables[j]).exitUnlocked();
        }
        return false;
      }
    }
    return true;
  }

  /** Ends a write {@link #tryBeginUnlockedWrite} started, once the engine write has returned. */
  public void endUnlockedWrite(int[] tables) {
    for (int table : tables) {
      gate(table).exitUnlocked();
    }
  }

  /**
   * Transactions counted as taking key locks in some table, summed over tables (0 once every
   * transaction has been released), and unlocked writes in flight: for tests of the lock table's
   * baseline.
   */
  public int gatedCount() {
    int n = 0;
    for (TableGate g : gates.values()) {
      n += g.lockers() + g.unlockedWriters();
    }
    return n;
  }

  private TableGate gate(int table) {
    TableGate g = gates.get(table);
    return g != null ? g : gates.computeIfAbsent(table, t -> new TableGate());
  }

  /**
   * Before a transaction's first key lock in a table: counts it as a locker of the table's gate
   * and waits for unlocked writes in flight there to return, so that the key's state it then
   * checks includes them.
   */
  private void enterTable(TxnLocks txn, LockKey resource, LockMode mode, long timeoutNanos) {
    TableGate gate = gate(resource.table());
    if (txn.enterTable(resource.table(), gate) == TxnLocks.TABLE_CLOSED) {
      return; // released meanwhile: the grant that follows is given back
    }
    try {
      if (!gate.awaitNoUnlockedWriters(timeoutNanos)) {
        throw new LockTimeoutException(txn.id, resource, mode, Set.of(), Set.of(), Math.max(0, timeoutNanos));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(txn, resource, mode);
    }
  }

  /** Resources with a holder or a waiter; 0 once every transaction has been released. */
  public int lockedResourceCount() {
    return resources.size();
  }

  /** Requests queued now. */
  public int waitingCount() {
    return waitingCount.get();
  }

  /** Whether {@code txnId} holds {@code resource} in {@code mode} or stronger. */
  public boolean holds(long txnId, LockKey resource, LockMode mode) {
    LockState s = resources.get(resource);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.holds(txnId, mode);
    }
  }

  /**
   * The current wait-for graph: each waiting transaction to the transactions it waits for (those
   * holding its resource in a conflicting mode, and conflicting requests queued ahead of it).
   */
  public Map<Long, Set<Long>> waitsFor() {
    Map<Long, Set<Long>> graph = new TreeMap<>();
    synchronized (graphLock) {
      for (LockState s : resources.values()) {
        synchronized (s) {
          s.addEdges(graph);
        }
      }
    }
    graph.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    return Collections.unmodifiableMap(graph);
  }

  private TxnLocks txnFor(long txnId) {
    TxnLocks txn = txns.get(txnId);
    return txn != null ? txn : txns.computeIfAbsent(txnId, TxnLocks::new);
  }

  private LockState stateFor(LockKey key) {
    LockState s = resources.get(key);
    if (s == null) {
      LockState fresh = new LockState(key, waitingCount);
      s = resources.putIfAbsent(key, fresh);
      if (s == null) {
        s = fresh;
      }
    }
    return s;
  }

  /**
   * Takes the lock; returns the state when the transaction became a new holder (for the caller to
   * record), null when it already held it (re-entry or upgrade).
   */
  private LockState lock(TxnLocks txn, LockKey key, LockMode mode, long timeoutNanos) {
    while (true) {
      LockState s = stateFor(key);
      synchronized (s) {
        if (s.retired) {
          continue;
        }
        switch (s.tryGrant(txn, mode)) {
          case GRANTED:
            return s;
          case ALREADY_HELD:
          case UPGRADED:
            return null;
          default:
            if (timeoutNanos <= 0) {
              throw new LockTimeoutException(txn.id, key, mode, s.holderIds(txn),
                  s.queuedIds(mode, null), 0);
            }
            break;
        }
      }
      return lockSlow(txn, key, mode, timeoutNanos);
    }
  }

  /** Queues the request, searches for the deadlock it may close, and waits for the outcome. */
  private LockState lockSlow(TxnLocks txn, LockKey key, LockMode mode, long timeoutNanos) {
    long start = System.nanoTime();
    Waiter w;
    synchronized (graphLock) {
      while (true) {
        LockState s = stateFor(key);
        synchronized (s) {
          if (s.retired) {
            continue;
          }
          // The resource may have changed since the fast path looked.
          switch (s.tryGrant(txn, mode)) {
            case GRANTED:
              return s;
            case ALREADY_HELD:
            case UPGRADED:
              return null;
            default:
              break;
          }
          if (Thread.currentThread().isInterrupted()) {
            throw interrupted(txn, key, mode);
          }
          w = new Waiter(txn, s, mode, s.isHeldBy(txn), Thread.currentThread());
          s.enqueue(w);
          break;
        }
      }
      breakDeadlocks(w);
    }
    if (txn.closed) {
      // releaseAll ran while this wait began and may have missed it.
      end(w, Waiter.Outcome.CANCELLED);
    }
    return await(w, start, timeoutNanos);
  }

  /**
   * While {@code w} closes a cycle, aborts the cycle's youngest transaction; repeats because one
   * wait can close several cycles. Called under {@link #graphLock}.
   */
  private void breakDeadlocks(Waiter w) {
    while (w.outcome == Waiter.Outcome.WAITING) {
      List<TxnLocks> cycle = DeadlockDetector.findCycle(w.txn);
      if (cycle == null) {
        return;
      }
      int victim = 0;
      for (int i = 1; i < cycle.size(); i++) {
        if (cycle.get(i).id > cycle.get(victim).id) {
          victim = i;
        }
      }
      Waiter vw = cycle.get(victim).waiting;
      if (vw == null) {
        continue; // its wait ended meanwhile, which broke this cycle
      }
      List<Long> ids = new ArrayList<>(cycle.size());
      for (int i = 0; i < cycle.size(); i++) {
        ids.add(cycle.get((victim + i) % cycle.size()).id);
      }
      vw.cycle = ids;
      end(vw, Waiter.Outcome.DEADLOCK);
    }
  }

  /** Parks until the request's outcome is decided, ending it itself on timeout or interrupt. */
  private LockState await(Waiter w, long start, long timeoutNanos) {
    boolean interrupted = false;
    while (w.outcome == Waiter.Outcome.WAITING) {
      if (Thread.interrupted()) {
        interrupted = true;
        end(w, Waiter.Outcome.INTERRUPTED);
        break;
      }
      long left = timeoutNanos - (System.nanoTime() - start);
      if (left <= 0) {
        end(w, Waiter.Outcome.TIMED_OUT);
        break;
      }
      LockSupport.parkNanos(this, left);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LockKey key = w.state.key;
    switch (w.outcome) {
      case GRANTED:
        return w.newHolder ? w.state : null;
      case DEADLOCK:
        throw new DeadlockException(w.txn.id, w.cycle, key, w.mode);
      case TIMED_OUT:
        throw new LockTimeoutException(w.txn.id, key, w.mode, w.holdersAtEnd, w.aheadAtEnd,
            timeoutNanos);
      case INTERRUPTED:
        throw interrupted(w.txn, key, w.mode);
      default:
        throw new LockWaitException(w.txn.id, "transaction " + w.txn.id
            + " was released while waiting for " + w.mode.lock() + " on " + key);
    }
  }

  /** Ends a queued request without the lock, unless its outcome was decided already. */
  private void end(Waiter w, Waiter.Outcome outcome) {
    LockState s = w.state;
    synchronized (s) {
      if (w.outcome != Waiter.Outcome.WAITING) {
        return;
      }
      s.withdraw(w, outcome);
      retireIfUnused(s);
    }
    if (w.thread != Thread.currentThread()) {
      LockSupport.unpark(w.thread);
    }
  }

  /** Undoes grants made after {@link #releaseAll} closed the transaction, then reports it. */
  private void giveBack(TxnLocks txn, List<LockState> states) {
    giveBackQuietly(txn, states);
    throw new LockWaitException(txn.id, "transaction " + txn.id
        + " was released while it was acquiring a lock on " + states.get(0).key);
  }

  private void giveBackQuietly(TxnLocks txn, List<LockState> states) {
    for (LockState s : states) {
      synchronized (s) {
        s.release(txn);
        retireIfUnused(s);
      }
    }
  }

  /** Under {@code s}'s monitor: takes an idle state out of the table. */
  private void retireIfUnused(LockState s) {
    if (s.isUnused()) {
      s.retired = true;
      resources.remove(s.key, s);
    }
  }

  private static LockWaitException interrupted(TxnLocks txn, LockKey key, LockMode mode) {
    return new LockWaitException(txn.id, "transaction " + txn.id
        + " was interrupted while waiting for " + mode.lock() + " on " + key);
  }
}

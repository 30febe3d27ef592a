package com.blockdb.engine.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One resource's holders and its FIFO queue of waiting requests.
 *
 * <p>Threading: every method must be called with this object's monitor held. Grants follow the
 * queue strictly: the head is granted when it is compatible with the holders, then the next, and
 * the first request that cannot be granted stops the pass, so nothing overtakes a conflicting
 * request queued before it. Upgrades (a SHARED holder asking for EXCLUSIVE) queue ahead of every
 * other request, behind earlier upgrades only. Once {@link #retired} is set the object is out of
 * the lock table and must not be used; callers look the key up again.
 */
final class LockState {

  /** What {@link #tryGrant} did. */
  enum Attempt { ALREADY_HELD, GRANTED, UPGRADED, MUST_WAIT }

  /** A transaction holding the resource, and how. */
  private static final class Holder {
    final TxnLocks txn;
    LockMode mode;

    Holder(TxnLocks txn, LockMode mode) {
      this.txn = txn;
      this.mode = mode;
    }
  }

  final LockKey key;
  /** Requests queued in all lock states of the manager, kept for {@link LockManager#waitingCount}. */
  private final AtomicInteger waitingCount;
  private final ArrayList<Holder> holders = new ArrayList<>(1);
  /** Allocated at the first wait: most resources are never contended. */
  private ArrayList<Waiter> queue;
  boolean retired;

  LockState(LockKey key, AtomicInteger waitingCount) {
    this.key = key;
    this.waitingCount = waitingCount;
  }

  /** Grants {@code mode} at once if the rules allow it without waiting. */
  Attempt tryGrant(TxnLocks txn, LockMode mode) {
    Holder own = holderOf(txn);
    if (own != null) {
      if (own.mode.covers(mode)) {
        return Attempt.ALREADY_HELD;
      }
      // An upgrade goes before every queued request, so only other holders can stop it.
      if (holders.size() == 1) {
        own.mode = LockMode.EXCLUSIVE;
        return Attempt.UPGRADED;
      }
      return Attempt.MUST_WAIT;
    }
    // A non-empty queue means its head conflicts with a holder or with this request; either way
    // this request would overtake a conflicting one, so it queues.
    if (isQueueEmpty() && compatibleWithHolders(txn, mode)) {
      holders.add(new Holder(txn, mode));
      return Attempt.GRANTED;
    }
    return Attempt.MUST_WAIT;
  }

  /** Whether {@code txn} holds this resource in any mode (a request that must wait is an upgrade). */
  boolean isHeldBy(TxnLocks txn) {
    return holderOf(txn) != null;
  }

  /** Queues a request that {@link #tryGrant} refused. */
  void enqueue(Waiter w) {
    if (queue == null) {
      queue = new ArrayList<>(2);
    }
    if (w.upgrade) {
      int i = 0;
      while (i < queue.size() && queue.get(i).upgrade) {
        i++;
      }
      queue.add(i, w);
    } else {
      queue.add(w);
    }
    waitingCount.incrementAndGet();
    w.txn.waiting = w;
  }

  /**
   * Ends a queued request without the lock and grants whatever its leaving lets go. The caller
   * wakes the waiting thread if it is not the caller.
   */
  void withdraw(Waiter w, Waiter.Outcome outcome) {
    if (outcome == Waiter.Outcome.TIMED_OUT) {
      w.holdersAtEnd = holderIds(w.txn);
      w.aheadAtEnd = queuedIds(w.mode, w);
    }
    dequeue(w);
    w.outcome = outcome;
    grantWaiters();
  }

  /** Drops {@code txn}'s hold, if any, and grants whatever that lets go. */
  void release(TxnLocks txn) {
    for (int i = 0; i < holders.size(); i++) {
      if (holders.get(i).txn == txn) {
        holders.remove(i);
        grantWaiters();
        return;
      }
    }
  }

  /** No holder and no waiter: the state can leave the lock table. */
  boolean isUnused() {
    return holders.isEmpty() && isQueueEmpty();
  }

  /** The transactions {@code w} waits for: conflicting holders and conflicting requests ahead. */
  List<TxnLocks> blockers(Waiter w) {
    List<TxnLocks> out = new ArrayList<>(holders.size() + 1);
    for (Holder h : holders) {
      if (h.txn != w.txn && !h.mode.compatibleWith(w.mode)) {
        out.add(h.txn);
      }
    }
    for (Waiter q : queue) {
      if (q == w) {
        break;
      }
      if (q.txn != w.txn && !q.mode.compatibleWith(w.mode)) {
        out.add(q.txn);
      }
    }
    return out;
  }

  /** Adds every queued request's edges (waiter id to blocker ids) to {@code graph}. */
  void addEdges(Map<Long, Set<Long>> graph) {
    if (queue == null) {
      return;
    }
    for (Waiter w : queue) {
      for (TxnLocks b : blockers(w)) {
        graph.computeIfAbsent(w.txn.id, id -> new TreeSet<>()).add(b.id);
      }
    }
  }

  boolean holds(long txnId, LockMode mode) {
    for (Holder h : holders) {
      if (h.txn.id == txnId && h.mode.covers(mode)) {
        return true;
      }
    }
    return false;
  }

  Set<Long> holderIds(TxnLocks except) {
    Set<Long> ids = new TreeSet<>();
    for (Holder h : holders) {
      if (h.txn != except) {
        ids.add(h.txn.id);
      }
    }
    return ids;
  }

  /** The queued requests conflicting with {@code mode} ahead of {@code w} (all of them if null). */
  Set<Long> queuedIds(LockMode mode, Waiter w) {
    Set<Long> ids = new TreeSet<>();
    if (queue != null) {
      for (Waiter q : queue) {
        if (q == w) {
          break;
        }
        if (!q.mode.compatibleWith(mode)) {
          ids.add(q.txn.id);
        }
      }
    }
    return ids;
  }

  /** Grants from the head of the queue until a request conflicts with the holders. */
  private void grantWaiters() {
    while (!isQueueEmpty()) {
      Waiter w = queue.get(0);
      if (!compatibleWithHolders(w.txn, w.mode)) {
        return;
      }
      dequeue(w);
      Holder own = holderOf(w.txn);
      if (own == null) {
        // Normally a new holder; also an upgrade whose SHARED hold releaseAll took meanwhile.
        holders.add(new Holder(w.txn, w.mode));
        w.newHolder = true;
      } else if (!own.mode.covers(w.mode)) {
        own.mode = w.mode;
      }
      w.outcome = Waiter.Outcome.GRANTED;
      LockSupport.unpark(w.thread);
    }
  }

  private void dequeue(Waiter w) {
    queue.remove(w);
    waitingCount.decrementAndGet();
    if (w.txn.waiting == w) {
      w.txn.waiting = null;
    }
  }

  private boolean isQueueEmpty() {
    return queue == null || queue.isEmpty();
  }

  private boolean compatibleWithHolders(TxnLocks txn, LockMode mode) {
    for (Holder h : holders) {
      if (h.txn != txn && !h.mode.compatibleWith(mode)) {
        return false;
      }
    }
    return true;
  }

  private Holder holderOf(TxnLocks txn) {
    for (Holder h : holders) {
      if (h.txn == txn) {
        return h;
      }
    }
    return null;
  }
}

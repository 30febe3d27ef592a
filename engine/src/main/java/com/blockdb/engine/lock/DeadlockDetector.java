package com.blockdb.engine.lock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds a wait-for cycle through one transaction by walking the lock table: a waiting
 * transaction's edges lead to the transactions holding or queued ahead of it in conflicting modes.
 *
 * <p>Threading: callers hold the manager's graph lock, so no wait begins during the walk; each
 * resource is read under its own monitor. Edges between waiting transactions appear only when a
 * wait begins, so a cycle the walk sees existed in full when the walk began.
 */
final class DeadlockDetector {

  private DeadlockDetector() {}

  /** One transaction on the walk's path and the blockers of it still to follow. */
  private static final class Step {
    final TxnLocks txn;
    final List<TxnLocks> blockers;
    int next;

    Step(TxnLocks txn, List<TxnLocks> blockers) {
      this.txn = txn;
      this.blockers = blockers;
    }
  }

  /**
   * A cycle through {@code start}, as the path from {@code start} (each waits for the next and the
   * last for {@code start}), or null if there is none. Iterative, so long chains cannot overflow
   * the stack.
   */
  static List<TxnLocks> findCycle(TxnLocks start) {
    Set<TxnLocks> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Step> path = new ArrayDeque<>();
    seen.add(start);
    path.push(new Step(start, blockersOf(start)));
    while (!path.isEmpty()) {
      Step top = path.peek();
      if (top.next == top.blockers.size()) {
        path.pop();
        continue;
      }
      TxnLocks b = top.blockers.get(top.next++);
      if (b == start) {
        List<TxnLocks> cycle = new ArrayList<>(path.size());
        path.descendingIterator().forEachRemaining(s -> cycle.add(s.txn));
        return cycle;
      }
      if (seen.add(b)) {
        path.push(new Step(b, blockersOf(b)));
      }
    }
    return null;
  }

  /** The edges out of {@code txn}: none unless it is waiting now. */
  static List<TxnLocks> blockersOf(TxnLocks txn) {
    Waiter w = txn.waiting;
    if (w == null) {
      return List.of();
    }
    synchronized (w.state) {
      return w.outcome == Waiter.Outcome.WAITING ? w.state.blockers(w) : List.of();
    }
  }
}

package com.blockdb.engine.lock;

import java.util.ArrayList;

/**
 * One transaction's side of the lock table: the resources it holds (so {@link
 * LockManager#releaseAll} visits only those) and the request it is waiting on, if any.
 *
 * <p>{@link #held} is guarded by this object's monitor, which is a leaf: nothing else is locked while
 * it is held. {@link #waiting} is written under the monitor of the resource waited on.
 */
final class TxnLocks {
  final long id;
  final ArrayList<LockState> held = new ArrayList<>();
  /** Set once by releaseAll; a lock granted afterwards is given back at once. */
  volatile boolean closed;
  /** The request this transaction is queued with, or null; a node of the wait-for graph if set. */
  volatile Waiter waiting;

  TxnLocks(long id) {
    this.id = id;
  }

  /** Records newly held resources; false (recording nothing) if the transaction was released. */
  synchronized boolean record(LockState state) {
    if (closed) {
      return false;
    }
    held.add(state);
    return true;
  }

  /** Like {@link #record(LockState)} for a batch. */
  synchronized boolean recordAll(ArrayList<LockState> states) {
    if (closed) {
      return false;
    }
    held.addAll(states);
    return true;
  }

  /** {@link #enterTable}'s answers. */
  static final int TABLE_NEW = 1;
  static final int TABLE_KNOWN = 0;
  static final int TABLE_CLOSED = -1;

  /** Tables whose {@link TableGate} counts this transaction as a locker (few: a short array). */
  private int[] tables = new int[2];
  private int tableCount;

  /**
   * Counts this transaction as a locker of {@code table}'s gate the first time it locks a key
   * there: {@link #TABLE_NEW} when it just did, {@link #TABLE_KNOWN} when it already was, {@link
   * #TABLE_CLOSED} (doing nothing) once released. Under this monitor, so {@link #close} hands over
   * exactly the tables counted.
   */
  synchronized int enterTable(int table, TableGate gate) {
    if (closed) {
      return TABLE_CLOSED;
    }
    for (int i = 0; i < tableCount; i++) {
      if (tables[i] == table) {
        return TABLE_KNOWN;
      }
    }
    if (tableCount == tables.length) {
      tables = java.util.Arrays.copyOf(tables, 2 * tableCount);
    }
    tables[tableCount++] = table;
    gate.enterLocker();
    return TABLE_NEW;
  }

  /** After {@link #close}: the tables this transaction was counted as a locker of. */
  synchronized int[] tables() {
    return java.util.Arrays.copyOf(tables, tableCount);
  }

  /** Marks the transaction released and hands over what it held. */
  synchronized LockState[] close() {
    closed = true;
    LockState[] all = held.toArray(new LockState[0]);
    held.clear();
    return all;
  }

  @Override
  public String toString() {
    return "transaction " + id;
  }
}

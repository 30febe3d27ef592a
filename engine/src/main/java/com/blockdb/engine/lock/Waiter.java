package com.blockdb.engine.lock;

import java.util.List;
import java.util.Set;

/**
 * One queued lock request. Its outcome is decided exactly once, under the monitor of its {@link
 * LockState}, by whoever ends the wait (a releaser granting it, the deadlock detector, a timeout,
 * releaseAll); the waiting thread reads the outcome after it wakes.
 */
final class Waiter {

  /** How the wait ended. */
  enum Outcome { WAITING, GRANTED, DEADLOCK, TIMED_OUT, INTERRUPTED, CANCELLED }

  final TxnLocks txn;
  final LockState state;
  final LockMode mode;
  /** The transaction already holds the resource SHARED and asks for EXCLUSIVE. */
  final boolean upgrade;
  final Thread thread;
  /** For DEADLOCK: the cycle starting with this transaction. Written before {@link #outcome}. */
  List<Long> cycle;
  /** For TIMED_OUT: who blocked the request. Written before {@link #outcome}. */
  Set<Long> holdersAtEnd;
  Set<Long> aheadAtEnd;
  /** For GRANTED: the grant added a holder (the caller records it), not just raised a mode. */
  boolean newHolder;
  volatile Outcome outcome = Outcome.WAITING;

  Waiter(TxnLocks txn, LockState state, LockMode mode, boolean upgrade, Thread thread) {
    this.txn = txn;
    this.state = state;
    this.mode = mode;
    this.upgrade = upgrade;
    this.thread = thread;
  }
}

package com.blockdb.engine.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-table switch between key locking and lock-free autocommit writes: while no transaction
 * holds or waits for a key lock in the table, an autocommit batch may skip its per-key locks; a
 * transaction taking its first key lock in the table waits until such batches in flight have
 * finished, and none starts until it releases its locks.
 *
 * <p>Why this is enough: an autocommit batch that skipped its locks is one engine write whose
 * duplicate check decides its keys, as the lock would have made it wait for no one (nobody held
 * a lock in the table). A transaction that locks a key afterwards sees the batch's rows, because it
 * locks only after the batch's write returned; and every batch that starts while it holds locks
 * takes key locks again and waits for it as before.
 *
 * <p>State: one word, lockers (transactions holding or acquiring key locks in the table) in the
 * high 32 bits, unlocked writers in flight in the low 32 bits.
 */
final class TableGate {

  private static final long LOCKER = 1L << 32;
  private static final long WRITERS = 0xFFFF_FFFFL;

  private final AtomicLong state = new AtomicLong();
  /**
   * Threads in {@link #awaitNoUnlockedWriters}. Written before they read the state, read by the
   * last writer after it wrote it (both sequentially consistent), so one of them sees the other:
   * no wake-up is lost, and a writer leaves without a monitor when nobody waits.
   */
  private final AtomicInteger waiters = new AtomicInteger();

  /** Enters as an unlocked writer; false, changing nothing, while any transaction locks keys here. */
  boolean tryEnterUnlocked() {
    while (true) {
      long s = state.get();
      if (s >= LOCKER) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Leaves as an unlocked writer (its write has returned); wakes lockers waiting for the last one. */
  void exitUnlocked() {
    long s = state.decrementAndGet();
    if ((s & WRITERS) == 0 && waiters.get() > 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Counts a transaction as a locker: from now on no unlocked writer enters. */
  void enterLocker() {
    state.addAndGet(LOCKER);
  }

  /** Uncounts a locker (at the end of its transaction). */
  void exitLocker() {
    state.addAndGet(-LOCKER);
  }

  /** Unlocked writers in flight. */
  int unlockedWriters() {
    return (int) (state.get() & WRITERS);
  }

  /** Transactions counted as lockers. */
  int lockers() {
    return (int) (state.get() >>> 32);
  }

  /**
   * Waits until no unlocked writer is in flight (they are single engine writes, so this is short);
   * false if {@code timeoutNanos} passed first ({@code <= 0}: does not wait).
   *
   * @throws InterruptedException the thread was interrupted while waiting
   */
  boolean awaitNoUnlockedWriters(long timeoutNanos) throws InterruptedException {
    if ((state.get() & WRITERS) == 0) {
      return true;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    try {
      synchronized (this) {
        while ((state.get() & WRITERS) != 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      }
      return true;
    } finally {
      waiters.decrementAndGet();
    }
  }
}

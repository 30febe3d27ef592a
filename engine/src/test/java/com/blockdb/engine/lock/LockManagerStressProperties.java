package com.blockdb.engine.lock;

import static com.blockdb.engine.lock.LockMode.EXCLUSIVE;
import static com.blockdb.engine.lock.LockMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random transactions from several threads on a few keys: SHARED and EXCLUSIVE requests, upgrades,
 * batches in random order, random aborts, a few short timeouts, and always releaseAll at the end.
 *
 * <p>Invariants: mutual exclusion (per-key counters of the holders each transaction has counted,
 * kept inside the time it holds the lock, never show a writer beside anyone else); every deadlock
 * victim is the youngest of its cycle; no wait with the long timeout ever expires (every deadlock
 * was detected and no wake-up was lost); every thread finishes; the lock table is empty at the end.
 */
class LockManagerStressProperties {

  /** No wait lasts this long unless a deadlock went undetected or a wake-up was lost. */
  static final long LONG = TimeUnit.SECONDS.toNanos(20);
  static final long SHORT = TimeUnit.MICROSECONDS.toNanos(200);
  static final int TXNS_PER_THREAD = 100;

  @Property
  void randomTransactionsKeepLocksExclusiveAndLeaveNothingBehind(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 4) int threads,
      @ForAll @IntRange(min = 1, max = 5) int keys,
      @ForAll boolean interrupts) throws InterruptedException {
    Run run = new Run(keys, threads, true);
    run.execute(seed, interrupts ? run::interruptSomeone : null);
    run.assertClean();
    Statistics.label("deadlocks").collect(run.deadlocks.get() > 0);
  }

  /**
   * releaseAll from another thread, at random moments of a transaction (while it waits, between
   * two grants, in the middle of a batch), cancels its wait or gives back what it gets meanwhile:
   * nothing leaks and nobody is left waiting. Mutual exclusion is not counted here, since a
   * transaction ended by someone else no longer holds what it thinks it holds.
   */
  @Property
  void releaseAllFromAnotherThreadNeverLeaksOrWedges(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 4) int threads,
      @ForAll @IntRange(min = 1, max = 5) int keys) throws InterruptedException {
    Run run = new Run(keys, threads, false);
    run.execute(seed, run::releaseSomeone);
    run.assertClean();
  }

  /** One run's lock manager, key counters and findings. */
  static final class Run {
    final LockManager locks = new LockManager();
    final LockKey[] keys;
    final AtomicInteger[] shared;
    final AtomicInteger[] exclusive;
    final boolean countHolders;
    final AtomicLong ids = new AtomicLong();
    /** The transaction each worker runs now (0 between transactions). */
    final AtomicLongArray current;
    final List<Thread> workers = new ArrayList<>();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();
    final AtomicInteger deadlocks = new AtomicInteger();
    final AtomicInteger lostWaits = new AtomicInteger();

    Run(int keyCount, int threads, boolean countHolders) {
      this.countHolders = countHolders;
      keys = new LockKey[keyCount];
      shared = new AtomicInteger[keyCount];
      exclusive = new AtomicInteger[keyCount];
      for (int k = 0; k < keyCount; k++) {
        keys[k] = new LockKey(16, new byte[] {'k', (byte) ('0' + k)});
        shared[k] = new AtomicInteger();
        exclusive[k] = new AtomicInteger();
      }
      current = new AtomicLongArray(threads);
    }

    /** Runs the workers; {@code disturb}, if given, is called repeatedly from this thread meanwhile. */
    void execute(long seed, java.util.function.Consumer<Random> disturb) throws InterruptedException {
      for (int t = 0; t < current.length(); t++) {
        Random rnd = new Random(seed * 31 + t);
        int slot = t;
        Thread w = new Thread(() -> transactions(rnd, slot), "lock-stress-" + t);
        workers.add(w);
        w.start();
      }
      if (disturb != null) {
        Random rnd = new Random(seed);
        while (workers.stream().anyMatch(Thread::isAlive)) {
          disturb.accept(rnd);
          Thread.sleep(0, 100_000);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (Thread w : workers) {
        w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    }

    void interruptSomeone(Random rnd) {
      workers.get(rnd.nextInt(workers.size())).interrupt();
    }

    void releaseSomeone(Random rnd) {
      long txn = current.get(rnd.nextInt(current.length()));
      if (txn != 0) {
        locks.releaseAll(txn);
      }
    }

    void assertClean() {
      List<String> alive = new ArrayList<>();
      for (Thread w : workers) {
        if (w.isAlive()) {
          alive.add(w.getName());
          w.interrupt();
        }
      }
      assertThat(alive).as("threads stuck; wait-for graph %s", locks.waitsFor()).isEmpty();
      assertThat(violations).isEmpty();
      assertThat(lostWaits.get()).as("waits that outlived the long timeout").isZero();
      assertThat(locks.lockedResourceCount()).isZero();
      assertThat(locks.gatedCount()).isZero();
      assertThat(locks.waitingCount()).isZero();
      assertThat(locks.waitsFor()).isEmpty();
    }

    void transactions(Random rnd, int slot) {
      for (int i = 0; i < TXNS_PER_THREAD; i++) {
        long txn = ids.incrementAndGet(); // ids grow with begin time, as the manager assumes
        current.set(slot, txn);
        Map<Integer, LockMode> counted = new HashMap<>();
        try {
          int ops = 1 + rnd.nextInt(4);
          for (int op = 0; op < ops && rnd.nextInt(12) != 0; op++) { // 1 in 12: abort early
            step(rnd, txn, counted);
            Thread.yield();
          }
        } catch (DeadlockException e) {
          deadlocks.incrementAndGet();
          if (e.txnId() != txn || e.cycle().get(0) != txn || Collections.max(e.cycle()) != txn) {
            violations.add("victim " + txn + " is not the youngest: " + e.getMessage());
          }
        } catch (LockTimeoutException e) {
          if (e.timeoutNanos() == LONG) {
            lostWaits.incrementAndGet();
          }
        } catch (LockWaitException e) {
          // Interrupted, or released by another thread: both are disturbances of this run.
          if (e.txnId() != txn) {
            violations.add("transaction " + txn + " got an exception for another: " + e);
          }
        } catch (RuntimeException e) {
          violations.add("transaction " + txn + ": unexpected " + e);
        } finally {
          counted.forEach((k, m) -> (m == SHARED ? shared[k] : exclusive[k]).decrementAndGet());
          current.set(slot, 0);
          locks.releaseAll(txn);
          Thread.interrupted(); // an interrupt meant for this transaction must not end the next
        }
      }
    }

    private void step(Random rnd, long txn, Map<Integer, LockMode> counted) {
      LockMode mode = rnd.nextBoolean() ? SHARED : EXCLUSIVE;
      long timeout = rnd.nextInt(20) == 0 ? SHORT : LONG;
      if (rnd.nextInt(6) == 0) {
        List<Integer> batch = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
          batch.add(k);
        }
        Collections.shuffle(batch, rnd);
        batch = batch.subList(0, 1 + rnd.nextInt(batch.size()));
        List<LockKey> batchKeys = new ArrayList<>();
        batch.forEach(k -> batchKeys.add(keys[k]));
        locks.acquireAll(txn, batchKeys, mode, timeout);
        batch.forEach(k -> count(txn, counted, k, mode));
      } else {
        int k = rnd.nextInt(keys.length);
        locks.acquire(txn, keys[k], mode, timeout);
        count(txn, counted, k, mode);
      }
    }

    /** Counts a lock just granted and checks it against the other counted holders of the key. */
    private void count(long txn, Map<Integer, LockMode> counted, int k, LockMode mode) {
      LockMode before = counted.get(k);
      if (!countHolders || before == EXCLUSIVE || (before == SHARED && mode == SHARED)) {
        return;
      }
      if (mode == SHARED) {
        shared[k].incrementAndGet();
        if (exclusive[k].get() != 0) {
          violations.add("transaction " + txn + " got SHARED " + keys[k] + " beside a writer");
        }
      } else {
        if (before == SHARED) {
          shared[k].decrementAndGet();
        }
        if (exclusive[k].incrementAndGet() != 1 || shared[k].get() != 0) {
          violations.add("transaction " + txn + " got EXCLUSIVE " + keys[k] + " beside a holder");
        }
      }
      counted.put(k, mode);
    }
  }
}

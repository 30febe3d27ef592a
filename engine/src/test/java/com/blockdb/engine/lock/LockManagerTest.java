package com.blockdb.engine.lock;

import static com.blockdb.engine.lock.LockFixture.LONG;
import static com.blockdb.engine.lock.LockFixture.key;
import static com.blockdb.engine.lock.LockFixture.outcome;
import static com.blockdb.engine.lock.LockMode.EXCLUSIVE;
import static com.blockdb.engine.lock.LockMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grants, conflicts, upgrades, FIFO fairness, timeouts, interrupts and cancellation. */
@Timeout(30)
class LockManagerTest {

  final LockFixture fx = new LockFixture();
  final LockManager locks = fx.locks;

  @AfterEach
  void close() {
    fx.close();
  }

  /** Releases every transaction id the test used and checks the table is empty again. */
  private void releaseAndCheckEmpty(long... txns) {
    for (long t : txns) {
      locks.releaseAll(t);
    }
    assertThat(locks.lockedResourceCount()).isZero();
    assertThat(locks.waitingCount()).isZero();
    assertThat(locks.waitsFor()).isEmpty();
  }

  @Test
  void sharedLocksCoexistAndExclusiveCoversShared() {
    fx.take(1, "a", SHARED);
    fx.take(2, "a", SHARED);
    fx.take(3, "b", EXCLUSIVE);
    fx.take(3, "b", SHARED); // re-entrant: EXCLUSIVE already covers it
    fx.take(3, "b", EXCLUSIVE);

    assertThat(locks.holds(1, key("a"), SHARED)).isTrue();
    assertThat(locks.holds(2, key("a"), SHARED)).isTrue();
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isFalse();
    assertThat(locks.holds(3, key("b"), SHARED)).isTrue();
    assertThat(locks.holds(3, key("b"), EXCLUSIVE)).isTrue();
    assertThat(locks.holds(4, key("b"), SHARED)).isFalse();
    assertThat(locks.lockedResourceCount()).isEqualTo(2);

    locks.releaseAll(1);
    assertThat(locks.holds(1, key("a"), SHARED)).isFalse();
    assertThat(locks.holds(2, key("a"), SHARED)).isTrue();
    releaseAndCheckEmpty(2, 3);
  }

  @Test
  void conflictingRequestTimesOutNamingKeyHoldersAndTimeout() {
    fx.take(1, "a", SHARED);
    fx.take(2, "a", SHARED);

    assertThatThrownBy(() -> locks.acquire(3, key("a"), EXCLUSIVE, TimeUnit.MILLISECONDS.toNanos(20)))
        .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
          assertThat(e.txnId()).isEqualTo(3);
          assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_ABORTED);
          assertThat(e.holders()).containsExactlyInAnyOrder(1L, 2L);
          assertThat(e.resource()).isEqualTo(key("a"));
        })
        .hasMessageContaining("transaction 3")
        .hasMessageContaining("EXCLUSIVE lock on table 16 key 'a'")
        .hasMessageContaining("held by transactions 1, 2")
        .hasMessageContaining("20 ms");
    // The timed-out request left no trace: no queue entry, no edge, and SHARED still goes at once.
    assertThat(locks.waitingCount()).isZero();
    assertThat(locks.waitsFor()).isEmpty();
    fx.take(4, "a", SHARED);

    // A zero timeout never waits.
    assertThatThrownBy(() -> locks.acquire(3, key("a"), EXCLUSIVE, 0))
        .isInstanceOf(LockTimeoutException.class)
        .hasMessageContaining("held by transactions 1, 2, 4");
    releaseAndCheckEmpty(1, 2, 3, 4);
  }

  @Test
  void upgradeIsImmediateForTheOnlyHolder() {
    fx.take(1, "a", SHARED);
    fx.take(1, "a", EXCLUSIVE);
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isTrue();
    assertThatThrownBy(() -> fx.take(2, "a", SHARED)).isInstanceOf(LockTimeoutException.class);
    releaseAndCheckEmpty(1, 2);
  }

  @Test
  void upgradeWaitsForOtherHoldersThenGoesAheadOfQueuedRequests() {
    fx.take(1, "a", SHARED);
    fx.take(2, "a", SHARED);
    Future<?> writer = fx.request(3, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(3L, Set.of(1L, 2L)));

    Future<?> upgrade = fx.request(1, "a", EXCLUSIVE);
    // The upgrade waits only for the other holder; the queued writer now waits for it as well.
    fx.awaitGraph(Map.of(1L, Set.of(2L), 3L, Set.of(1L, 2L)));

    locks.releaseAll(2);
    assertThat(outcome(upgrade)).isNull();
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isTrue();
    assertThat(locks.holds(3, key("a"), EXCLUSIVE)).isFalse();
    fx.awaitGraph(Map.of(3L, Set.of(1L)));

    locks.releaseAll(1);
    assertThat(outcome(writer)).isNull();
    assertThat(locks.holds(3, key("a"), EXCLUSIVE)).isTrue();
    releaseAndCheckEmpty(3);
  }

  @Test
  void newRequestDoesNotOvertakeAConflictingQueuedOne() {
    fx.take(1, "a", SHARED);
    Future<?> writer = fx.request(2, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(2L, Set.of(1L)));

    // SHARED is compatible with the holder but not with the writer queued first.
    assertThatThrownBy(() -> fx.take(3, "a", SHARED))
        .isInstanceOf(LockTimeoutException.class)
        .hasMessageContaining("queued behind transaction 2");
    Future<?> reader = fx.request(3, "a", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(1L), 3L, Set.of(2L)));

    locks.releaseAll(1);
    assertThat(outcome(writer)).isNull();
    fx.awaitGraph(Map.of(3L, Set.of(2L)));
    assertThat(locks.holds(3, key("a"), SHARED)).isFalse();

    locks.releaseAll(2);
    assertThat(outcome(reader)).isNull();
    assertThat(locks.holds(3, key("a"), SHARED)).isTrue();
    releaseAndCheckEmpty(3);
  }

  @Test
  void releaseGrantsTheQueuedSharedRequestsTogetherAndStopsAtAWriter() {
    fx.take(1, "a", EXCLUSIVE);
    Future<?> r2 = fx.request(2, "a", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(1L)));
    Future<?> r3 = fx.request(3, "a", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(1L), 3L, Set.of(1L)));
    Future<?> w4 = fx.request(4, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(2L, Set.of(1L), 3L, Set.of(1L), 4L, Set.of(1L, 2L, 3L)));
    Future<?> r5 = fx.request(5, "a", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(1L), 3L, Set.of(1L), 4L, Set.of(1L, 2L, 3L), 5L, Set.of(1L, 4L)));

    locks.releaseAll(1);
    assertThat(outcome(r2)).isNull();
    assertThat(outcome(r3)).isNull();
    fx.awaitGraph(Map.of(4L, Set.of(2L, 3L), 5L, Set.of(4L)));
    assertThat(w4).isNotDone();
    assertThat(r5).isNotDone();

    locks.releaseAll(2);
    locks.releaseAll(3);
    assertThat(outcome(w4)).isNull();
    locks.releaseAll(4);
    assertThat(outcome(r5)).isNull();
    releaseAndCheckEmpty(5);
  }

  @Test
  void interruptEndsTheWaitAndKeepsTheFlag() {
    fx.take(1, "a", EXCLUSIVE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      try {
        locks.acquire(2, key("a"), SHARED, LONG);
      } catch (Throwable t) {
        thrown.set(t);
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    });
    waiter.start();
    fx.awaitGraph(Map.of(2L, Set.of(1L)));
    waiter.interrupt();
    join(waiter);

    assertThat(thrown.get()).isExactlyInstanceOf(LockWaitException.class)
        .hasMessageContaining("transaction 2 was interrupted while waiting for a SHARED lock on table 16 key 'a'");
    assertThat(flagKept).isTrue();
    assertThat(locks.waitingCount()).isZero();
    releaseAndCheckEmpty(1, 2);
  }

  @Test
  void aThreadInterruptedBeforeItMustWaitFailsAtOnce() {
    fx.take(1, "a", EXCLUSIVE);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> locks.acquire(2, key("a"), SHARED, LONG))
          .isExactlyInstanceOf(LockWaitException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    releaseAndCheckEmpty(1, 2);
  }

  @Test
  void releaseAllFromAnotherThreadCancelsTheWait() {
    fx.take(1, "a", EXCLUSIVE);
    fx.take(2, "b", EXCLUSIVE);
    Future<?> waiting = fx.request(2, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(2L, Set.of(1L)));

    locks.releaseAll(2);
    assertThat(outcome(waiting)).isExactlyInstanceOf(LockWaitException.class)
        .hasMessageContaining("transaction 2 was released while waiting");
    assertThat(locks.holds(2, key("b"), EXCLUSIVE)).isFalse();
    releaseAndCheckEmpty(1);
  }

  @Test
  void acquireAllTakesABatchAndWaitsInTheMiddleOfIt() {
    List<LockKey> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(key(String.format("k%04d", i)));
    }
    locks.acquireAll(1, batch.subList(0, 400), EXCLUSIVE, 0);
    assertThat(locks.lockedResourceCount()).isEqualTo(400);

    fx.take(2, "k0700", SHARED);
    Future<?> rest = fx.requestAll(1, batch, EXCLUSIVE); // re-enters the first 400
    fx.awaitGraph(Map.of(1L, Set.of(2L)));
    locks.releaseAll(2);
    assertThat(outcome(rest)).isNull();

    assertThat(batch).allMatch(k -> locks.holds(1, k, EXCLUSIVE));
    assertThat(locks.lockedResourceCount()).isEqualTo(1000);
    releaseAndCheckEmpty(1);
  }

  @Test
  void locksTakenBeforeAFailureInABatchAreReleasedByReleaseAll() {
    fx.take(2, "b", EXCLUSIVE);
    List<LockKey> batch = List.of(key("a"), key("b"), key("c"));
    assertThatThrownBy(() -> locks.acquireAll(1, batch, SHARED, 0))
        .isInstanceOf(LockTimeoutException.class)
        .hasMessageContaining("key 'b'");
    assertThat(locks.holds(1, key("a"), SHARED)).isTrue();
    assertThat(locks.holds(1, key("c"), SHARED)).isFalse();
    releaseAndCheckEmpty(1, 2);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}

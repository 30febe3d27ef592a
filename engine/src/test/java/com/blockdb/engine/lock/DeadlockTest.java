package com.blockdb.engine.lock;

import static com.blockdb.engine.lock.LockFixture.key;
import static com.blockdb.engine.lock.LockFixture.outcome;
import static com.blockdb.engine.lock.LockMode.EXCLUSIVE;
import static com.blockdb.engine.lock.LockMode.SHARED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deadlocks are broken the moment the closing wait begins, by aborting the youngest transaction of
 * the cycle; every wait here has a 60 s timeout, so only detection can end the tests in time.
 */
@Timeout(30)
class DeadlockTest {

  final LockFixture fx = new LockFixture();
  final LockManager locks = fx.locks;

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void twoCycleClosedByTheYoungestAbortsIt() {
    fx.take(1, "a", EXCLUSIVE);
    fx.take(2, "b", EXCLUSIVE);
    Future<?> t1 = fx.request(1, "b", EXCLUSIVE);
    fx.awaitGraph(Map.of(1L, Set.of(2L)));

    assertThatThrownBy(() -> locks.acquire(2, key("a"), EXCLUSIVE, LockFixture.LONG))
        .isInstanceOfSatisfying(DeadlockException.class, e -> {
          assertThat(e.txnId()).isEqualTo(2);
          assertThat(e.cycle()).containsExactly(2L, 1L);
          assertThat(e.resource()).isEqualTo(key("a"));
        })
        .hasMessage("deadlock: transaction 2 waits for 1 waits for 2; transaction 2 (the youngest)"
            + " was aborted while waiting for an EXCLUSIVE lock on table 16 key 'a'; retry the"
            + " transaction");
    // The victim's wait left the graph at once; its locks stay until its owner releases them.
    assertThat(locks.waitsFor()).isEqualTo(Map.of(1L, Set.of(2L)));
    assertThat(locks.holds(2, key("b"), EXCLUSIVE)).isTrue();

    locks.releaseAll(2);
    assertThat(outcome(t1)).isNull();
    assertThat(locks.holds(1, key("b"), EXCLUSIVE)).isTrue();
    releaseAll(1);
  }

  @Test
  void twoCycleClosedByTheOldestAbortsTheYoungestWaiter() {
    fx.take(1, "a", EXCLUSIVE);
    fx.take(2, "b", EXCLUSIVE);
    Future<?> t2 = fx.request(2, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(2L, Set.of(1L)));

    Future<?> t1 = fx.request(1, "b", EXCLUSIVE);
    assertThat(outcome(t2)).isInstanceOfSatisfying(DeadlockException.class, e -> {
      assertThat(e.txnId()).isEqualTo(2);
      assertThat(e.cycle()).containsExactly(2L, 1L);
      assertThat(e.resource()).isEqualTo(key("a"));
    });
    // The requester keeps waiting, now for the victim alone, until the victim is rolled back.
    fx.awaitGraph(Map.of(1L, Set.of(2L)));
    assertThat(locks.holds(2, key("b"), EXCLUSIVE)).isTrue();

    locks.releaseAll(2);
    assertThat(outcome(t1)).isNull();
    assertThat(locks.holds(1, key("b"), EXCLUSIVE)).isTrue();
    releaseAll(1);
  }

  @Test
  void threeCycleAbortsTheYoungestWhoeverClosesIt() {
    fx.take(1, "a", EXCLUSIVE);
    fx.take(2, "b", EXCLUSIVE);
    fx.take(3, "c", EXCLUSIVE);
    Future<?> t2 = fx.request(2, "c", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(3L)));
    Future<?> t3 = fx.request(3, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(2L, Set.of(3L), 3L, Set.of(1L)));

    Future<?> t1 = fx.request(1, "b", EXCLUSIVE); // closes 1 -> 2 -> 3 -> 1
    assertThat(outcome(t3)).isInstanceOfSatisfying(DeadlockException.class, e -> {
      assertThat(e.txnId()).isEqualTo(3);
      assertThat(e.cycle()).containsExactly(3L, 1L, 2L);
      assertThat(e.resource()).isEqualTo(key("a"));
      assertThat(e.getMessage()).contains("transaction 3 waits for 1 waits for 2 waits for 3");
    });
    fx.awaitGraph(Map.of(1L, Set.of(2L), 2L, Set.of(3L)));

    locks.releaseAll(3); // rolled back: 2 gets c, then 1 gets b once 2 commits
    assertThat(outcome(t2)).isNull();
    assertThat(locks.holds(2, key("c"), SHARED)).isTrue();
    locks.releaseAll(2);
    assertThat(outcome(t1)).isNull();
    assertThat(locks.holds(1, key("b"), EXCLUSIVE)).isTrue();
    releaseAll(1);
  }

  @Test
  void threeCycleClosedByTheYoungestFailsItsRequestAtOnce() {
    fx.take(1, "a", EXCLUSIVE);
    fx.take(2, "b", EXCLUSIVE);
    fx.take(3, "c", EXCLUSIVE);
    Future<?> t1 = fx.request(1, "b", EXCLUSIVE);
    fx.awaitGraph(Map.of(1L, Set.of(2L)));
    Future<?> t2 = fx.request(2, "c", EXCLUSIVE);
    fx.awaitGraph(Map.of(1L, Set.of(2L), 2L, Set.of(3L)));

    assertThatThrownBy(() -> locks.acquire(3, key("a"), SHARED, LockFixture.LONG))
        .isInstanceOfSatisfying(DeadlockException.class,
            e -> assertThat(e.cycle()).containsExactly(3L, 1L, 2L));
    assertThat(locks.waitsFor()).isEqualTo(Map.of(1L, Set.of(2L), 2L, Set.of(3L)));

    locks.releaseAll(3);
    assertThat(outcome(t2)).isNull();
    locks.releaseAll(2);
    assertThat(outcome(t1)).isNull();
    releaseAll(1);
  }

  @Test
  void twoUpgradesOfOneSharedLockDeadlock() {
    fx.take(1, "a", SHARED);
    fx.take(2, "a", SHARED);
    Future<?> t1 = fx.request(1, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(1L, Set.of(2L)));

    assertThatThrownBy(() -> locks.acquire(2, key("a"), EXCLUSIVE, LockFixture.LONG))
        .isInstanceOfSatisfying(DeadlockException.class,
            e -> assertThat(e.cycle()).containsExactly(2L, 1L));
    assertThat(locks.holds(2, key("a"), SHARED)).isTrue();

    locks.releaseAll(2);
    assertThat(outcome(t1)).isNull();
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isTrue();
    releaseAll(1);
  }

  /**
   * 3 waits only because fairness queues its SHARED request behind 2's EXCLUSIVE one; the cycle
   * 1 -> 3 -> 2 -> 1 runs through that queue edge, and is found all the same.
   */
  @Test
  void cycleThroughAFairnessEdgeIsFound() {
    fx.take(1, "a", SHARED);
    fx.take(3, "c", EXCLUSIVE);
    Future<?> t2 = fx.request(2, "a", EXCLUSIVE);
    fx.awaitGraph(Map.of(2L, Set.of(1L)));
    Future<?> t3 = fx.request(3, "a", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(1L), 3L, Set.of(2L)));

    Future<?> t1 = fx.request(1, "c", SHARED);
    assertThat(outcome(t3)).isInstanceOfSatisfying(DeadlockException.class,
        e -> assertThat(e.cycle()).containsExactly(3L, 2L, 1L));
    fx.awaitGraph(Map.of(1L, Set.of(3L), 2L, Set.of(1L)));

    locks.releaseAll(3);
    assertThat(outcome(t1)).isNull();
    locks.releaseAll(1);
    assertThat(outcome(t2)).isNull();
    releaseAll(2);
  }

  /** A wait that closes two cycles at once (1 -> 2 -> 1 and 1 -> 3 -> 1) aborts a victim in each. */
  @Test
  void oneWaitClosingTwoCyclesAbortsTheYoungestOfEach() {
    fx.take(1, "b", EXCLUSIVE);
    fx.take(1, "c", EXCLUSIVE);
    fx.take(2, "a", SHARED);
    fx.take(3, "a", SHARED);
    Future<?> t2 = fx.request(2, "b", SHARED);
    Future<?> t3 = fx.request(3, "c", SHARED);
    fx.awaitGraph(Map.of(2L, Set.of(1L), 3L, Set.of(1L)));

    Future<?> t1 = fx.request(1, "a", EXCLUSIVE);
    assertThat(outcome(t2)).isInstanceOfSatisfying(DeadlockException.class,
        e -> assertThat(e.cycle()).containsExactly(2L, 1L));
    assertThat(outcome(t3)).isInstanceOfSatisfying(DeadlockException.class,
        e -> assertThat(e.cycle()).containsExactly(3L, 1L));
    fx.awaitGraph(Map.of(1L, Set.of(2L, 3L)));

    locks.releaseAll(2);
    locks.releaseAll(3);
    assertThat(outcome(t1)).isNull();
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isTrue();
    releaseAll(1);
  }

  private void releaseAll(long... txns) {
    for (long t : txns) {
      locks.releaseAll(t);
    }
    assertThat(locks.lockedResourceCount()).isZero();
    assertThat(locks.gatedCount()).isZero();
    assertThat(locks.waitingCount()).isZero();
    assertThat(locks.waitsFor()).isEmpty();
  }
}

package com.blockdb.engine.lock;

import static com.blockdb.engine.lock.LockFixture.key;
import static com.blockdb.engine.lock.LockFixture.outcome;
import static com.blockdb.engine.lock.LockMode.EXCLUSIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lock-free autocommit writes ({@link LockManager#tryBeginUnlockedWrite}): allowed only while no
 * transaction locks keys in their table, and a transaction's first key lock in a table waits for
 * those in flight, so that what it then checks includes their rows.
 */
@Timeout(30)
class UnlockedWriteTest {

  static final int TABLE = 16; // LockFixture.key's table
  final LockFixture fx = new LockFixture();
  final LockManager locks = fx.locks;

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void anUnlockedWriteStartsOnlyWhileNoTransactionLocksKeysInItsTable() {
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    locks.endUnlockedWrite(new int[] {TABLE});

    fx.take(1, "a", EXCLUSIVE);
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isFalse();
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE, TABLE + 1})).isFalse();
    // Another table is not affected, and a refused multi-table begin left nothing entered.
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE + 1})).isTrue();
    locks.endUnlockedWrite(new int[] {TABLE + 1});
    assertThat(locks.gatedCount()).isEqualTo(1);

    locks.releaseAll(1);
    assertThat(locks.gatedCount()).isZero();
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    locks.endUnlockedWrite(new int[] {TABLE});
    assertThat(locks.gatedCount()).isZero();
  }

  @Test
  void aTransactionsFirstLockInATableWaitsForUnlockedWritesInFlight() throws Exception {
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    Future<?> first = fx.request(1, "a", EXCLUSIVE);
    // It counts as a locker at once: no new unlocked write starts while it waits.
    LockFixture.awaitTrue(() -> !unlockedWritePossible());
    Thread.sleep(100);
    assertThat(first).isNotDone();
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isFalse();

    locks.endUnlockedWrite(new int[] {TABLE});
    assertThat(outcome(first)).isNull();
    assertThat(locks.holds(1, key("a"), EXCLUSIVE)).isTrue();

    // Later locks of the same transaction in the table do not wait again.
    fx.take(1, "b", EXCLUSIVE);
    locks.releaseAll(1);
    assertThat(locks.gatedCount()).isZero();
    assertThat(locks.lockedResourceCount()).isZero();
  }

  @Test
  void aBatchOfLocksWaitsToo() throws Exception {
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    Future<?> batch = fx.requestAll(2, List.of(key("x"), key("y")), EXCLUSIVE);
    LockFixture.awaitTrue(() -> !unlockedWritePossible());
    Thread.sleep(100);
    assertThat(batch).isNotDone();
    locks.endUnlockedWrite(new int[] {TABLE});
    assertThat(outcome(batch)).isNull();
    assertThat(locks.holds(2, key("y"), EXCLUSIVE)).isTrue();
    locks.releaseAll(2);
    assertThat(locks.gatedCount()).isZero();
  }

  @Test
  void aRequestThatMayNotWaitFailsWhileAnUnlockedWriteIsInFlight() {
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    assertThatThrownBy(() -> fx.take(3, "a", EXCLUSIVE)).isInstanceOf(LockTimeoutException.class)
        .hasMessageContaining("without waiting");
    locks.endUnlockedWrite(new int[] {TABLE});
    locks.releaseAll(3);
    assertThat(locks.gatedCount()).isZero();
    assertThat(locks.lockedResourceCount()).isZero();
  }

  @Test
  void releasingAWaitingTransactionUncountsIt() throws Exception {
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    Future<?> waiting = fx.request(4, "a", EXCLUSIVE);
    LockFixture.awaitTrue(() -> !unlockedWritePossible());
    locks.releaseAll(4);
    locks.endUnlockedWrite(new int[] {TABLE});
    Throwable t = outcome(waiting);
    assertThat(t).isInstanceOf(LockWaitException.class);
    assertThat(locks.gatedCount()).isZero();
    assertThat(locks.lockedResourceCount()).isZero();
    assertThat(locks.tryBeginUnlockedWrite(new int[] {TABLE})).isTrue();
    locks.endUnlockedWrite(new int[] {TABLE});
  }

  /** Whether an unlocked write could start now (one is started and ended at once to find out). */
  private boolean unlockedWritePossible() {
    if (locks.tryBeginUnlockedWrite(new int[] {TABLE})) {
      locks.endUnlockedWrite(new int[] {TABLE});
      return true;
    }
    return false;
  }
}

package com.blockdb.engine.txn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.io.MemoryFileLayer;
import com.blockdb.engine.lock.LockKey;
import com.blockdb.engine.lock.LockMode;
import com.blockdb.engine.lock.LockWaitException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a cluster node needs from the transaction manager: a leader change ends the open
 * transactions (their next call fails as aborted, their locks are free at once, prepared branches
 * stay), branches prepared or decided through another node are adopted or ended by
 * {@link TransactionManager#syncPrepared}, and tagged ids keep nodes' transaction ids apart.
 */
class TransactionManagerClusterTest {
  private static final int TABLE = 9;
  private final BlockDb db = BlockDb.open(Path.of("/mem/txn-cluster"), Options.defaults()
      .withFileLayer(new MemoryFileLayer()));
  private final TransactionManager tm = new TransactionManager(db, TimeUnit.SECONDS.toNanos(30));

  @AfterEach
  void close() {
    db.close();
  }

  private static List<WriteBatch.Put> put(String key) {
    return List.of(new WriteBatch.Put(TABLE, key.getBytes(UTF_8), ("v-" + key).getBytes(UTF_8)));
  }

  private static LockKey lock(String key) {
    return new LockKey(TABLE, key.getBytes(UTF_8));
  }

  @Test
  void abortOpenEndsActiveTransactionsAtTheirNextCallAndFreesTheirLocksAtOnce() {
    Transaction open = tm.begin("alice");
    open.insert(put("k"), true);
    Transaction prepared = tm.begin("bob");
    prepared.insert(put("p"), true);
    prepared.prepare(new byte[] {1});

    assertThat(tm.abortOpen("the cluster's leader changed")).isEqualTo(1);

    // Another transaction takes the key at once: the aborted one no longer holds it.
    Transaction next = tm.begin("carol");
    next.insert(put("k"), true);
    assertThatThrownBy(open::commit).isInstanceOfSatisfying(BlockDbException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_ABORTED);
      assertThat(e.getMessage()).contains("the cluster's leader changed");
    });
    assertThat(open.state()).isEqualTo(Transaction.State.ROLLED_BACK);
    next.commit();
    assertThat(new String(db.getEntry(TABLE, "k".getBytes(UTF_8), Long.MAX_VALUE).value(), UTF_8)).isEqualTo("v-k");
    assertThat(db.getEntry(TABLE, "k".getBytes(UTF_8), Long.MAX_VALUE).principal()).isEqualTo("carol");

    // The prepared branch kept its locks and its PREPARE record.
    assertThat(prepared.state()).isEqualTo(Transaction.State.PREPARED);
    assertThat(tm.locks().holds(prepared.id(), lock("p"), LockMode.EXCLUSIVE)).isTrue();
    prepared.commitPrepared();
    assertThat(db.getEntry(TABLE, "p".getBytes(UTF_8), Long.MAX_VALUE)).isNotNull();
    assertThat(tm.openTransactions()).isZero();
  }

  /** Repeated: ending the holder before the waiter once let the waiter take the lock and go on. */
  @org.junit.jupiter.api.RepeatedTest(20)
  void anAbortedTransactionFailsItsNextStatementCheckAndAWaiterBehindItIsWokenToo() throws Exception {
    Transaction holder = tm.begin("alice");
    holder.insert(put("w"), true);
    Transaction waiter = tm.begin("bob");
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> waiter.insert(put("w"), true));
    while (tm.locks().waitingCount() == 0) {
      Thread.sleep(5);
    }
    assertThat(tm.abortOpen("leader changed")).isEqualTo(2);
    assertThatThrownBy(waiting::join).hasCauseInstanceOf(LockWaitException.class);
    assertThatThrownBy(holder::checkNotAborted).isInstanceOfSatisfying(BlockDbException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_ABORTED));
    assertThat(db.getEntry(TABLE, "w".getBytes(UTF_8), Long.MAX_VALUE)).isNull();
    assertThat(tm.locks().lockedResourceCount()).isZero();
    assertThat(tm.openTransactions()).isZero();
  }

  @Test
  void syncPreparedAdoptsABranchPreparedElsewhereAndEndsItWhenDecidedElsewhere() {
    byte[] xid = {4, 2};
    // Another node's prepare reaches this engine through the log, not through this manager.
    db.prepare(77, xid, new WriteBatch().put(TABLE, "x".getBytes(UTF_8), "1".getBytes(UTF_8)), "remote");
    assertThat(tm.openTransactions()).isZero();

    tm.syncPrepared();
    assertThat(tm.openTransactions()).isEqualTo(1);
    assertThat(tm.inDoubtXids()).containsExactly(xid);
    Transaction adopted = tm.preparedBranch(xid);
    assertThat(adopted.id()).isEqualTo(77);
    assertThat(tm.locks().holds(77, lock("x"), LockMode.EXCLUSIVE)).isTrue();
    tm.syncPrepared(); // idempotent
    assertThat(tm.inDoubtXids()).hasSize(1);
    assertThat(tm.openTransactions()).isEqualTo(1);

    db.commitPrepared(77); // decided through another node
    tm.syncPrepared();
    assertThat(tm.openTransactions()).isZero();
    assertThat(tm.inDoubtXids()).isEmpty();
    assertThat(adopted.state()).isEqualTo(Transaction.State.COMMITTED);
    assertThat(tm.locks().lockedResourceCount()).isZero();
    assertThat(tm.openTransactions()).isZero();
  }

  @Test
  void xaRecoverAndBranchLookupFindABranchPreparedElsewhereWithoutAnExplicitSync() {
    byte[] xid = {9, 9};
    db.prepare(55, xid, new WriteBatch().put(TABLE, "y".getBytes(UTF_8), "1".getBytes(UTF_8)), "remote");
    assertThat(tm.preparedBranch(xid)).isNotNull();
    db.prepare(56, new byte[] {8}, new WriteBatch().put(TABLE, "y2".getBytes(UTF_8), "1".getBytes(UTF_8)), "remote");
    assertThat(tm.inDoubtXids()).hasSize(2);
    tm.preparedBranch(xid).commitPrepared();
    tm.preparedBranch(new byte[] {8}).rollback();
    assertThat(tm.inDoubtXids()).isEmpty();
    assertThat(db.getEntry(TABLE, "y".getBytes(UTF_8), Long.MAX_VALUE)).isNotNull();
  }

  @Test
  void anAdoptedBranchCanBeDecidedHereAndABranchOfThisManagerIsNotAdoptedTwice() {
    Transaction local = tm.begin("alice");
    local.insert(put("l"), true);
    local.prepare(new byte[] {1});
    db.prepare(88, new byte[] {2}, new WriteBatch().put(TABLE, "r".getBytes(UTF_8), "1".getBytes(UTF_8)), "remote");
    tm.syncPrepared();
    assertThat(tm.inDoubtXids()).hasSize(2);
    assertThat(tm.preparedBranch(new byte[] {1})).isSameAs(local);
    tm.preparedBranch(new byte[] {2}).rollback();
    assertThat(db.preparedTransactions()).hasSize(1);
    assertThat(db.getEntry(TABLE, "r".getBytes(UTF_8), Long.MAX_VALUE)).isNull();
    local.commitPrepared();
    assertThat(tm.openTransactions()).isZero();
  }

  @Test
  void anAdoptedBranchDoesNotWaitForALockALocalTransactionHolds() {
    Transaction local = tm.begin("alice");
    local.insert(put("z"), true);
    db.prepare(99, new byte[] {3}, new WriteBatch().put(TABLE, "z".getBytes(UTF_8), "1".getBytes(UTF_8)), "remote");
    tm.syncPrepared(); // returns at once
    assertThat(tm.inDoubtXids()).hasSize(1);
    assertThat(tm.locks().holds(local.id(), lock("z"), LockMode.EXCLUSIVE)).isTrue();
    // The engine guards the key: the local transaction's commit is refused.
    assertThatThrownBy(local::commit).isInstanceOfSatisfying(BlockDbException.class,
        e -> assertThat(e.code()).isIn(ErrorCode.KEY_IN_DOUBT, ErrorCode.DUPLICATE_KEY));
  }

  @Test
  void taggedIdsCarryTheTagAndGrow() {
    TransactionManager tagged = new TransactionManager(db, TimeUnit.SECONDS.toNanos(1), 5);
    long a = tagged.begin("a").id();
    long b = tagged.begin("b").id();
    assertThat(a & TransactionManager.MAX_ID_TAG).isEqualTo(5);
    assertThat(b & TransactionManager.MAX_ID_TAG).isEqualTo(5);
    assertThat(b).isGreaterThan(a);
    assertThatThrownBy(() -> new TransactionManager(db, 1, TransactionManager.MAX_ID_TAG + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

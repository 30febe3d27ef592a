package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two-phase commit through the public API on real files: prepare, decide, reservations, reopen. */
class TwoPhaseCommitTest {

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static WriteBatch batch(String... keys) {
    WriteBatch w = new WriteBatch();
    for (String k : keys) {
      w.put(b(k), b("value of " + k));
    }
    return w;
  }

  private static List<Entry> entries(BlockDb db) {
    List<Entry> out = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static List<Long> inDoubt(BlockDb db) {
    return db.preparedTransactions().stream().map(PreparedTransaction::txnId).toList();
  }

  private static ErrorCode codeOf(Runnable r) {
    try {
      r.run();
      return null;
    } catch (BlockDbException e) {
      return e.code();
    }
  }

  private static void assertVerified(BlockDb db, long entries) {
    VerifyResult r = db.verify(null, null);
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(r.entriesChecked()).isEqualTo(entries);
  }

  @Test
  void prepareThenCommitAppliesOneContiguousTransactionAtTheDecision() {
    AtomicLong clock = new AtomicLong(1_000);
    Options o = Options.defaults().withBlockchainBatchSize(2).withClock(clock::get);
    try (BlockDb db = BlockDb.open(dir, o)) {
      db.put(b("a"), b("1"));
      WriteBatch w = batch("x1", "x2", "x3");
      db.prepare(7, null, w, "alice");
      w.put(b("x4"), b("added after prepare")); // the prepared transaction must not change with the batch

      assertThat(db.get(b("x1"))).as("a prepared put is invisible").isNull();
      assertThat(db.lastSequence()).isEqualTo(1);
      assertThat(inDoubt(db)).containsExactly(7L);
      assertVerified(db, 1);

      db.put(b("b"), b("2")); // a write between prepare and commit takes the next sequence
      clock.set(2_000);
      long last = db.commitPrepared(7);

      assertThat(last).isEqualTo(5);
      assertThat(db.lastSequence()).isEqualTo(5);
      assertThat(inDoubt(db)).isEmpty();
      assertThat(db.get(b("x4"))).isNull();
      for (int i = 1; i <= 3; i++) {
        Entry e = db.getEntry(Tables.KV, b("x" + i), Long.MAX_VALUE);
        assertThat(e.sequence()).as("x" + i + " in batch order").isEqualTo(2 + i);
        assertThat(e.principal()).isEqualTo("alice");
        assertThat(e.commitTimestamp()).as("the decision's timestamp").isEqualTo(2_000);
        assertThat(e.value()).isEqualTo(b("value of x" + i));
      }
      db.seal();
      long height = db.blockHeightOf(3);
      assertThat(db.blockHeightOf(5)).as("one block for the transaction").isEqualTo(height);
      assertThat(db.blocks(height, 1).get(0).entryCount()).as("the whole transaction, alone: it exceeds"
          + " blockchain_batch_size").isEqualTo(3);
      assertVerified(db, 5);
    }
  }

  @Test
  void prepareThenAbortLeavesNoTrace() {
    try (BlockDb db = BlockDb.open(dir)) {
      db.put(b("a"), b("1"));
      Digest before = db.seal();
      long blocks = db.stats().blocks();

      db.prepare(8, b("xid-8"), batch("y1", "y2"), "bob");
      assertThat(db.seal()).as("a prepare adds nothing to the ledger").isEqualTo(before);
      db.abortPrepared(8);

      assertThat(db.seal()).isEqualTo(before);
      assertThat(db.digest()).isEqualTo(before);
      assertThat(db.stats().blocks()).isEqualTo(blocks);
      assertThat(db.lastSequence()).isEqualTo(1);
      assertThat(db.get(b("y1"))).isNull();
      assertThat(entries(db)).hasSize(1);
      assertThat(inDoubt(db)).isEmpty();
      assertVerified(db, 1);

      db.put(b("y1"), b("free again")); // the reservation is gone
      assertThat(db.lastSequence()).isEqualTo(2);
    }
    try (BlockDb db = BlockDb.open(dir)) {
      assertThat(inDoubt(db)).isEmpty();
      assertThat(db.recoveryNotes()).isEmpty();
      assertThat(db.get(b("y1"))).isEqualTo(b("free again"));
      assertThat(db.get(b("y2"))).isNull();
      assertVerified(db, 2);
    }
  }

  @Test
  void reservedKeysBlockOtherPreparesAndWrites() {
    try (BlockDb db = BlockDb.open(dir)) {
      db.put(b("s"), b("stored"));
      db.prepare(1, null, batch("a", "b"), null);
      db.prepare(30, b("x"), new WriteBatch().put(20, b("t"), b("v")), null);

      assertThatThrownBy(() -> db.prepare(2, null, batch("c", "a"), null))
          .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("'a'");
      db.prepare(3, null, batch("c"), null); // the refused prepare reserved nothing

      assertThatThrownBy(() -> db.put(b("a"), b("w")))
          .isInstanceOf(BlockDbException.class)
          .matches(e -> ((BlockDbException) e).code() == ErrorCode.KEY_IN_DOUBT)
          .hasMessageContaining("'a'").hasMessageContaining("transaction 1");
      assertThatThrownBy(() -> db.write(batch("d", "b")))
          .matches(e -> ((BlockDbException) e).code() == ErrorCode.KEY_IN_DOUBT).hasMessageContaining("'b'");
      assertThat(db.get(b("d"))).as("the refused batch wrote nothing").isNull();
      assertThatThrownBy(() -> db.write(new WriteBatch().put(20, b("t"), b("w"))))
          .matches(e -> ((BlockDbException) e).code() == ErrorCode.KEY_IN_DOUBT)
          .hasMessageContaining("in table 20").hasMessageContaining("transaction 30");

      assertThatThrownBy(() -> db.prepare(4, null, batch("s"), null)).isInstanceOf(DuplicateKeyException.class);
      assertThatThrownBy(() -> db.prepare(5, null, batch("e", "e"), null)).isInstanceOf(DuplicateKeyException.class);
      assertThat(codeOf(() -> db.prepare(1, null, batch("f"), null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      db.put(b("f"), b("w")); // the refused duplicate txn id reserved nothing
      assertThat(codeOf(() -> db.prepare(6, new byte[1025], batch("g"), null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);

      assertThat(codeOf(() -> db.commitPrepared(99))).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(codeOf(() -> db.abortPrepared(99))).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(inDoubt(db)).containsExactly(1L, 30L, 3L);

      db.commitPrepared(1);
      assertThat(codeOf(() -> db.commitPrepared(1))).as("decided already").isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(codeOf(() -> db.abortPrepared(1))).isEqualTo(ErrorCode.NOT_FOUND);
      assertThatThrownBy(() -> db.put(b("a"), b("w"))).isInstanceOf(DuplicateKeyException.class);
      db.prepare(1, null, batch("h"), null); // a decided txn id may be used again
      assertThat(inDoubt(db)).containsExactly(30L, 3L, 1L);
      assertVerified(db, 4);
    }
  }

  @Test
  void reopenKeepsExternalPreparesInDoubtAndRollsBackLocalOnes() {
    byte[] xid = {1, 2, 3, (byte) 0xFE};
    try (BlockDb db = BlockDb.open(dir)) {
      db.put(b("base"), b("0"));
      db.prepare(10, null, batch("l1", "l2"), "tm");
      db.prepare(11, xid, batch("x1"), "xa-user");
    }
    try (BlockDb db = BlockDb.open(dir)) {
      List<PreparedTransaction> left = db.preparedTransactions();
      assertThat(left).hasSize(1);
      PreparedTransaction t = left.get(0);
      assertThat(t.txnId()).isEqualTo(11);
      assertThat(t.xid()).isEqualTo(xid);
      assertThat(t.external()).isTrue();
      assertThat(t.principal()).isEqualTo("xa-user");
      assertThat(t.puts()).hasSize(1);
      assertThat(t.puts().get(0).key()).isEqualTo(b("x1"));
      t.puts().get(0).value()[0] = 'X'; // a copy: the engine's transaction does not change
      assertThat(db.recoveryNotes()).hasSize(1);
      assertThat(db.recoveryNotes().get(0)).contains("rolled back prepared transaction 10").contains("presumed abort");

      db.put(b("l1"), b("free")); // the local transaction's keys are free
      assertThat(codeOf(() -> db.put(b("x1"), b("w")))).isEqualTo(ErrorCode.KEY_IN_DOUBT);
      assertThat(codeOf(() -> db.prepare(11, null, batch("z"), null))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
    try (BlockDb db = BlockDb.open(dir)) {
      assertThat(inDoubt(db)).as("still in doubt after a second reopen").containsExactly(11L);
      assertThat(db.recoveryNotes()).as("the local one was rolled back once, for good").isEmpty();
      long last = db.commitPrepared(11);
      assertThat(last).isEqualTo(3);
      Entry e = db.getEntry(Tables.KV, b("x1"), Long.MAX_VALUE);
      assertThat(e.value()).isEqualTo(b("value of x1"));
      assertThat(e.principal()).isEqualTo("xa-user");
    }
    try (BlockDb db = BlockDb.open(dir)) {
      assertThat(inDoubt(db)).isEmpty();
      assertThat(db.get(b("x1"))).isEqualTo(b("value of x1"));
      assertThat(db.get(b("l2"))).isNull();
      assertThat(entries(db)).extracting(x -> new String(x.key(), UTF_8)).containsExactly("base", "l1", "x1");
      assertVerified(db, 3);
    }
  }

  /**
   * Flushes, compactions and WAL segment releases between a prepare and its decision must not lose
   * the PREPARE record: the log is kept from the oldest PREPARE in doubt. A transaction prepared and
   * committed in the kept stretch below the flushed index is not applied twice on replay.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void flushCompactionAndLogReleaseDoNotLoseAPrepare() throws Exception {
    Options o = Options.defaults().withWalSegmentSize(4096).withMemtableSizeLimit(8 * 1024)
        .withCompactionThreshold(3).withBlockchainBatchSize(50);
    byte[] xid = b("branch-1");
    int puts = 1500;
    try (BlockDb db = BlockDb.open(dir, o)) {
      db.prepare(1, xid, batch("p1", "p2"), "xa");
      db.prepare(2, null, batch("q1"), "tm");
      db.prepare(3, b("branch-3"), batch("r1"), "xa");
      for (int i = 0; i < puts; i++) {
        db.put(b(String.format("k%05d", i)), b("value-" + i + "-" + "y".repeat(100)));
        if (i == puts / 2) {
          db.commitPrepared(3);
        }
      }
      db.flush();
      db.compact();
      Stats s = db.stats();
      assertThat(s.flushes()).as("memtable flushes happened").isGreaterThan(5);
      assertThat(s.walSegments()).as("the log is kept from the oldest PREPARE in doubt").isGreaterThan(20);
    }
    long entries = puts + 1; // r1 was committed
    try (BlockDb db = BlockDb.open(dir, o)) {
      assertThat(inDoubt(db)).containsExactly(1L);
      assertThat(db.preparedTransactions().get(0).xid()).isEqualTo(xid);
      assertThat(db.recoveryNotes()).anyMatch(n -> n.contains("rolled back prepared transaction 2"));
      assertThat(db.get(b("q1"))).isNull();
      assertThat(db.get(b("r1"))).isEqualTo(b("value of r1"));
      assertThat(db.lastSequence()).as("r1 applied once").isEqualTo(entries);
      assertThat(entries(db)).hasSize((int) entries);
      assertThat(codeOf(() -> db.put(b("p1"), b("w")))).isEqualTo(ErrorCode.KEY_IN_DOUBT);
      assertVerified(db, entries);

      assertThat(db.commitPrepared(1)).isEqualTo(entries + 2);
      for (int i = 0; i < 200; i++) {
        db.put(b(String.format("m%05d", i)), b("value-" + i + "-" + "y".repeat(100)));
      }
      db.flush();
      // Released segments are deleted by the commit thread between groups: wait for it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (db.stats().walSegments() > 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(db.stats().walSegments()).as("with nothing in doubt the log is released again").isLessThanOrEqualTo(2);
    }
    try (BlockDb db = BlockDb.open(dir, o)) {
      assertThat(inDoubt(db)).isEmpty();
      assertThat(db.get(b("p2"))).isEqualTo(b("value of p2"));
      assertVerified(db, entries + 2 + 200);
    }
  }

  @Test
  void ofAWriteAndAPrepareRacingForOneKeyExactlyOneWins() throws Exception {
    try (BlockDb db = BlockDb.open(dir)) {
      for (int round = 0; round < 40; round++) {
        byte[] key = b("race-" + round);
        long txn = round;
        AtomicReference<Object> write = new AtomicReference<>();
        AtomicReference<Object> prepare = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread w = new Thread(() -> write.set(outcome(go, () -> db.put(key, b("written")))));
        Thread p = new Thread(() -> prepare.set(outcome(go,
            () -> db.prepare(txn, null, new WriteBatch().put(key, b("prepared")), null))));
        w.start();
        p.start();
        go.countDown();
        w.join();
        p.join();
        String where = "round " + round + ": write " + write.get() + ", prepare " + prepare.get();
        if ("ok".equals(prepare.get())) {
          assertThat(write.get()).as(where).isEqualTo(ErrorCode.KEY_IN_DOUBT);
          db.commitPrepared(txn);
          assertThat(db.get(key)).as(where).isEqualTo(b("prepared"));
        } else {
          assertThat(write.get()).as(where).isEqualTo("ok");
          assertThat(prepare.get()).as(where).isEqualTo(ErrorCode.DUPLICATE_KEY);
          assertThat(db.get(key)).as(where).isEqualTo(b("written"));
        }
      }
      assertThat(inDoubt(db)).isEmpty();
      assertVerified(db, 40);
    }
  }

  /** "ok", or the error code the call failed with. */
  private static Object outcome(CountDownLatch go, Runnable call) {
    try {
      go.await();
      call.run();
      return "ok";
    } catch (BlockDbException e) {
      return e.code();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }
}

package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the engine a user relies on, through the public API on real files. */
class BlockDbTest {

  @TempDir
  Path dir;

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void putGetReopenAndDuplicate() {
    try (BlockDb db = BlockDb.open(dir)) {
      db.put(b("user:1001"), b("John Doe"));
      assertThat(db.get(b("user:1001"))).isEqualTo(b("John Doe"));
      assertThat(db.get(b("nope"))).isNull();
      assertThatThrownBy(() -> db.put(b("user:1001"), b("x")))
          .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("user:1001");
    }
    try (BlockDb db = BlockDb.open(dir)) {
      assertThat(db.get(b("user:1001"))).isEqualTo(b("John Doe"));
      assertThatThrownBy(() -> db.put(b("user:1001"), b("x"))).isInstanceOf(DuplicateKeyException.class);
      VerifyResult r = db.verify(null, null);
      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(r.entriesChecked()).isEqualTo(1);
    }
  }

  @Test
  void batchIsAtomic() {
    try (BlockDb db = BlockDb.open(dir)) {
      db.put(b("a"), b("1"));
      assertThatThrownBy(() -> db.write(new WriteBatch().put(b("b"), b("2")).put(b("a"), b("3"))))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(b("b"))).isNull();
      assertThatThrownBy(() -> db.write(new WriteBatch().put(b("c"), b("2")).put(b("c"), b("3"))))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(b("c"))).isNull();
      assertThat(db.lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void flushCompactScanVerifyAndProofs() throws Exception {
    Options o = Options.defaults().withMemtableSizeLimit(8192).withCompactionThreshold(3).withBlockchainBatchSize(7);
    Digest early;
    try (BlockDb db = BlockDb.open(dir, o)) {
      for (int i = 0; i < 500; i++) {
        db.put(b(String.format("k%05d", i)), b("value-" + i));
        if (i == 100) {
          early = db.seal();
        }
      }
      early = null;
    }
    try (BlockDb db = BlockDb.open(dir, o)) {
      Digest d1 = db.digest();
      for (int i = 500; i < 900; i++) {
        db.write(new WriteBatch().put(b(String.format("k%05d", i)), b("value-" + i)));
      }
      db.flush();
      db.compact();
      assertThat(db.stats().sstables()).isEqualTo(1);
      List<String> keys = new ArrayList<>();
      try (EntryIterator it = db.scan(Tables.KV, b("k00100"), b("k00200"), Long.MAX_VALUE)) {
        it.forEachRemaining(e -> keys.add(new String(e.key(), UTF_8)));
      }
      assertThat(keys).hasSize(100).first().isEqualTo("k00100");
      assertThat(db.get(b("k00777"))).isEqualTo(b("value-777"));
      VerifyResult r = db.verify(d1, null);
      assertThat(r.ok()).as(r.message()).isTrue();
      assertThat(r.entriesChecked()).isEqualTo(900);
      InclusionProof p = db.prove(Tables.KV, b("k00042"));
      assertThat(ProofVerifier.verify(p).value()).isEqualTo(b("value-42"));
      assertThat(ProofVerifier.verify(InclusionProof.fromJson(p.toJson()), db.digest())).isTrue();
      ConsistencyProof cp = db.proveConsistency(d1);
      assertThat(ProofVerifier.verify(ConsistencyProof.fromJson(cp.toJson()))).isTrue();
      for (BlockInfo bi : db.blocks(1, 1000)) {
        assertThat(bi.entryCount()).isBetween(1, 7);
      }
    }
  }

  @Test
  void racingWritersExactlyOneWins() throws Exception {
    try (BlockDb db = BlockDb.open(dir)) {
      for (int round = 0; round < 20; round++) {
        byte[] key = b("race-" + round);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger dups = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int tt = t;
          Thread th = new Thread(() -> {
            try {
              go.await();
              db.put(key, b("writer-" + tt));
              wins.incrementAndGet();
            } catch (DuplicateKeyException e) {
              dups.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          th.start();
          ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
          th.join();
        }
        assertThat(wins.get()).isEqualTo(1);
        assertThat(dups.get()).isEqualTo(3);
      }
    }
  }

  @Test
  void secondOpenOfSameDirectoryIsRefused() {
    try (BlockDb db = BlockDb.open(dir)) {
      assertThatThrownBy(() -> BlockDb.open(dir)).isInstanceOf(BlockDbException.class)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void oversizedTransactionIsRefusedAndTheEngineGoesOn() {
    try (BlockDb db = BlockDb.open(dir)) {
      WriteBatch big = new WriteBatch();
      for (int i = 0; i < 5; i++) {
        big.put(b("big" + i), new byte[Limits.MAX_VALUE_BYTES]);
      }
      assertThatThrownBy(() -> db.write(big)).isInstanceOf(BlockDbException.class)
          .hasMessageContaining("exceeds the limit")
          .satisfies(e -> assertThat(((BlockDbException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
      db.put(b("after"), b("ok"));
      assertThat(db.get(b("after"))).isEqualTo(b("ok"));
      assertThat(db.get(b("big0"))).isNull();
    }
  }

  @Test
  void aTransactionIsNeverSplitAcrossBlocks() {
    Options o = Options.defaults().withBlockchainBatchSize(5);
    try (BlockDb db = BlockDb.open(dir, o)) {
      List<long[]> txns = new ArrayList<>();
      int k = 0;
      for (int size : new int[] {3, 3, 2, 4, 1, 12, 5, 2}) {
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < size; i++) {
          b.put(b("t" + (k++)), b("v"));
        }
        long last = db.write(b);
        txns.add(new long[] {last - size + 1, last});
      }
      db.seal();
      List<BlockInfo> blocks = db.blocks(1, 100);
      for (long[] t : txns) {
        long within = blocks.stream().filter(bi -> bi.firstSequence() <= t[0] && t[1] <= bi.lastSequence()).count();
        assertThat(within).as("transaction %d..%d lies in exactly one block", t[0], t[1]).isEqualTo(1);
      }
      for (BlockInfo bi : blocks) {
        // Only a transaction larger than the batch size makes a block larger than it.
        assertThat(bi.entryCount() <= 5 || bi.entryCount() == 12).as("block %d has %d entries", bi.height(),
            bi.entryCount()).isTrue();
      }
      assertThat(blocks.get(blocks.size() - 1).lastSequence()).isEqualTo(db.lastSequence());
    }
  }
}

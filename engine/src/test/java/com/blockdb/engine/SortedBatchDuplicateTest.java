package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches in increasing key order skip the per-key duplicate check when nothing stored, and no
 * earlier write of the commit group, lies in their key range: a duplicate must still be refused
 * wherever it hides (memtable, frozen memtable, SSTable, the same group, the batch itself).
 */
class SortedBatchDuplicateTest {
  @TempDir Path dir;

  private static byte[] key(int i) {
    return String.format("k%08d", i).getBytes(UTF_8);
  }

  private static WriteBatch range(int from, int to) {
    WriteBatch b = new WriteBatch();
    for (int i = from; i < to; i++) {
      b.put(key(i), ("v" + i).getBytes(UTF_8));
    }
    return b;
  }

  @Test
  void aSortedBatchOverlappingStoredKeysIsRefusedWhole() {
    try (BlockDb db = BlockDb.open(dir)) {
      db.write(range(0, 1000));
      assertThatThrownBy(() -> db.write(range(999, 2000))).isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(key(1500))).isNull();
      db.flush();
      assertThatThrownBy(() -> db.write(range(-5, 1))).isInstanceOf(DuplicateKeyException.class);
      assertThatThrownBy(() -> db.write(range(500, 501).put(key(3000), new byte[1])))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(key(3000))).isNull();
      assertThat(db.get(key(-5))).isNull();
      db.write(range(1000, 2000)); // right after the stored range: the fast path accepts it
      assertThat(db.get(key(1999))).isNotNull();
      // a key inside the stored range but not stored: the per-key check lets it through
      db.write(new WriteBatch().put("k00000500x".getBytes(UTF_8), new byte[1])
          .put("k00000501x".getBytes(UTF_8), new byte[1]));
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void anUnsortedBatchRepeatingAKeyIsRefused() {
    try (BlockDb db = BlockDb.open(dir)) {
      WriteBatch b = range(0, 10).put(key(3), new byte[1]);
      assertThatThrownBy(() -> db.write(b)).isInstanceOf(DuplicateKeyException.class);
      assertThat(db.get(key(0))).isNull();
    }
  }

  @Test
  void ofTwoRacingOverlappingSortedBatchesExactlyOneWins() throws Exception {
    try (BlockDb db = BlockDb.open(dir)) {
      for (int round = 0; round < 100; round++) {
        int base = round * 100;
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicInteger wins = new AtomicInteger();
        Runnable a = () -> race(db, start, range(base, base + 20), wins);
        Runnable b = () -> race(db, start, range(base + 10, base + 30), wins);
        Thread ta = new Thread(a);
        Thread tb = new Thread(b);
        ta.start();
        tb.start();
        ta.join();
        tb.join();
        assertThat(wins.get()).as("round %d", round).isEqualTo(1);
      }
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }

  private static void race(BlockDb db, CyclicBarrier start, WriteBatch batch, AtomicInteger wins) {
    try {
      start.await();
      db.write(batch);
      wins.incrementAndGet();
    } catch (DuplicateKeyException e) {
      // the other batch won
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

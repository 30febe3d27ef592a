package com.blockdb.engine.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.io.MemoryFileLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Autocommit batches ({@link Transaction#commitBatch}, which skip key locks while no transaction
 * locks keys in their table) racing transactions that insert the same keys: a transaction whose
 * INSERT found its key free and locked it never has its commit refused as a duplicate (a batch
 * with that key waited for it instead), every key ends stored once, and nothing is left locked.
 */
@Timeout(120)
class AutocommitBesideTransactionsTest {
  private static final int TABLE = 9;
  private static final int ROUNDS = 300;
  private static final int KEYS_PER_ROUND = 2;

  private static byte[] key(int k) {
    return new byte[] {(byte) (k >>> 8), (byte) k};
  }

  @Test
  void aTransactionsLockedKeyIsNeverTakenByAnAutocommitBatch() throws Exception {
    MemoryFileLayer memory = new MemoryFileLayer();
    try (BlockDb db = BlockDb.open(Path.of("/mem/gate"), Options.defaults().withFileLayer(memory))) {
      TransactionManager tm = new TransactionManager(db, TimeUnit.SECONDS.toNanos(60));
      AtomicInteger committedByTransactions = new AtomicInteger();
      AtomicInteger refusedAtInsert = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      // Each round all four threads go for the same few fresh keys at once.
      CyclicBarrier round = new CyclicBarrier(4);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          Random rnd = new Random(100 + w);
          fs.add(pool.submit(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              round.await(30, TimeUnit.SECONDS);
              WriteBatch b = new WriteBatch();
              b.put(TABLE, key(r * KEYS_PER_ROUND + rnd.nextInt(KEYS_PER_ROUND)), ("batch" + r).getBytes());
              try {
                tm.begin("auto").commitBatch(b);
              } catch (DuplicateKeyException expected) {
                // another writer had it: fine for an autocommit batch
              }
            }
            return null;
          }));
        }
        for (int w = 0; w < 2; w++) {
          Random rnd = new Random(200 + w);
          fs.add(pool.submit(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              round.await(30, TimeUnit.SECONDS);
              Transaction t = tm.begin("txn");
              WriteBatch b = new WriteBatch();
              b.put(TABLE, key(r * KEYS_PER_ROUND + rnd.nextInt(KEYS_PER_ROUND)), ("txn" + r).getBytes());
              try {
                t.insert(b.puts(), true);
              } catch (DuplicateKeyException stored) {
                refusedAtInsert.incrementAndGet();
                t.rollback();
                continue;
              }
              Thread.sleep(1); // hold the lock while the batches of this round run
              t.commit(); // must not throw: its key was free when it locked it
              committedByTransactions.incrementAndGet();
            }
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get(100, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(committedByTransactions.get()).isPositive();
      assertThat(tm.locks().lockedResourceCount()).isZero();
      assertThat(tm.locks().gatedCount()).isZero();
      assertThat(tm.openTransactions()).isZero();
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }
}

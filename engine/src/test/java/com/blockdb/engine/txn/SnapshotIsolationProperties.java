package com.blockdb.engine.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.Options;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.io.MemoryFileLayer;
import com.blockdb.engine.lock.LockWaitException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random concurrent transactions that read and insert over a small key space, ending in random
 * commits and rollbacks, checked against what snapshot isolation promises: every read of a
 * transaction sees exactly the transactions committed before it began (each all or none) plus its
 * own inserts, so reads repeat; conflicts end in a duplicate key or an abort (deadlock victim);
 * the final state equals the committed transactions' inserts; no lock or transaction is left; the
 * ledger verifies.
 */
class SnapshotIsolationProperties {
  private static final int TABLE = 7;
  private static final int KEYS = 12;

  /** What one transaction did and saw. */
  private static final class History {
    long id;
    long snapshot;
    long lastSequence = -1; // set when committed
    String outcome = "active";
    final List<Integer> inserted = new ArrayList<>(); // inserts that succeeded, in order
    final List<Integer> duplicates = new ArrayList<>(); // keys refused as duplicates
    /** Each observation: the key->value map of a full scan, taken after {@code ownBefore} own inserts. */
    final List<Map<Integer, String>> scans = new ArrayList<>();
    final List<Integer> ownBefore = new ArrayList<>();
  }

  private static byte[] key(int k) {
    return new byte[] {(byte) k};
  }

  private static String value(long txn, int k) {
    return txn + ":" + k;
  }

  @Property(tries = 25)
  void transactionsAreSnapshotIsolated(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int threads)
      throws Exception {
    MemoryFileLayer memory = new MemoryFileLayer();
    try (BlockDb db = BlockDb.open(Path.of("/mem/si"), Options.defaults().withFileLayer(memory))) {
      TransactionManager tm = new TransactionManager(db, TimeUnit.SECONDS.toNanos(60));
      List<History> all = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Random rnd = new Random(seed * 31 + t);
          fs.add(pool.submit(() -> {
            for (int n = 0; n < 8; n++) {
              all.add(runOne(tm, db, rnd));
            }
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get(120, TimeUnit.SECONDS); // a hang would be a lost wake-up: fail rather than wait forever
        }
      } finally {
        pool.shutdownNow();
      }
      check(db, tm, all);
    }
  }

  private static History runOne(TransactionManager tm, BlockDb db, Random rnd) {
    Transaction t = tm.begin("p");
    History h = new History();
    h.id = t.id();
    h.snapshot = t.snapshot();
    int ops = 1 + rnd.nextInt(5);
    try {
      for (int i = 0; i < ops; i++) {
        if (rnd.nextInt(3) == 0) {
          h.ownBefore.add(h.inserted.size());
          h.scans.add(scan(db, t));
        } else {
          int k = rnd.nextInt(KEYS);
          WriteBatch b = new WriteBatch().put(TABLE, key(k), value(t.id(), k).getBytes(StandardCharsets.UTF_8));
          try {
            t.insert(b.puts(), true);
            h.inserted.add(k);
          } catch (DuplicateKeyException e) {
            h.duplicates.add(k);
          }
        }
        if (rnd.nextInt(4) == 0) {
          Thread.yield();
        }
      }
      h.ownBefore.add(h.inserted.size());
      h.scans.add(scan(db, t)); // reads repeat: the last scan is checked against the same snapshot
      if (rnd.nextInt(4) == 0) {
        t.rollback();
        h.outcome = "rolled back";
      } else {
        h.lastSequence = t.commit();
        h.outcome = "committed";
      }
    } catch (LockWaitException e) {
      assertThat(t.state()).isEqualTo(Transaction.State.ROLLED_BACK);
      h.outcome = "aborted";
    }
    return h;
  }

  /** What the transaction sees of the whole table: its snapshot merged with its own inserts. */
  private static Map<Integer, String> scan(BlockDb db, Transaction t) {
    Map<Integer, String> out = new TreeMap<>();
    try (EntryIterator it = db.scan(TABLE, null, null, t.snapshot())) {
      while (it.hasNext()) {
        Entry e = it.next();
        out.put((int) e.key()[0], new String(e.value(), StandardCharsets.UTF_8));
      }
    }
    for (Map.Entry<byte[], byte[]> e : t.pending(TABLE).entrySet()) {
      String before = out.put((int) e.getKey()[0], new String(e.getValue(), StandardCharsets.UTF_8));
      assertThat(before).as("a key both stored in the snapshot and inserted by %s", t).isNull();
    }
    return out;
  }

  private static void check(BlockDb db, TransactionManager tm, List<History> all) {
    Map<Long, History> byId = new HashMap<>();
    for (History h : all) {
      byId.put(h.id, h);
    }
    // The final state is exactly the committed transactions' inserts.
    Map<Integer, String> expected = new TreeMap<>();
    for (History h : all) {
      if (h.outcome.equals("committed")) {
        for (int k : h.inserted) {
          assertThat(expected.put(k, value(h.id, k))).as("key %d committed twice", k).isNull();
        }
      }
    }
    Map<Integer, String> actual = new TreeMap<>();
    try (EntryIterator it = db.scan(TABLE, null, null, db.lastSequence())) {
      while (it.hasNext()) {
        Entry e = it.next();
        actual.put((int) e.key()[0], new String(e.value(), StandardCharsets.UTF_8));
      }
    }
    assertThat(actual).isEqualTo(expected);

    for (History h : all) {
      // A duplicate was refused only for a key committed by some transaction or inserted by itself.
      for (int k : h.duplicates) {
        assertThat(expected.containsKey(k) || h.inserted.contains(k)).as("%d refused key %d", h.id, k).isTrue();
      }
      for (int i = 0; i < h.scans.size(); i++) {
        Map<Integer, String> seen = h.scans.get(i);
        Map<Integer, String> want = new TreeMap<>();
        for (History w : all) {
          if (w != h && w.outcome.equals("committed") && w.lastSequence <= h.snapshot) {
            for (int k : w.inserted) {
              want.put(k, value(w.id, k)); // all of w, or (below) none of it: no fractured reads
            }
          }
        }
        for (int k : h.inserted.subList(0, h.ownBefore.get(i))) {
          want.put(k, value(h.id, k));
        }
        assertThat(seen).as("scan %d of transaction %d (snapshot %d)", i, h.id, h.snapshot).isEqualTo(want);
      }
    }
    assertThat(tm.locks().lockedResourceCount()).isZero();
    assertThat(tm.locks().gatedCount()).isZero();
    assertThat(tm.locks().waitingCount()).isZero();
    assertThat(tm.openTransactions()).isZero();
    db.seal();
    VerifyResult r = db.verify(null, null);
    assertThat(r.ok()).as(r.message()).isTrue();
  }
}

package com.blockdb.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of every kind at once, so that commit groups mix large batches (prepared during their
 * fsync), single puts, PREPAREs and their COMMIT and ABORT decisions: every acknowledged entry is
 * stored with its value and dense sequence numbers, the ledger verifies, and so it does after a
 * reopen.
 */
class MixedGroupsTest {

  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void groupsMixingLargeBatchesSinglePutsAndTwoPhaseCommitsStayConsistent() throws Exception {
    Options o = Options.defaults().withMemtableSizeLimit(256 * 1024); // flushes under way too
    ConcurrentHashMap<String, String> acked = new ConcurrentHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (BlockDb db = BlockDb.open(dir, o)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int tt = t;
        threads.add(new Thread(run(failure, go, () -> {
          for (int b = 0; b < 30; b++) {
            WriteBatch batch = new WriteBatch();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
              String k = String.format("batch-%d-%03d-%04d", tt, b, i);
              batch.put(k.getBytes(UTF_8), ("v" + k).getBytes(UTF_8));
              keys.add(k);
            }
            db.write(batch);
            keys.forEach(k -> acked.put(k, "v" + k));
          }
        })));
      }
      threads.add(new Thread(run(failure, go, () -> {
        for (int i = 0; i < 1500; i++) {
          String k = "single-" + i;
          db.put(k.getBytes(UTF_8), ("v" + k).getBytes(UTF_8));
          acked.put(k, "v" + k);
        }
      })));
      threads.add(new Thread(run(failure, go, () -> {
        for (int i = 0; i < 300; i++) {
          String k = "xa-" + i;
          WriteBatch batch = new WriteBatch().put(k.getBytes(UTF_8), ("v" + k).getBytes(UTF_8));
          db.prepare(1000 + i, ("xid-" + i).getBytes(UTF_8), batch, "carol");
          if (i % 3 == 0) {
            db.abortPrepared(1000 + i);
          } else {
            db.commitPrepared(1000 + i);
            acked.put(k, "v" + k);
          }
        }
      })));
      threads.forEach(Thread::start);
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(acked).hasSize(2 * 30 * 600 + 1500 + 200);
      check(db, acked);
    }
    try (BlockDb db = BlockDb.open(dir, o)) {
      check(db, acked);
    }
  }

  private static void check(BlockDb db, ConcurrentHashMap<String, String> acked) {
    assertThat(db.stats().entries()).isEqualTo(acked.size());
    for (var e : acked.entrySet()) {
      assertThat(new String(db.get(e.getKey().getBytes(UTF_8)), UTF_8)).isEqualTo(e.getValue());
    }
    assertThat(db.get("xa-0".getBytes(UTF_8))).as("aborted").isNull();
    VerifyResult r = db.verify(null, null);
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(r.entriesChecked()).isEqualTo(acked.size());
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Runnable run(AtomicReference<Throwable> failure, CountDownLatch go, Body body) {
    return () -> {
      try {
        go.await();
        body.run();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    };
  }
}

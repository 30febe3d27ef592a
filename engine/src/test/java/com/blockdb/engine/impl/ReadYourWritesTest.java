package com.blockdb.engine.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes while memtables switch, flush and compact all the time: six threads write single
 * puts and batches and read one of their acknowledged keys back after every write. A miss names
 * where the key was a moment later. (It found the skip list's ceiling race, see
 * {@link SkipListProperties}, in 20-40 s; the default 3 s run is a smoke check, and
 * {@code -Dblockdb.ryw.millis} runs it longer.)
 */
class ReadYourWritesTest {

  @TempDir
  Path dir;

  /** Where the key is a moment after the miss: in which memtable or table, and with what sequence. */
  private static String diagnose(DbImpl db, byte[] key) {
    long visible = db.lastSequence();
    byte[] ik = InternalKey.of(com.blockdb.engine.Tables.KV, key);
    Version v = db.acquire();
    StringBuilder sb = new StringBuilder("visible " + visible + ": ");
    try {
      byte[] s = v.active.get(ik);
      sb.append("active ").append(s == null ? "-" : "seq " + StoredValue.sequence(s));
      for (Memtable m : v.frozen) {
        s = m.get(ik);
        sb.append(", frozen ").append(s == null ? "-" : "seq " + StoredValue.sequence(s));
      }
      for (TableHandle t : v.tables) {
        s = t.reader.get(ik);
        sb.append(", table ").append(t.number).append(' ').append(s == null ? "-" : "seq " + StoredValue.sequence(s));
      }
    } catch (Exception e) {
      sb.append(e);
    } finally {
      v.release();
    }
    return sb.toString();
  }

  @Test
  void anAcknowledgedKeyIsAlwaysVisible() throws Exception {
    long millis = Long.getLong("blockdb.ryw.millis", 3000);
    Options o = Options.defaults().withMemtableSizeLimit(64 * 1024).withCompactionThreshold(3)
        .withBlockchainBatchSize(7).withBlockIntervalMs(5).withWalSegmentSize(128 * 1024);
    List<String> misses = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    try (BlockDb db = BlockDb.open(dir, o)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int id = t;
        Thread th = new Thread(() -> {
          Random rnd = new Random(id);
          List<byte[]> mine = new ArrayList<>();
          for (long n = 0; !stop.get() && misses.size() < 10; n++) {
            byte[] k = ("t" + id + "-" + n).getBytes(UTF_8);
            if (rnd.nextInt(3) == 0) {
              WriteBatch b = new WriteBatch();
              for (int i = 0; i < 5; i++) {
                b.put(("t" + id + "-" + n + "-b" + i).getBytes(UTF_8), k);
              }
              db.write(b);
              mine.add(("t" + id + "-" + n + "-b" + rnd.nextInt(5)).getBytes(UTF_8));
            } else {
              db.put(k, k);
              mine.add(k);
            }
            byte[] probe = rnd.nextBoolean() ? mine.get(mine.size() - 1) : mine.get(rnd.nextInt(mine.size()));
            if (db.get(probe) == null) {
              misses.add(new String(probe, UTF_8) + " (" + (mine.size() - 1 - mine.indexOf(probe)) + " writes ago) "
                  + diagnose((DbImpl) db, probe));
            }
          }
        });
        th.start();
        threads.add(th);
      }
      Thread.sleep(millis);
      stop.set(true);
      for (Thread th : threads) {
        th.join();
      }
    }
    assertThat(misses).as("acknowledged keys a get did not find").isEmpty();
  }
}

package com.blockdb.engine.crash;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.Options;
import com.blockdb.engine.Tables;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link SigkillCrashTest}: opens the database with small, randomised settings
 * (flushes, compactions, WAL segment rolls and block seals all happen within a fraction of a second),
 * then writes single puts and batches from several threads until it is killed. Every write is logged
 * to a per-thread {@link IntentLog} before it is issued and again when it returns.
 *
 * <p>Usage: {@code CrashWriter <dataDir> <intentDir> <seed> <generation>}. Prints {@code OPENING}
 * before opening, {@code READY} once a write was acknowledged; exits by itself only after
 * {@link #MAX_LIFETIME_MS} so an orphan never lingers.
 */
public final class CrashWriter {

  static final long MAX_LIFETIME_MS = 60_000;

  /** One op in this many is followed by reading back an acknowledged key ({@code -Dblockdb.crash.readBackEvery}). */
  static final int READ_BACK_EVERY = Integer.getInteger("blockdb.crash.readBackEvery", 16);

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    Path intentDir = Path.of(args[1]);
    long seed = Long.parseLong(args[2]);
    int gen = Integer.parseInt(args[3]);
    Random rnd = new Random(seed);
    Options o = options(rnd);
    if (o.durabilityRelaxed()) {
      throw new IllegalStateException("crash test (a) must run with durable writes");
    }
    Files.createDirectories(intentDir);
    System.out.println("OPENING memtable=" + o.memtableSizeLimit() + " batch=" + o.blockchainBatchSize()
        + " interval=" + o.blockIntervalMs() + " segment=" + o.walSegmentSize());
    System.out.flush();
    BlockDb db = BlockDb.open(dataDir, o);

    // Keys stored by earlier generations, re-put on purpose to exercise duplicate detection
    // against SSTables and replayed memtables.
    List<String> stored = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
      while (it.hasNext() && stored.size() < 64) {
        Entry e = it.next();
        if (rnd.nextInt(4) == 0 || stored.size() < 8) {
          stored.add(new String(e.key(), UTF_8));
        }
      }
    }

    int threads = 4 + rnd.nextInt(3);
    CountDownLatch firstAck = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      IntentLog log = new IntentLog(intentDir.resolve(String.format("g%03d-t%d.log", gen, t)));
      Worker w = new Worker(db, "g" + gen + "-t" + t, new Random(seed * 31 + t), log, stored, firstAck);
      Thread th = new Thread(w, "crash-writer-" + t);
      th.setDaemon(true);
      th.start();
    }
    if (!firstAck.await(30, TimeUnit.SECONDS)) {
      System.err.println("no write was acknowledged within 30 s");
      Runtime.getRuntime().halt(2);
    }
    System.out.println("READY threads=" + threads);
    System.out.flush();
    Thread.sleep(MAX_LIFETIME_MS);
    System.err.println("not killed within " + MAX_LIFETIME_MS + " ms; exiting");
    Runtime.getRuntime().halt(3);
  }

  static Options options(Random rnd) {
    return Options.defaults()
        .withMemtableSizeLimit(64 * 1024 + rnd.nextInt(960 * 1024))
        .withCompactionThreshold(3)
        .withBlockchainBatchSize(1 + rnd.nextInt(50))
        .withBlockIntervalMs(5 + rnd.nextInt(46))
        .withWalSegmentSize(64 * 1024 + rnd.nextInt(448 * 1024))
        .withWalSyncIntervalMs(0); // durable: fsync before acknowledging (the default, stated explicitly)
  }

  /** One writing thread. */
  private static final class Worker implements Runnable {
    private final BlockDb db;
    private final String prefix;
    private final Random rnd;
    private final IntentLog log;
    private final List<String> stored;
    private final CountDownLatch firstAck;
    private final List<String> mine = new ArrayList<>();

    Worker(BlockDb db, String prefix, Random rnd, IntentLog log, List<String> stored, CountDownLatch firstAck) {
      this.db = db;
      this.prefix = prefix;
      this.rnd = rnd;
      this.log = log;
      this.stored = stored;
      this.firstAck = firstAck;
    }

    @Override
    public void run() {
      try {
        for (long n = 1; ; n++) {
          int dice = rnd.nextInt(100);
          if (dice < 4 && (!mine.isEmpty() || !stored.isEmpty())) {
            duplicate(n);
          } else if (dice < 6) {
            intraBatchDuplicate(n);
          } else if (dice < 40) {
            batch(n);
          } else {
            single(n);
          }
          if (rnd.nextInt(READ_BACK_EVERY) == 0 && !mine.isEmpty()) {
            readBack(mine.get(rnd.nextInt(mine.size())));
          }
        }
      } catch (Throwable t) {
        try {
          log.line("E 0 worker died: " + IntentLog.sanitize(t.toString()));
        } catch (Exception ignored) {
          // nothing more to report
        }
        t.printStackTrace();
      }
    }

    /**
     * Reads an acknowledged key back in this live process. A miss is logged with what the engine
     * looked like and whether the key shows up a moment later or through a scan: the difference
     * between a transient visibility race and a lost entry.
     */
    private void readBack(String k) throws Exception {
      byte[] key = k.getBytes(UTF_8);
      byte[] want = IntentLog.valueFor(k).getBytes(UTF_8);
      byte[] v = db.get(key);
      if (v != null && Arrays.equals(v, want)) {
        return;
      }
      long seqAtMiss = db.lastSequence();
      com.blockdb.engine.Stats st = db.stats();
      Thread.sleep(20);
      byte[] again = db.get(key);
      boolean scanned;
      try (EntryIterator it = db.scan(Tables.KV, key, null, Long.MAX_VALUE)) {
        scanned = it.hasNext() && Arrays.equals(it.next().key(), key);
      }
      log.line("E 0 read-back of acknowledged key " + k + " gave " + (v == null ? "null" : "a wrong value")
          + " [lastSequence " + seqAtMiss + ", sstables " + st.sstables() + ", memtable bytes " + st.memtableBytes()
          + ", flushes " + st.flushes() + ", compactions " + st.compactions() + "; 20 ms later get "
          + (again == null ? "null" : Arrays.equals(again, want) ? "found it" : "wrong value") + ", scan "
          + (scanned ? "found it" : "did not") + "]");
    }

    private void single(long n) throws Exception {
      String k = prefix + "-" + n;
      log.line("A " + n + " S " + k);
      outcome(n, () -> db.put(k.getBytes(UTF_8), IntentLog.valueFor(k).getBytes(UTF_8)), false);
      mine.add(k);
    }

    private void batch(long n) throws Exception {
      int size = 2 + rnd.nextInt(9);
      WriteBatch b = new WriteBatch();
      StringBuilder line = new StringBuilder("A " + n + " B");
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String k = prefix + "-b" + n + "-" + i;
        keys.add(k);
        b.put(k.getBytes(UTF_8), IntentLog.valueFor(k).getBytes(UTF_8));
        line.append(' ').append(k);
      }
      log.line(line.toString());
      outcome(n, () -> db.write(b), false);
      mine.addAll(keys);
    }

    /** Re-puts a stored key, alone or inside a batch of fresh keys: nothing may be written. */
    private void duplicate(long n) throws Exception {
      List<String> pool = !mine.isEmpty() && (stored.isEmpty() || rnd.nextBoolean()) ? mine : stored;
      String existing = pool.get(rnd.nextInt(pool.size()));
      int fresh = rnd.nextInt(4);
      StringBuilder line = new StringBuilder("A " + n + " D " + existing);
      List<WriteBatch.Put> puts = new ArrayList<>();
      for (int i = 0; i < fresh; i++) {
        String k = prefix + "-d" + n + "-" + i;
        line.append(' ').append(k);
        puts.add(new WriteBatch.Put(Tables.KV, k.getBytes(UTF_8), IntentLog.valueFor(k).getBytes(UTF_8)));
      }
      puts.add(rnd.nextInt(puts.size() + 1), new WriteBatch.Put(Tables.KV, existing.getBytes(UTF_8),
          IntentLog.duplicateValueFor(existing).getBytes(UTF_8)));
      WriteBatch b = new WriteBatch();
      for (WriteBatch.Put p : puts) {
        b.put(p.key(), p.value());
      }
      log.line(line.toString());
      outcome(n, () -> db.write(b), true);
    }

    /** A batch naming one of its own fresh keys twice: rejected whole. */
    private void intraBatchDuplicate(long n) throws Exception {
      int size = 2 + rnd.nextInt(5);
      List<String> keys = new ArrayList<>();
      StringBuilder line = new StringBuilder("A " + n + " I");
      for (int i = 0; i < size; i++) {
        String k = prefix + "-i" + n + "-" + i;
        keys.add(k);
        line.append(' ').append(k);
      }
      WriteBatch b = new WriteBatch();
      int dupAt = rnd.nextInt(size + 1);
      String twice = keys.get(rnd.nextInt(size));
      for (int i = 0; i <= size; i++) {
        String k = i == dupAt ? twice : keys.get(i < dupAt ? i : i - 1);
        b.put(k.getBytes(UTF_8), IntentLog.valueFor(k).getBytes(UTF_8));
      }
      log.line(line.toString());
      outcome(n, () -> db.write(b), true);
    }

    private void outcome(long n, Runnable write, boolean expectDuplicate) throws Exception {
      try {
        write.run();
      } catch (DuplicateKeyException e) {
        log.line((expectDuplicate ? "X " + n : "E " + n + " unexpected " + IntentLog.sanitize(e.getMessage())));
        if (!expectDuplicate) {
          throw e;
        }
        return;
      } catch (RuntimeException e) {
        log.line("E " + n + " " + IntentLog.sanitize(e.toString()));
        throw e;
      }
      log.line("K " + n);
      firstAck.countDown();
    }
  }
}

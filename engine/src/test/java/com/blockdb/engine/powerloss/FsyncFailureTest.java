package com.blockdb.engine.powerloss;

import com.blockdb.engine.testing.LedgerModel;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.Tables;
import com.blockdb.engine.testing.FaultInjectingFileLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failed fsync (EIO) or a full disk (ENOSPC): the write that hits it fails with a clear error, the
 * engine turns read-only (every later write fails fast with READ_ONLY, reads still work, stats say
 * why), the failed fsync is never retried, and nothing acknowledged is lost across a power loss and
 * reopen.
 */
class FsyncFailureTest {

  private static final long WRITE_TIMEOUT_MS = 5_000;

  private ExecutorService calls;

  @BeforeEach
  void setUp() {
    Engines.quietLogs();
    calls = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "writer-call");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void tearDown() {
    calls.shutdownNow();
    Engines.normalLogs();
  }

  /** Runs an engine call with a deadline, so an engine that never answers fails the test instead of hanging it. */
  private <T> T within(String what, Callable<T> c) {
    Future<T> f = calls.submit(c);
    try {
      return f.get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not return within " + WRITE_TIMEOUT_MS + " ms (it hangs):\n"
          + Engines.dumpThreads());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String value(int i) {
    return "value-" + i + "-" + "x".repeat(100);
  }

  /** Options where a put's only fsync is the WAL's: no flush, no seal, no compaction while writing. */
  private static Options walOnly(FencedFileLayer layer) {
    return Options.defaults().withMemtableSizeLimit(1 << 20).withBlockchainBatchSize(100_000)
        .withBlockIntervalMs(3_600_000).withWalSegmentSize(1 << 20).withBackground(false).withFileLayer(layer);
  }

  /** Small settings: segment rolls, seals, flushes and compactions every few writes. */
  private static Options busy(FencedFileLayer layer) {
    return Options.defaults().withMemtableSizeLimit(4096).withBlockchainBatchSize(4).withBlockIntervalMs(3_600_000)
        .withWalSegmentSize(4096).withCompactionThreshold(2).withSstableBlockSize(512).withBackground(false)
        .withFileLayer(layer);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void failedWalFsyncMakesTheStoreReadOnlyAndIsNeverRetried() {
    List<String> messageProblems = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      String where = "WAL fsync #" + k + " after open fails";
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(k);
      FencedFileLayer layer = new FencedFileLayer(fs);
      BlockDb db = BlockDb.open(Engines.DIR, walOnly(layer));
      fs.failSyncAfter(k, new IOException("EIO"));
      List<Integer> acked = new ArrayList<>();
      BlockDbException failure = null;
      int i = 0;
      for (; i < 10 && failure == null; i++) {
        int n = i;
        try {
          within("put " + n, () -> {
            db.put(b("k" + n), b(value(n)));
            return null;
          });
          acked.add(n);
        } catch (BlockDbException e) {
          failure = e;
        }
      }
      assertThat(failure).as(where + ": a put fails").isNotNull();
      assertThat(acked).as(where + ": the puts before it succeed").hasSize(k - 1);
      assertThat(failedSyncs(layer)).as(where + ": the failed sync was the WAL's").singleElement()
          .satisfies(s -> assertThat(s.path()).contains("/wal/"));
      assertThat(failure.code()).as(where + ": code of " + failure).isIn(ErrorCode.READ_ONLY, ErrorCode.IO_ERROR);
      if (!failure.getMessage().toLowerCase(Locale.ROOT).contains("fsync")) {
        messageProblems.add(where + ": the error does not say that an fsync failed: " + failure.code() + " "
            + failure.getMessage());
      }
      int syncsAtFailure = layer.syncCount();
      afterFailure(db, where, acked);
      within("close", () -> {
        db.close();
        return null;
      });
      assertThat(layer.syncCount()).as(where + ": syncs after the failed one (through close): "
          + layer.syncs().subList(syncsAtFailure, layer.syncCount())).isEqualTo(syncsAtFailure);
      fs.crash();
      reopenAndCheck(fs, acked, i - 1, where);
    }
    assertThat(messageProblems).as("error messages").isEmpty();
  }

  /** The engine after a failure: read-only, fast failures, reads work, nothing is synced again. */
  private void afterFailure(BlockDb db, String where, List<Integer> acked) {
    String reason = db.stats().readOnlyReason();
    assertThat(reason).as(where + ": stats().readOnlyReason()").isNotNull();
    FencedFileLayer layer = (FencedFileLayer) db.stats().options().fileLayer();
    int syncs = layer.syncCount();
    for (int j = 0; j < 5; j++) {
      String key = "later" + j;
      long t0 = System.nanoTime();
      BlockDbException e = catchEngine(() -> within("a put after the failure", () -> {
        db.put(b(key), b("v"));
        return null;
      }));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(e).as(where + ": a put after the failure is refused").isNotNull();
      assertThat(e.code()).as(where + ": " + e).isEqualTo(ErrorCode.READ_ONLY);
      assertThat(e.getMessage()).as(where + ": the refusal explains itself").contains("read-only");
      assertThat(ms).as(where + ": the refusal is fast").isLessThan(1000);
    }
    BlockDbException sealError = catchEngine(() -> within("seal", db::seal));
    if (sealError != null) {
      assertThat(sealError.code()).as(where + ": seal() " + sealError).isEqualTo(ErrorCode.READ_ONLY);
    }
    for (int n : acked) {
      assertThat(db.get(b("k" + n))).as(where + ": read of acknowledged k" + n).isEqualTo(b(value(n)));
    }
    assertThat(count(db)).as(where + ": a scan still works").isEqualTo(acked.size());
    assertThat(layer.syncCount()).as(where + ": no sync after the failure: "
        + layer.syncs().subList(Math.min(syncs, layer.syncCount()), layer.syncCount())).isEqualTo(syncs);
  }

  private static long count(BlockDb db) {
    long n = 0;
    try (var it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private static BlockDbException catchEngine(Runnable r) {
    try {
      r.run();
      return null;
    } catch (BlockDbException e) {
      return e;
    }
  }

  private static List<FencedFileLayer.SyncCall> failedSyncs(FencedFileLayer layer) {
    return layer.syncs().stream().filter(s -> s.error() != null).toList();
  }

  /** Reopens after power loss: every acknowledged put present, nothing else but puts 0..maxAttempted, verify ok. */
  private void reopenAndCheck(FaultInjectingFileLayer fs, List<Integer> acked, int maxAttempted, String where) {
    LedgerModel m = new LedgerModel();
    for (int n = 0; n <= maxAttempted; n++) {
      m.attempted.put("k" + n, value(n));
    }
    for (int n : acked) {
      m.acked.add("k" + n);
    }
    BlockDb db = within(where + ": reopen", () -> BlockDb.open(Engines.DIR, walOnly(new FencedFileLayer(fs))));
    try {
      m.assertClean(m.check(db, null, true), where + ", after power loss and reopen");
    } finally {
      db.close();
    }
  }

  /**
   * The n-th sync after open fails, for every n until the workload no longer reaches it: WAL
   * segments, segment rolls, block file, SSTables, manifest, directories. Whatever failed, the engine
   * must turn read-only before the next write, never sync that file again, and lose nothing
   * acknowledged across a power loss.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void anyFailedFsyncMakesTheStoreReadOnlyAndLosesNothing() {
    Map<String, List<String>> problemsBySite = new LinkedHashMap<>();
    Map<String, Integer> casesBySite = new LinkedHashMap<>();
    Map<String, String> messageIssues = new LinkedHashMap<>();
    for (int n = 1; n <= 90; n++) {
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(1000 + n);
      FencedFileLayer layer = new FencedFileLayer(fs);
      BlockDb db = BlockDb.open(Engines.DIR, busy(layer));
      fs.failSyncAfter(n, new IOException("EIO"));
      List<Integer> acked = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      int attempted = 0;
      int writesAfterFailure = 0;
      BlockDbException firstError = null;
      for (int i = 0; i < 400; i++) {
        boolean failedBefore = !failedSyncs(layer).isEmpty();
        int w = i;
        attempted = i;
        BlockDbException e;
        try {
          e = catchEngine(() -> within("put " + w, () -> {
            db.put(b("k" + w), b(value(w)));
            return null;
          }));
        } catch (AssertionError hang) {
          problems.add("put " + w + " hangs: " + hang.getMessage().lines().findFirst().orElse(""));
          break;
        }
        if (e == null) {
          acked.add(w);
          if (failedBefore) {
            writesAfterFailure++;
          }
        } else {
          if (firstError == null) {
            firstError = e;
          }
          if (failedBefore && e.code() != ErrorCode.READ_ONLY) {
            problems.add("put " + w + " after the failure fails with " + e.code() + " instead of READ_ONLY: "
                + e.getMessage());
          }
          if (failedBefore) {
            break;
          }
        }
        if (failedBefore && writesAfterFailure >= 200) {
          break;
        }
      }
      List<FencedFileLayer.SyncCall> failed = failedSyncs(layer);
      if (failed.isEmpty()) {
        Engines.abandon(db, 10_000);
        continue; // the workload never reached the n-th sync
      }
      FencedFileLayer.SyncCall bad = failed.get(0);
      String site = site(bad.path());
      casesBySite.merge(site, 1, Integer::sum);
      if (writesAfterFailure > 0) {
        problems.add(writesAfterFailure + " put(s) submitted after the failed fsync were acknowledged"
            + " (the engine did not turn read-only)");
      }
      if (firstError == null) {
        problems.add("no put failed");
      } else if (!firstError.getMessage().toLowerCase(Locale.ROOT).contains("fsync")) {
        messageIssues.putIfAbsent(site, firstError.code() + " \"" + firstError.getMessage() + "\"");
      }
      String reason = db.stats().readOnlyReason();
      if (reason == null) {
        problems.add("stats().readOnlyReason() is null after the failed fsync");
      }
      // A later fsync of the same append-only file would report earlier, possibly dropped, pages durable.
      List<String> retried = layer.syncs().stream()
          .filter(s -> s.number() > bad.number() && s.path().equals(bad.path())).map(s -> "#" + s.number()).toList();
      if (!retried.isEmpty() && (site.equals("wal segment") || site.equals("block file"))) {
        problems.add("the failed fsync of " + bad.path() + " (#" + bad.number() + ") was retried: " + retried);
      }
      String hang = Engines.abandon(db, 10_000);
      if (hang != null) {
        problems.add(hang.lines().findFirst().orElse(""));
      }
      fs.crash();
      LedgerModel m = new LedgerModel();
      for (int w = 0; w <= attempted; w++) {
        m.attempted.put("k" + w, value(w));
      }
      for (int w : acked) {
        m.acked.add("k" + w);
      }
      try {
        BlockDb again = within("reopen", () -> BlockDb.open(Engines.DIR, busy(new FencedFileLayer(fs))));
        try {
          problems.addAll(m.check(again, null, true).problems());
        } finally {
          again.close();
        }
      } catch (RuntimeException | AssertionError e) {
        problems.add("reopen after the crash failed: " + e);
      }
      if (!problems.isEmpty()) {
        problemsBySite.computeIfAbsent(site, s -> new ArrayList<>()).add("sync #" + n + " (" + bad.path() + ", "
            + acked.size() + " acked, first error: " + (firstError == null ? "none" : firstError.code() + " "
            + firstError.getMessage()) + "):\n      " + String.join("\n      ", problems));
      }
    }
    System.out.println("FsyncFailureTest: failed-fsync cases by site " + casesBySite);
    assertThat(casesBySite.keySet()).as("sites reached").contains("wal segment", "block file", "sstable", "manifest");
    if (!problemsBySite.isEmpty() || !messageIssues.isEmpty()) {
      StringBuilder sb = new StringBuilder("failed fsyncs mishandled, by site:");
      problemsBySite.forEach((site, list) -> {
        sb.append("\n  ").append(site).append(": ").append(list.size()).append(" of ")
            .append(casesBySite.get(site)).append(" case(s)");
        list.stream().limit(2).forEach(p -> sb.append("\n    ").append(p));
      });
      if (!messageIssues.isEmpty()) {
        sb.append("\n  the first error does not say an fsync failed:");
        messageIssues.forEach((site, msg) -> sb.append("\n    ").append(site).append(": ").append(msg));
      }
      throw new AssertionError(sb.toString());
    }
  }

  /**
   * The flush path, deterministically: the fsync of a new SSTable fails. The engine must turn
   * read-only. If it does not, the frozen memtable stays unflushed, the next flush writes a manifest
   * whose flushed index covers the failed memtable's records although no listed SSTable holds them,
   * and the WAL segments holding them are released: after a reopen (no crash needed) acknowledged
   * writes are gone and verify fails.
   */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void failedSstableFsyncDuringFlushLosesNothingAcknowledged() {
    FaultInjectingFileLayer fs = new FaultInjectingFileLayer(99);
    FencedFileLayer layer = new FencedFileLayer(fs);
    Options o = Options.defaults().withMemtableSizeLimit(64 * 1024).withWalSegmentSize(4096)
        .withBlockIntervalMs(3_600_000).withBackground(false).withFileLayer(layer);
    BlockDb db = BlockDb.open(Engines.DIR, o);
    List<Integer> acked = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      db.put(b("k" + i), b(value(i)));
      acked.add(i);
    }
    layer.failNextSync(p -> p.endsWith(".sst"));
    BlockDbException flushError = catchEngine(db::flush);
    List<String> problems = new ArrayList<>();
    if (flushError == null) {
      problems.add("flush() reported success although the SSTable's fsync failed");
    }
    if (db.stats().readOnlyReason() == null) {
      problems.add("stats().readOnlyReason() is null after the SSTable fsync failed (flush() said: "
          + (flushError == null ? "nothing" : flushError.code() + " " + flushError.getMessage()) + ")");
    }
    // Keep writing as an application would if the engine lets it, and flush again.
    int laterAcked = 0;
    int i = 100;
    for (; i < 200; i++) {
      int n = i;
      if (catchEngine(() -> within("put " + n, () -> {
        db.put(b("k" + n), b(value(n)));
        return null;
      })) != null) {
        break;
      }
      acked.add(i);
      laterAcked++;
    }
    if (laterAcked > 0) {
      problems.add(laterAcked + " put(s) after the failed SSTable fsync were acknowledged");
      catchEngine(db::flush);
    }
    db.close();
    LedgerModel m = new LedgerModel();
    for (int w = 0; w <= i && w < 200; w++) {
      m.attempted.put("k" + w, value(w));
    }
    for (int w : acked) {
      m.acked.add("k" + w);
    }
    BlockDb again = BlockDb.open(Engines.DIR, o.withFileLayer(new FencedFileLayer(fs)));
    try {
      problems.addAll(m.check(again, null, true).problems().stream().map(p -> "after a clean close and reopen: " + p)
          .toList());
    } finally {
      again.close();
    }
    assertThat(problems).as("failed SSTable fsync during a flush").isEmpty();
  }

  private static String site(String path) {
    if (path.endsWith("/")) {
      return "directory " + Path.of(path).getFileName();
    }
    if (path.contains("/wal/")) {
      return "wal segment";
    }
    if (path.endsWith("blocks.dat") || path.endsWith("blocks.dat.tmp")) {
      return "block file";
    }
    if (path.endsWith(".sst")) {
      return "sstable";
    }
    if (path.contains("MANIFEST")) {
      return "manifest";
    }
    return path;
  }

  /**
   * ENOSPC: appends fail once the disk is full. Writes fail cleanly (no hang), later ones fail fast
   * with READ_ONLY, reads work, and nothing acknowledged is lost, whether the store is reopened while
   * the disk is still full or after space was freed.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void fullDiskFailsWritesCleanlyAndLosesNothing() throws IOException {
    for (int j = 0; j < 16; j++) {
      String where = "ENOSPC case " + j;
      FaultInjectingFileLayer fs = new FaultInjectingFileLayer(j);
      FencedFileLayer layer = new FencedFileLayer(fs);
      BlockDb db = BlockDb.open(Engines.DIR, busy(layer));
      List<Integer> acked = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        db.put(b("k" + i), b(value(i)));
        acked.add(i);
      }
      fs.failWritesWhenBytesExceed(totalBytes(fs) + 300 + 650L * j);
      BlockDbException failure = null;
      int i = 30;
      for (; i < 1000 && failure == null; i++) {
        int n = i;
        try {
          within(where + ": put " + n, () -> {
            db.put(b("k" + n), b(value(n)));
            return null;
          });
          acked.add(n);
        } catch (BlockDbException e) {
          failure = e;
        }
      }
      assertThat(failure).as(where + ": a put fails once the disk is full").isNotNull();
      assertThat(failure.code()).as(where + ": " + failure).isIn(ErrorCode.READ_ONLY, ErrorCode.IO_ERROR);
      assertThat(failure.getMessage()).as(where + ": the error names the cause").contains("No space left on device");
      afterFailure(db, where, acked);
      String hang = Engines.abandon(db, 10_000);
      assertThat(hang).as(where).isNull();
      if (j % 2 == 0) {
        fs.crash();
      }
      if (j % 4 < 2) {
        // Reopen while the disk is still full: it may refuse to open, but must not damage anything.
        try {
          BlockDb full = within(where + ": reopen on a full disk", () -> BlockDb.open(Engines.DIR,
              busy(new FencedFileLayer(fs))));
          Engines.abandon(full, 10_000);
        } catch (BlockDbException expected) {
          // refusing to open on a full disk is fine
        }
      }
      fs.failWritesWhenBytesExceed(Long.MAX_VALUE);
      fs.crash();
      LedgerModel m = new LedgerModel();
      for (int w = 0; w < i; w++) {
        m.attempted.put("k" + w, value(w));
      }
      for (int w : acked) {
        m.acked.add("k" + w);
      }
      BlockDb again = within(where + ": reopen after freeing space", () -> BlockDb.open(Engines.DIR,
          busy(new FencedFileLayer(fs))));
      try {
        m.assertClean(m.check(again, null, true), where + ", after freeing space and reopening");
        again.put(b("after"), b("space freed"));
        assertThat(again.get(b("after"))).isEqualTo(b("space freed"));
      } finally {
        again.close();
      }
    }
  }

  private static long totalBytes(FaultInjectingFileLayer fs) throws IOException {
    long total = 0;
    for (Path d : List.of(Engines.DIR, Engines.DIR.resolve("wal"), Engines.DIR.resolve("sst"),
        Engines.DIR.resolve("ledger"))) {
      for (String name : fs.list(d)) {
        total += fs.readFile(d.resolve(name)).length;
      }
    }
    return total;
  }
}

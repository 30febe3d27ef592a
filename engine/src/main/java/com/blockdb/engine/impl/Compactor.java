package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.WritableFile;
import com.blockdb.engine.sstable.TableBuilder;
import com.blockdb.engine.sstable.TableInfo;
import com.blockdb.engine.sstable.TableIterator;
import com.blockdb.engine.sstable.TableReader;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background maintenance of the table set: flushes frozen memtables to SSTables (oldest first, on
 * one thread) and merges SSTables once {@code compaction_threshold} of them pile up (on another),
 * each change published as a new manifest and then a new {@link Version}. It also applies
 * back-pressure to writers:
 *
 * <ul>
 *   <li>2 frozen memtables waiting for a flush: writers stall until one is flushed;
 *   <li>2 × threshold SSTables: each write is slowed by 1 ms;
 *   <li>3 × threshold SSTables: writers stall until compaction catches up.
 * </ul>
 *
 * Memory therefore stays bounded by about three memtables. Stall time is reported in stats.
 */
final class Compactor {

  private static final System.Logger LOG = System.getLogger(Compactor.class.getName());
  static final int MAX_FROZEN = 2;

  private final DbImpl db;
  private Manifest manifest; // guarded by db.versionLock
  private final AtomicLong nextFile;
  private final ExecutorService flusher;
  private final ExecutorService merger;
  private final Object progress = new Object();
  private volatile Exception failure;
  private volatile String failureReason;
  private boolean compactionQueued; // guarded by progress
  final AtomicLong flushes = new AtomicLong();
  final AtomicLong compactions = new AtomicLong();
  private final AtomicLong stallNanos = new AtomicLong();

  Compactor(DbImpl db, Manifest manifest) {
    this.db = db;
    this.manifest = manifest;
    this.nextFile = new AtomicLong(manifest.nextFileNumber());
    this.flusher = Executors.newSingleThreadExecutor(r -> daemon(r, "blockdb-flush"));
    this.merger = Executors.newSingleThreadExecutor(r -> daemon(r, "blockdb-compact"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The manifest now; the caller holds {@code db.versionLock}, so it matches the current version. */
  Manifest manifest() {
    assert Thread.holdsLock(db.versionLock);
    return manifest;
  }

  void start() {
    maybeScheduleCompaction();
  }

  private Path sstDir() {
    return db.dir.resolve("sst");
  }

  /** Opens the manifest's tables and deletes files a crash left behind (unfinished flushes). */
  List<TableHandle> openTables(Manifest m) throws IOException {
    Set<String> live = new HashSet<>();
    List<TableHandle> out = new ArrayList<>();
    for (Manifest.TableMeta t : m.tables()) {
      String name = Manifest.tableFileName(t.fileNumber());
      live.add(name);
      Path p = sstDir().resolve(name);
      if (!db.fs.exists(p)) {
        throw new com.blockdb.engine.CorruptionException(p, 0, "SSTable listed in the manifest is missing");
      }
      out.add(new TableHandle(t.fileNumber(), TableReader.open(db.fs, p, db.dataBlocksRead), db.fs, p));
    }
    for (String name : db.fs.list(sstDir())) {
      if (!live.contains(name)) {
        db.fs.delete(sstDir().resolve(name));
      }
    }
    db.fs.delete(db.dir.resolve(Manifest.NAME + ".tmp"));
    return out;
  }

  long stallMillis() {
    return TimeUnit.NANOSECONDS.toMillis(stallNanos.get());
  }

  /**
   * Called by each writer before it queues: slows or stalls it while background work lags, that
   * is while frozen memtables wait for the flusher or flushed tables for the merger (more than 2
   * or 3 times the compaction threshold in the smallest tier; bigger tiers hold up to threshold - 1
   * tables each by design).
   */
  void throttle() {
    Version v = db.current.get();
    int threshold = db.options.compactionThreshold();
    if (v.frozen.size() < MAX_FROZEN && v.tables.size() < 2 * threshold) {
      return; // the cheap test first: this runs for every write
    }
    if (v.frozen.size() < MAX_FROZEN && smallestTier(v) < 2 * threshold) {
      return;
    }
    long start = System.nanoTime();
    try {
      synchronized (progress) {
        while (true) {
          checkFailure();
          v = db.current.get();
          if (v.frozen.size() < MAX_FROZEN && smallestTier(v) < 3 * threshold) {
            break;
          }
          progress.wait(10);
        }
      }
      if (smallestTier(v) >= 2 * threshold) {
        Thread.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlockDbException(ErrorCode.IO_ERROR, "interrupted while waiting for compaction");
    } finally {
      stallNanos.addAndGet(System.nanoTime() - start);
    }
  }

  private void checkFailure() {
    Exception f = failure;
    if (f != null) {
      throw new BlockDbException(ErrorCode.READ_ONLY, failureReason
          + "; the database is now read-only: reopen it after fixing the cause", f);
    }
  }

  private void signal() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /**
   * On the commit thread: queue a frozen memtable for flushing. {@code oldestPreparedIndex} is the
   * log index of the oldest PREPARE in doubt when it was frozen (0 if none): the manifest keeps it so
   * the log is kept and replayed from there. A replicated store passes its transactions in doubt
   * instead ({@code inDoubt}, null otherwise), which the manifest then holds (version 3).
   */
  void scheduleFlush(Memtable m, long oldestPreparedIndex, List<Manifest.InDoubt> inDoubt) {
    Runnable task = () -> {
      try {
        flush(m, oldestPreparedIndex, inDoubt);
      } catch (Exception e) {
        failed("flush", e);
      }
    };
    if (db.options.background()) {
      flusher.submit(task);
    } else {
      task.run();
    }
  }

  /**
   * A failed flush or compaction turns the whole engine read-only. Carrying on would be unsafe: a
   * later flush would write a manifest whose flushed index covers the failed memtable's records
   * and release the log segments that are their only copy.
   */
  private void failed(String what, Exception e) {
    String reason = "background " + what + " failed (a write or fsync of its files reported: " + e.getMessage() + ")";
    LOG.log(System.Logger.Level.ERROR, reason, e);
    if (failure == null) {
      failure = e;
      failureReason = reason;
    }
    db.markReadOnly(reason);
    signal();
  }

  private void flush(Memtable m, long oldestPreparedIndex, List<Manifest.InDoubt> inDoubt) throws IOException {
    if (failure != null) {
      return; // after a failure nothing may advance the manifest
    }
    long number = nextFile.getAndIncrement();
    Path p = sstDir().resolve(Manifest.tableFileName(number));
    TableInfo info;
    try (WritableFile out = db.fs.create(p)) {
      TableBuilder b = new TableBuilder(out, p, db.options.sstableBlockSize(), m.size());
      for (SkipList.Node e : m.entries()) {
        b.add(e.buf, e.off, e.keyLength, e.valueOffset(), e.valueLength);
      }
      info = b.finish();
    }
    db.fs.syncDirectory(sstDir());
    TableHandle handle = new TableHandle(number, TableReader.open(db.fs, p, db.dataBlocksRead), db.fs, p);
    long releasable;
    synchronized (db.versionLock) {
      Version old = db.current.get();
      List<TableHandle> tables = new ArrayList<>();
      tables.add(handle);
      tables.addAll(old.tables);
      List<Manifest.TableMeta> metas = new ArrayList<>(manifest.tables());
      metas.add(0, new Manifest.TableMeta(number, info.fileSize(), info.entryCount()));
      Manifest next = new Manifest(m.lastIndex(), m.lastSequence(), oldestPreparedIndex, nextFile.get(),
          List.copyOf(metas), inDoubt);
      next.write(db.fs, db.dir);
      manifest = next;
      releasable = next.replayAfter();
      List<Memtable> frozen = new ArrayList<>(old.frozen);
      frozen.remove(m);
      db.current.set(new Version(old.active, frozen, tables));
      handle.release(); // the new version holds it
      old.release();
    }
    flushes.incrementAndGet();
    db.releaseLog(releasable); // never past a PREPARE still in doubt
    signal();
    maybeScheduleCompaction();
  }

  private void maybeScheduleCompaction() {
    if (pick(db.options.compactionThreshold()) == null) {
      return;
    }
    synchronized (progress) {
      if (compactionQueued) {
        return;
      }
      compactionQueued = true;
    }
    Runnable task = () -> {
      try {
        synchronized (progress) {
          compactionQueued = false;
        }
        synchronized (mergeLock) {
          List<TableHandle> pick = pick(db.options.compactionThreshold());
          if (pick != null) {
            merge(pick);
          }
        }
      } catch (Exception e) {
        failed("compaction", e);
      }
    };
    if (db.options.background()) {
      try {
        merger.submit(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        synchronized (progress) {
          compactionQueued = false; // closing: the next open compacts
        }
      }
    } else {
      task.run();
    }
  }

  /**
   * Held from picking a merge's inputs until its output is installed. Merges run on the merger
   * thread, but also inline on the flusher thread when background work is off; two merges that
   * picked the same inputs would both install their output, and every entry would be stored twice.
   */
  private final Object mergeLock = new Object();

  /**
   * Size-tiered: the {@code n} smallest tables of the smallest tier that has {@code n}, or null.
   * Tables are grouped from the smallest up; a tier takes every next table up to twice its first
   * one's size, and a table below half the memtable limit (a flush of a part-full memtable) counts
   * as that size. A merge's output is about n times its inputs, so it starts a tier of its own.
   *
   * <p>Taking the n smallest tables, whatever their sizes, made a steady load rewrite the whole
   * database every n - 1 flushes (the one big table is always among the n smallest once n - 1
   * flushes sit beside it): quadratic in its size. Tiers rewrite each entry about log_n(size /
   * flush size) times, at the cost of up to n - 1 tables per tier.
   */
  private List<TableHandle> pick(int n) {
    List<List<TableHandle>> tiers = tiers(db.current.get().tables);
    for (List<TableHandle> tier : tiers) {
      if (tier.size() >= n) {
        return new ArrayList<>(tier.subList(0, n));
      }
    }
    return null;
  }

  /** The tables grouped in tiers (see {@link #pick}), smallest first, each sorted by size. */
  private List<List<TableHandle>> tiers(List<TableHandle> live) {
    List<TableHandle> tables = new ArrayList<>(live);
    tables.sort(Comparator.comparingLong(TableHandle::fileSize));
    long floor = Math.max(1, db.options.memtableSizeLimit() / 2);
    List<List<TableHandle>> tiers = new ArrayList<>();
    List<TableHandle> tier = null;
    long limit = 0;
    for (TableHandle t : tables) {
      long size = Math.max(floor, t.fileSize());
      if (tier == null || size > limit) {
        tier = new ArrayList<>();
        tiers.add(tier);
        limit = 2 * size;
      }
      tier.add(t);
    }
    return tiers;
  }

  /** Tables in the smallest tier: where flushes land, so what piles up when merging lags. */
  private int smallestTier(Version v) {
    List<List<TableHandle>> tiers = tiers(v.tables);
    return tiers.isEmpty() ? 0 : tiers.get(0).size();
  }

  /** Merges {@code inputs} into one table; keys are unique, so it is a plain k-way merge. */
  private void merge(List<TableHandle> inputs) throws IOException {
    if (failure != null) {
      return;
    }
    long number = nextFile.getAndIncrement();
    Path p = sstDir().resolve(Manifest.tableFileName(number));
    long expected = 0;
    for (TableHandle t : inputs) {
      t.retain();
      expected += t.entryCount();
    }
    TableInfo info;
    try (WritableFile out = db.fs.create(p)) {
      TableBuilder b = new TableBuilder(out, p, db.options.sstableBlockSize(), expected);
      PriorityQueue<TableIterator> heap = new PriorityQueue<>((x, y) -> Bytes.compare(x.key(), y.key()));
      for (TableHandle t : inputs) {
        TableIterator it = t.reader.iterator();
        if (it.next()) {
          heap.add(it);
        }
      }
      while (!heap.isEmpty()) {
        TableIterator it = heap.poll();
        b.add(it.key(), it.value());
        if (it.next()) {
          heap.add(it);
        }
      }
      info = b.finish();
    } finally {
      for (TableHandle t : inputs) {
        t.release();
      }
    }
    db.fs.syncDirectory(sstDir());
    TableHandle handle = new TableHandle(number, TableReader.open(db.fs, p, db.dataBlocksRead), db.fs, p);
    Set<Long> gone = new HashSet<>();
    for (TableHandle t : inputs) {
      gone.add(t.number);
    }
    synchronized (db.versionLock) {
      Version old = db.current.get();
      long present = old.tables.stream().filter(t -> gone.contains(t.number)).count();
      if (present != gone.size()) {
        // Unreachable while merges hold mergeLock; never install entries a second time.
        handle.release();
        throw new IllegalStateException("compaction inputs " + gone + " are no longer all in the current version");
      }
      List<TableHandle> tables = new ArrayList<>();
      tables.add(handle);
      for (TableHandle t : old.tables) {
        if (!gone.contains(t.number)) {
          tables.add(t);
        }
      }
      List<Manifest.TableMeta> metas = new ArrayList<>();
      metas.add(new Manifest.TableMeta(number, info.fileSize(), info.entryCount()));
      for (Manifest.TableMeta t : manifest.tables()) {
        if (!gone.contains(t.fileNumber())) {
          metas.add(t);
        }
      }
      Manifest next = manifest.withTables(nextFile.get(), List.copyOf(metas));
      next.write(db.fs, db.dir);
      manifest = next;
      db.current.set(new Version(old.active, old.frozen, tables));
      handle.release();
      for (TableHandle t : old.tables) {
        if (gone.contains(t.number)) {
          t.retire();
        }
      }
      old.release();
    }
    compactions.incrementAndGet();
    signal();
    maybeScheduleCompaction();
  }

  /** Freezes the memtable and waits until it and every earlier one are in SSTables. */
  void flushNow() {
    db.requestSwitch();
    try {
      flusher.submit(() -> { }).get(); // the flusher runs in order: this waits for all queued flushes
    } catch (Exception e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "flush failed: " + e.getMessage(), e);
    }
    checkFailure();
  }

  /** Merges all SSTables into one and waits. */
  void compactNow() {
    try {
      merger.submit(() -> {
        synchronized (mergeLock) {
          List<TableHandle> all = new ArrayList<>(db.current.get().tables);
          if (all.size() > 1) {
            merge(all);
          }
        }
        return null;
      }).get();
    } catch (Exception e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "compaction failed: " + e.getMessage(), e);
    }
  }

  void stop() {
    flusher.shutdown();
    merger.shutdown();
    try {
      flusher.awaitTermination(1, TimeUnit.MINUTES);
      merger.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitLog;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commit thread: the single writer of the commit log. It takes every request waiting at the
 * moment, checks each write for duplicate keys (against storage and the earlier writes of the same
 * group, so of two racing writers exactly one wins), appends the accepted records, makes them
 * durable with ONE fsync (group commit), applies them to the memtable and the ledger, and only then
 * completes the writers' futures. No batching by sleeping: a lone writer pays one fsync.
 *
 * <p>Two-phase commit rides the same groups: a prepare is checked like a write (and its keys must
 * not be reserved by a transaction in doubt) and logged as a PREPARE record; a decision is logged
 * as a DECISION record. A write naming a reserved key fails with {@code KEY_IN_DOUBT}.
 *
 * <p>Between groups it does the timed duties: sealing a block older than {@code block_interval_ms},
 * the relaxed fsync when {@code wal_sync_interval > 0}, and releasing log segments that flushes
 * made redundant.
 */
final class CommitPipeline implements Runnable {

  /** What the pipeline needs from the database around it. */
  interface Host {
    /** A view of storage pinned for one group's duplicate checks; close it after the group. */
    KeyProbe pinForChecks();

    /** Called after each group, on the commit thread: switch and flush the memtable if full. */
    void afterGroup() throws IOException;

    /** Blocks handed to the background sealer so far. */
    long blocksQueued();

    /**
     * Waits until the first {@code mark} queued blocks are durable; throws if one failed. A writer
     * is never acknowledged after a block fsync failed before it was submitted.
     */
    void awaitSealed(long mark) throws IOException;
  }

  private abstract static class Request {
    final CompletableFuture<Long> done = new CompletableFuture<>();
    long index;
    CommitRecord record;
    Applier.Prepared prepared;
    long firstSequence; // of a COMMIT record whose preparing waits for the group's fsync to start
  }

  /** Whether internal keys are stored, against one pinned version. */
  interface KeyProbe extends AutoCloseable {
    boolean exists(byte[] internalKey);

    /**
     * False when certainly no key {@code lo <= key <= hi} is stored (no memtable holds one and no
     * SSTable's key range overlaps), so a sorted batch beyond every stored key needs no per-key
     * checks; true when some may be.
     */
    boolean mayContainAny(byte[] lo, byte[] hi);

    @Override
    void close();
  }

  /**
   * The keys written by the group's accepted writes so far: hashed keys, plus sorted runs of keys
   * from batches that took the sorted fast path (searched by binary search, never hashed).
   */
  private static final class GroupKeys {
    private final Set<Key> hashed = new HashSet<>();
    private final List<byte[][]> runs = new ArrayList<>();

    /** Adds a key; false if the group already has it. */
    boolean add(Key k) {
      for (byte[][] run : runs) {
        if (java.util.Arrays.binarySearch(run, k.bytes(), Bytes.ORDER) >= 0) {
          return false;
        }
      }
      return hashed.add(k);
    }

    void remove(Key k) {
      hashed.remove(k);
    }

    void addSortedRun(byte[][] keys) {
      runs.add(keys);
    }

    /** Whether some key of the group may lie in {@code lo..hi} (both inclusive). */
    boolean mayContainAny(byte[] lo, byte[] hi) {
      if (!hashed.isEmpty()) {
        for (Key k : hashed) {
          if (Bytes.compare(k.bytes(), lo) >= 0 && Bytes.compare(k.bytes(), hi) <= 0) {
            return true;
          }
        }
      }
      for (byte[][] run : runs) {
        if (Bytes.compare(run[0], hi) <= 0 && Bytes.compare(run[run.length - 1], lo) >= 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** An internal key with its hash computed once, for the group's duplicate set. */
  private record Key(byte[] bytes, int hash) {
    static Key of(byte[] b) {
      return new Key(b, java.util.Arrays.hashCode(b));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && java.util.Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** A write; a prepare is checked like one. */
  private static class WriteRequest extends Request {
    final List<WriteBatch.Put> puts;
    final String principal;
    byte[][] internalKeys; // computed by the duplicate check, reused when preparing

    WriteRequest(List<WriteBatch.Put> puts, String principal) {
      this.puts = puts;
      this.principal = principal;
    }
  }

  /** Phase one of a two-phase commit: checked like a write, logged as PREPARE, applied as a reservation. */
  private static final class PrepareRequest extends WriteRequest {
    final long txnId;
    final byte[] xid;

    PrepareRequest(long txnId, byte[] xid, List<WriteBatch.Put> puts, String principal) {
      super(puts, principal);
      this.txnId = txnId;
      this.xid = xid;
    }
  }

  /** Phase two: the decision on a transaction in doubt. */
  private static final class DecisionRequest extends Request {
    final long txnId;
    final CommitRecord.Outcome outcome;

    DecisionRequest(long txnId, CommitRecord.Outcome outcome) {
      this.txnId = txnId;
      this.outcome = outcome;
    }
  }

  /**
   * What the group's accepted PREPARE and DECISION records will change once applied: the prepared
   * set is changed only by applying, after the group's fsync, so until then later requests of the
   * group check against both. A decision taken in the group still counts as in doubt for the rest
   * of the group (a racing write fails as if it had come first).
   */
  private static final class GroupTxns {
    final java.util.Map<Key, Long> reserved = new java.util.HashMap<>();
    final Set<Long> prepared = new HashSet<>();
    final Set<Long> decided = new HashSet<>();
  }

  private static final class SealRequest extends Request {}

  /** Work that must run on the commit thread between groups (freezing the memtable). */
  interface Task {
    void run() throws IOException;
  }

  private static final class TaskRequest extends Request {
    final Task task;

    TaskRequest(Task task) {
      this.task = task;
    }
  }

  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final CommitLog log;
  private final Applier applier;
  private final Options options;
  private final Host host;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile String readOnlyReason;
  private volatile long releasable;
  private long released;
  /** Log records an online backup is copying: none from a hold's index on may be released. */
  private final Set<LogHold> holds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private long lastSyncMillis;
  private static final long MAX_COHORT_WAIT_NANOS = 200_000;
  private int lastGroupWriters;
  private long lastFsyncNanos;
  /**
   * While the commit thread waits for a cohort: the queue length at which a submitter wakes it;
   * 0 otherwise. Written by the commit thread, read by submitters.
   */
  private volatile int cohortWakeAt;
  private boolean unsynced;
  final AtomicLong fsyncs = new AtomicLong();
  final AtomicLong commits = new AtomicLong();

  CommitPipeline(CommitLog log, Applier applier, Options options, Host host) {
    this.log = log;
    this.applier = applier;
    this.options = options;
    this.host = host;
    this.thread = new Thread(this, "blockdb-commit");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a write and waits until it is durable and applied; returns its last sequence. */
  long write(List<WriteBatch.Put> puts, String principal) {
    return await(submit(new WriteRequest(puts, principal)));
  }

  /** Queues a PREPARE and waits until it is durable and its keys are reserved. */
  void prepare(long txnId, byte[] xid, List<WriteBatch.Put> puts, String principal) {
    await(submit(new PrepareRequest(txnId, xid, puts, principal)));
  }

  /** Queues a decision and waits until it is durable and applied; returns the last sequence. */
  long decide(long txnId, CommitRecord.Outcome outcome) {
    return await(submit(new DecisionRequest(txnId, outcome)));
  }

  /** Seals the pending block through the log and waits. */
  void seal() {
    await(submit(new SealRequest()));
  }

  /** Runs {@code task} on the commit thread, ordered with writes, and waits for it. */
  void runOnCommitThread(Task task) {
    await(submit(new TaskRequest(task)));
  }

  private Request submit(Request r) {
    String ro = readOnlyReason;
    if (ro != null) {
      throw new BlockDbException(ErrorCode.READ_ONLY, ro);
    }
    if (stopping) {
      throw new BlockDbException(ErrorCode.CLOSED, "the database is closed");
    }
    queue.add(r);
    int wakeAt = cohortWakeAt;
    if (wakeAt > 0 && queue.size() >= wakeAt) {
      java.util.concurrent.locks.LockSupport.unpark(thread); // the cohort is complete
    }
    return r;
  }

  private static long await(Request r) {
    try {
      return r.done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re; // the engine's own exception (duplicate key, read-only, ...), as the caller expects
      }
      throw new BlockDbException(ErrorCode.IO_ERROR, String.valueOf(e.getCause()), e.getCause());
    }
  }

  String readOnlyReason() {
    return readOnlyReason;
  }

  /**
   * Keeps the log records from {@code fromIndex} on (segments holding one are not deleted) until
   * the hold is closed. Taken on the commit thread, so no release can slip in between the caller
   * reading the log's state and the hold taking effect; closed from any thread.
   */
  LogHold holdLog(long fromIndex) {
    LogHold h = new LogHold(fromIndex);
    holds.add(h);
    return h;
  }

  /** A hold on log records taken by {@link #holdLog}; closing it lets the next release drop them. */
  final class LogHold implements AutoCloseable {
    final long fromIndex;

    private LogHold(long fromIndex) {
      this.fromIndex = fromIndex;
    }

    @Override
    public void close() {
      holds.remove(this);
    }
  }

  /** The last index the log may drop now: what flushes allow, below every hold. */
  private long releasableNow() {
    long rel = releasable;
    for (LogHold h : holds) {
      rel = Math.min(rel, h.fromIndex - 1);
    }
    return rel;
  }

  /** Log records up to {@code index} are no longer needed (called after a flush). */
  void releaseUpTo(long index) {
    releasable = Math.max(releasable, index);
  }

  /** Drains the queue, then stops the thread; the caller seals first if it wants a final block. */
  void stop() {
    stopping = true;
    // Woken by a no-op request, never by an interrupt: an interrupt during an fsync would close
    // the log's FileChannel (ClosedByInterruptException) under the writes still being committed.
    queue.add(new TaskRequest(() -> { }));
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    List<Request> group = new ArrayList<>();
    while (true) {
      Request first;
      try {
        first = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = queue.poll(); // nobody interrupts this thread; if someone does, carry on
      }
      if (first != null) {
        awaitCohort(1 + queue.size());
        group.add(first);
        queue.drainTo(group, 4096);
        try {
          process(group);
          runTasks(group);
        } catch (Error e) {
          // An OutOfMemoryError (or worse) mid-group: what this group reached is unknown, so refuse
          // writes from now on, and keep the thread alive to answer every request with that refusal.
          // Left to die, it would leave this group's writers and every later one waiting forever,
          // and a graceful shutdown waiting for them.
          readOnly("the commit thread failed: " + e);
          failAll(group, new BlockDbException(ErrorCode.READ_ONLY, readOnlyReason));
        }
        lastGroupWriters = countWrites(group);
        group.clear();
        afterGroup();
      }
      if (stopping && queue.isEmpty()) {
        break; // stop() queued a no-op to wake us: everything before it is committed
      }
      duties();
    }
    failAll(queue, new BlockDbException(ErrorCode.CLOSED, "the database is closed"));
    try {
      if (unsynced && readOnlyReason == null) {
        log.sync();
      }
    } catch (IOException e) {
      readOnly("fsync of the commit log failed at close: " + e.getMessage());
    }
  }

  /**
   * Adaptive group commit: after a group of n writers is acknowledged, those writers usually come
   * straight back. Starting the next fsync with only the first of them would split them into two
   * alternating cohorts that each wait for two fsyncs. So the thread waits until as many requests
   * are queued as the last group had writers, for at most half an fsync. A lone writer (n = 1)
   * never waits: its request is already there.
   *
   * <p>It waits parked, and the submitter that completes the cohort wakes it: spinning (it used
   * to yield in a loop) took CPU from the very threads it waits for, which matters when they are a
   * server's request threads on few cores.
   *
   * <p>Writers that take longer than that to come back (remote clients: an HTTP round trip and a
   * request to parse) rarely complete a cohort in time, and every such wait was pure delay: with 8
   * JDBC connections to blockdb-server, waiting cost 15 % of the rows/s. So the thread keeps a
   * moving score of how often its waits completed the cohort, stops waiting while most time out,
   * and tries a wait again every {@link #COHORT_PROBE_GROUPS} groups to notice writers that are
   * quick again.
   */
  private void awaitCohort(int queued) {
    int want = lastGroupWriters;
    if (want <= 1 || queued >= want || options.durabilityRelaxed()) {
      return;
    }
    if (cohortScore < 0.5 && ++groupsSinceCohortWait < COHORT_PROBE_GROUPS) {
      return;
    }
    groupsSinceCohortWait = 0;
    long deadline = System.nanoTime() + Math.min(MAX_COHORT_WAIT_NANOS, lastFsyncNanos / 2);
    // The first request is taken already: the cohort is complete at want - 1 queued. Published
    // before the queue is looked at, so a submitter either sees it or is seen (both volatile).
    cohortWakeAt = want - 1;
    try {
      long left;
      while (queue.size() + 1 < want && (left = deadline - System.nanoTime()) > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(this, left);
      }
    } finally {
      cohortWakeAt = 0;
    }
    cohortScore = cohortScore * 0.875 + (queue.size() + 1 >= want ? 0.125 : 0);
  }

  /** Groups between two trial waits while cohort waits are off (see {@link #awaitCohort}). */
  static final int COHORT_PROBE_GROUPS = 64;
  /** Moving average of cohort waits that completed their cohort (1) or timed out (0). */
  private double cohortScore = 1.0;
  private int groupsSinceCohortWait;

  private static int countWrites(List<Request> group) {
    int n = 0;
    for (Request r : group) {
      if (r instanceof WriteRequest || r instanceof DecisionRequest) {
        n++;
      }
    }
    return n;
  }

  private long pollMillis() {
    long p = Math.min(options.blockIntervalMs(), 100);
    if (options.durabilityRelaxed()) {
      p = Math.min(p, options.walSyncIntervalMs());
    }
    return Math.max(1, p);
  }

  private void process(List<Request> group) {
    if (readOnlyReason != null) {
      failAll(group, new BlockDbException(ErrorCode.READ_ONLY, readOnlyReason));
      return;
    }
    List<Request> accepted = new ArrayList<>(group.size());
    List<Request> deferred = new ArrayList<>();
    int deferredEntries = 0;
    long sealMark = host.blocksQueued(); // blocks queued before these writers were taken
    GroupKeys groupKeys = new GroupKeys();
    GroupTxns groupTxns = new GroupTxns();
    KeyProbe probe = null;
    boolean anyCommit = false;
    long nextSeq = applier.lastSequence() + 1;
    String stage = "write (or, at a segment roll, fsync) of the commit log";
    try {
      for (Request r : group) {
        if (r instanceof TaskRequest) {
          continue; // runs after the group is applied
        }
        byte[][] internalKeys = null;
        if (r instanceof WriteRequest w) {
          RuntimeException refused;
          try {
            if (probe == null) {
              probe = host.pinForChecks();
            }
            refused = check(w, groupKeys, groupTxns, probe);
          } catch (RuntimeException e) {
            refused = e; // a read error: whether a key is stored is unknown, so refuse this write (and live on)
          }
          if (refused != null) {
            r.done.completeExceptionally(refused);
            continue;
          }
          internalKeys = w.internalKeys;
          if (w instanceof PrepareRequest pr) {
            r.record = new CommitRecord.Prepare(nextTimestamp(), pr.txnId, w.principal, pr.xid, w.puts);
          } else {
            r.record = new CommitRecord.Commit(nextTimestamp(), w.principal, w.puts);
            anyCommit = true;
          }
        } else if (r instanceof DecisionRequest d) {
          if (applier.prepared().get(d.txnId) == null || !groupTxns.decided.add(d.txnId)) {
            r.done.completeExceptionally(new BlockDbException(ErrorCode.NOT_FOUND, "no prepared transaction "
                + d.txnId + " is in doubt: it was never prepared, or it is decided already"));
            continue;
          }
          r.record = new CommitRecord.Decision(nextTimestamp(), d.txnId, d.outcome);
          anyCommit |= d.outcome == CommitRecord.Outcome.COMMIT;
        } else {
          if (!anyCommit && applier.pending().count() == 0) {
            r.done.complete(applier.lastSequence()); // nothing to seal
            continue;
          }
          r.record = new CommitRecord.Seal(nextTimestamp());
        }
        r.index = log.lastIndex() + 1;
        log.append(r.index, CommitRecord.encode(r.record));
        if (r.record instanceof CommitRecord.Commit c) {
          r.firstSequence = nextSeq; // prepared below, during the fsync
          nextSeq += c.puts().size();
          deferred.add(r);
          deferredEntries += c.puts().size();
        } else {
          r.prepared = applier.prepare(r.index, r.record, nextSeq, internalKeys);
          nextSeq += r.prepared.entryCount();
        }
        accepted.add(r);
      }
      if (probe != null) {
        probe.close();
        probe = null;
      }
      if (accepted.isEmpty()) {
        return;
      }
      stage = "fsync of the commit log";
      if (!options.durabilityRelaxed()) {
        ForkJoinTask<?> preparing = deferredEntries >= PREPARE_DURING_FSYNC && ForkJoinPool.getCommonPoolParallelism() >= 1
            ? ForkJoinPool.commonPool().submit(() -> prepareAll(deferred)) : null;
        try {
          syncLog();
        } finally {
          if (preparing != null) {
            try {
              preparing.join(); // also when the fsync failed: nothing may still be reading the applier
            } catch (RuntimeException e) {
              // prepareAll below prepares again what failed there, and then throws on this thread
            }
          }
        }
      } else {
        log.flush(); // in the OS: a killed process loses nothing, only power loss can
        unsynced = true;
      }
      prepareAll(deferred); // what the common pool did not (all of it for a small group)
      // The blocks sealed in the background since the last group overlap this group's log write
      // and fsync; they must be durable (or have failed) before these writers hear back.
      stage = "sealing a ledger block (write and fsync of ledger/blocks.dat)";
      host.awaitSealed(sealMark);
      stage = "applying the group (memtable inserts, sealing its ledger blocks)";
      for (Request r : accepted) {
        long seq = applier.apply(r.prepared);
        commits.incrementAndGet();
        r.done.complete(seq);
      }
    } catch (IOException | RuntimeException e) {
      // Any failure past the duplicate checks leaves the log or the ledger in a state this process
      // cannot vouch for: refuse further writes. Fail the whole group so no writer waits forever
      // (completing an already completed future does nothing).
      readOnly(stage + " failed: " + e.getMessage());
      failAll(group, new BlockDbException(ErrorCode.READ_ONLY, readOnlyReason, e));
    } finally {
      if (probe != null) {
        probe.close();
      }
    }
  }

  /**
   * Entries in a group's COMMIT records from which they are prepared (stored values, leaf hashes)
   * on the common pool while this thread waits for the fsync; for a batch of a thousand rows that
   * is about as long as the fsync. Below it the handoff would cost more than it saves.
   */
  static final int PREPARE_DURING_FSYNC = 256;

  /**
   * Prepares the COMMIT records not prepared yet, in order. Runs on the commit thread, or on the
   * common pool while the commit thread is in the group's fsync (joined before anything reads the
   * results): preparing only reads the applier's state, which nothing changes until the group is
   * applied.
   */
  private void prepareAll(List<Request> deferred) {
    for (Request r : deferred) {
      if (r.prepared == null) {
        r.prepared = applier.prepare(r.index, r.record, r.firstSequence, ((WriteRequest) r).internalKeys);
      }
    }
  }

  private void runTasks(List<Request> group) {
    for (Request r : group) {
      if (r instanceof TaskRequest t) {
        if (readOnlyReason != null) {
          t.done.completeExceptionally(new BlockDbException(ErrorCode.READ_ONLY, readOnlyReason));
          continue;
        }
        try {
          t.task.run();
          t.done.complete(applier.lastSequence());
        } catch (IOException | RuntimeException e) {
          t.done.completeExceptionally(e instanceof RuntimeException re ? re
              : new BlockDbException(ErrorCode.IO_ERROR, e.getMessage(), e));
        }
      }
    }
  }

  /**
   * Checks a write or a prepare: its txn id (a prepare's must not be in doubt), then its keys
   * against the keys prepared transactions reserve (a write fails with KEY_IN_DOUBT, a prepare as a
   * duplicate), then as {@link #checkKeys}. An accepted prepare's keys join the group's reservations.
   */
  private RuntimeException check(WriteRequest w, GroupKeys groupKeys, GroupTxns groupTxns, KeyProbe probe) {
    PreparedSet inDoubt = applier.prepared();
    PrepareRequest pr = w instanceof PrepareRequest p ? p : null;
    if (pr != null && (inDoubt.get(pr.txnId) != null || groupTxns.prepared.contains(pr.txnId))) {
      return new BlockDbException(ErrorCode.INVALID_ARGUMENT, "transaction " + pr.txnId
          + " is already prepared and awaits its decision; a transaction id may be prepared once");
    }
    List<WriteBatch.Put> puts = w.puts;
    byte[][] iks = new byte[puts.size()][];
    for (int i = 0; i < iks.length; i++) {
      WriteBatch.Put p = puts.get(i);
      iks[i] = InternalKey.of(p.table(), p.key());
    }
    if (!inDoubt.isEmpty() || !groupTxns.reserved.isEmpty()) {
      for (int i = 0; i < iks.length; i++) {
        Long owner = inDoubt.reservedBy(iks[i]);
        if (owner == null && !groupTxns.reserved.isEmpty()) {
          owner = groupTxns.reserved.get(Key.of(iks[i]));
        }
        if (owner != null) {
          WriteBatch.Put p = puts.get(i);
          return pr != null ? new DuplicateKeyException(p.table(), p.key()) : keyInDoubt(p, owner);
        }
      }
    }
    RuntimeException refused = checkKeys(w, iks, groupKeys, probe);
    if (refused == null && pr != null) {
      groupTxns.prepared.add(pr.txnId);
      for (byte[] ik : iks) {
        groupTxns.reserved.put(Key.of(ik), pr.txnId);
      }
    }
    return refused;
  }

  private static BlockDbException keyInDoubt(WriteBatch.Put p, long txnId) {
    return new BlockDbException(ErrorCode.KEY_IN_DOUBT, "key '" + Bytes.printable(p.key()) + "'"
        + (p.table() == com.blockdb.engine.Tables.KV ? "" : " in table " + p.table())
        + " is reserved by prepared transaction " + txnId + ", which awaits its commit or abort decision;"
        + " retry once it is decided");
  }

  /**
   * Checks a write's keys ({@code iks}, its internal keys) against the earlier writes of the group,
   * its own earlier keys and storage. On success its keys join the group's set; on a duplicate
   * they are taken out again.
   */
  private static RuntimeException checkKeys(WriteRequest w, byte[][] iks, GroupKeys groupKeys, KeyProbe probe) {
    boolean sorted = true;
    for (int i = 1; i < iks.length && sorted; i++) {
      sorted = Bytes.compare(iks[i - 1], iks[i]) < 0;
    }
    // A batch in strictly increasing key order has no duplicate inside it; when no earlier write of
    // the group and nothing stored lies within its key range, it needs no per-key check at all (the
    // usual case for batches of increasing ids).
    if (sorted && iks.length > 1 && !groupKeys.mayContainAny(iks[0], iks[iks.length - 1])
        && !probe.mayContainAny(iks[0], iks[iks.length - 1])) {
      groupKeys.addSortedRun(iks);
      w.internalKeys = iks;
      return null;
    }
    return checkEachKey(w, iks, groupKeys, probe);
  }

  private static RuntimeException checkEachKey(WriteRequest w, byte[][] computed, GroupKeys groupKeys,
      KeyProbe probe) {
    List<WriteBatch.Put> puts = w.puts;
    byte[][] iks = new byte[puts.size()][];
    for (int i = 0; i < iks.length; i++) {
      WriteBatch.Put p = puts.get(i);
      byte[] ik = computed[i];
      Key k = Key.of(ik);
      boolean added = groupKeys.add(k); // false: an earlier write of the group, or of this batch, has it
      if (!added || probe.exists(ik)) {
        if (added) {
          groupKeys.remove(k);
        }
        for (int j = 0; j < i; j++) {
          groupKeys.remove(Key.of(iks[j])); // this write's keys leave the set: it is refused whole
        }
        return new DuplicateKeyException(p.table(), p.key());
      }
      iks[i] = ik;
    }
    w.internalKeys = iks;
    return null;
  }

  private long nextTimestamp() {
    // Monotonic even if the local clock steps back, so block timestamps never decrease.
    return Math.max(options.clock().getAsLong(), applier.lastTimestamp());
  }

  private void syncLog() throws IOException {
    long t = System.nanoTime();
    log.sync();
    lastFsyncNanos = System.nanoTime() - t;
    fsyncs.incrementAndGet();
    unsynced = false;
    lastSyncMillis = System.currentTimeMillis();
  }

  /** Timed work between groups: relaxed fsync, block interval, log release. */
  private void duties() {
    if (readOnlyReason != null) {
      return;
    }
    try {
      long now = System.currentTimeMillis();
      if (unsynced && now - lastSyncMillis >= options.walSyncIntervalMs()) {
        syncLog();
      }
      if (applier.pending().count() > 0
          && options.clock().getAsLong() - applier.pending().sinceMillis() >= options.blockIntervalMs()) {
        Request r = new SealRequest();
        List<Request> one = new ArrayList<>(1);
        one.add(r);
        process(one);
      }
      long rel = releasableNow();
      if (rel > released) {
        log.release(rel);
        released = rel;
      }
    } catch (IOException e) {
      readOnly("fsync of the commit log failed: " + e.getMessage());
    } catch (RuntimeException e) {
      readOnly("the commit thread failed: " + e);
    }
  }

  private void afterGroup() {
    if (readOnlyReason != null) {
      return;
    }
    try {
      host.afterGroup();
    } catch (IOException | RuntimeException e) {
      readOnly("freezing the memtable failed: " + e.getMessage());
    }
  }

  /** On the commit thread: seals the pending block through a SEAL record, if anything is pending. */
  void sealOnCommitThread() throws IOException {
    if (applier.pending().count() == 0) {
      return;
    }
    Request r = new SealRequest();
    process(List.of(r));
    if (r.done.isCompletedExceptionally()) {
      throw new IOException("sealing failed: " + readOnlyReason);
    }
  }

  /** Called before a block is sealed: the block must never be durable before its entries. */
  void syncBeforeSeal() throws IOException {
    if (unsynced) {
      syncLog();
    }
  }

  /** Makes the engine refuse writes from now on (a background flush or compaction failed). */
  void markReadOnly(String reason) {
    readOnly(reason);
  }

  private void readOnly(String reason) {
    // A failed fsync is never retried: the kernel may have dropped the dirty pages, so a retry that
    // "succeeds" would acknowledge data that is not on disk (the PostgreSQL fsyncgate lesson).
    if (readOnlyReason == null) {
      readOnlyReason = reason + "; the database is now read-only: reopen it after fixing the cause";
    }
  }

  private static void failAll(Iterable<Request> rs, RuntimeException e) {
    for (Request r : rs) {
      r.done.completeExceptionally(e);
    }
  }
}

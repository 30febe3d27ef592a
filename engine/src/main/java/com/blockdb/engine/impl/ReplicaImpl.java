package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Replica;
import com.blockdb.engine.Tables;
import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.util.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Replica} of a database opened in replicated mode: applies the records of the external
 * log in its order, checking each against the state it is applied to (so a refusal is the same on
 * every replica), and freezes the memtable only at a block boundary, so that memory pressure never
 * changes what a block holds.
 *
 * <p>Threading: {@link #apply} and the memtable switch run under this object's monitor (the apply
 * lock); the record builders and queries read volatile copies and may run on any thread.
 */
final class ReplicaImpl implements Replica {

  private final DbImpl db;
  private final Applier applier;
  private long lastApplied; // guarded by this
  private boolean switchRequested; // guarded by this
  private volatile long lastAppliedIndex;
  private volatile int pendingCount;
  private volatile long pendingSince;
  private volatile long lastTimestamp;
  private volatile String readOnlyReason;
  final AtomicLong commits = new AtomicLong();

  ReplicaImpl(DbImpl db, Applier applier, long flushedIndex) {
    this.db = db;
    this.applier = applier;
    this.lastApplied = flushedIndex;
    publish();
  }

  @Override
  public synchronized ApplyResult apply(long index, byte[] bytes) {
    checkWritable();
    if (index <= lastApplied) {
      return new ApplyResult(index, applier.lastSequence(), true, null);
    }
    try {
      BlockDbException refusal = applyOne(index, bytes, false);
      lastApplied = index;
      publish();
      maybeSwitch();
      return new ApplyResult(index, applier.lastSequence(), false, refusal);
    } catch (IOException | RuntimeException e) {
      readOnly("applying log record " + index + " failed: " + e.getMessage());
      throw new BlockDbException(ErrorCode.READ_ONLY, readOnlyReason, e);
    }
  }

  @Override
  public synchronized List<ApplyResult> applyAll(long index, List<byte[]> records) {
    checkWritable();
    List<ApplyResult> out = new java.util.ArrayList<>(records.size());
    if (index <= lastApplied) {
      for (int i = 0; i < records.size(); i++) {
        out.add(new ApplyResult(index, applier.lastSequence(), true, null));
      }
      return out;
    }
    try {
      for (byte[] bytes : records) {
        BlockDbException refusal = applyOne(index, bytes, true);
        out.add(new ApplyResult(index, applier.lastSequence(), false, refusal));
      }
      // Only now: a memtable switch between them would let a flush cover part of the index.
      lastApplied = index;
      publish();
      maybeSwitch();
      return out;
    } catch (IOException | RuntimeException e) {
      readOnly("applying log record " + index + " failed: " + e.getMessage());
      throw new BlockDbException(ErrorCode.READ_ONLY, readOnlyReason, e);
    }
  }

  private void checkWritable() {
    db.checkOpen();
    String ro = readOnlyReason;
    if (ro != null) {
      throw new BlockDbException(ErrorCode.READ_ONLY, ro);
    }
  }

  /** Applies or refuses one record at {@code index}; returns the refusal, or null if applied. */
  private BlockDbException applyOne(long index, byte[] bytes, boolean commitsOnly) throws IOException {
    CommitRecord r = null;
    BlockDbException refusal = null;
    try {
      r = CommitRecord.decode(bytes);
    } catch (IllegalArgumentException e) {
      refusal = new BlockDbException(ErrorCode.INVALID_ARGUMENT, "log record " + index
          + " is not a commit record: " + e.getMessage());
    }
    if (refusal == null && commitsOnly && !(r instanceof CommitRecord.Commit)) {
      refusal = new BlockDbException(ErrorCode.INVALID_ARGUMENT, "log record " + index
          + " holds several records, and only COMMIT records may share an index");
    }
    if (refusal == null) {
      if (r instanceof CommitRecord.Commit || r instanceof CommitRecord.Prepare) {
        db.compactor.throttle(); // back-pressure: the log waits while flushes lag
      }
      refusal = check(r);
    }
    if (refusal != null) {
      applier.markRefused(index);
    } else {
      applier.apply(index, r);
      if (r instanceof CommitRecord.Commit || r instanceof CommitRecord.Decision) {
        commits.incrementAndGet();
      }
    }
    return refusal;
  }

  /** Why the applied state refuses a record, or null if it accepts it. */
  private BlockDbException check(CommitRecord r) {
    PreparedSet inDoubt = applier.prepared();
    if (r instanceof CommitRecord.Commit c) {
      return checkPuts(c.puts(), false);
    }
    if (r instanceof CommitRecord.Prepare p) {
      if (inDoubt.get(p.txnId()) != null) {
        return new BlockDbException(ErrorCode.INVALID_ARGUMENT, "transaction " + p.txnId()
            + " is already prepared and awaits its decision; a transaction id may be prepared once");
      }
      return checkPuts(p.puts(), true);
    }
    if (r instanceof CommitRecord.Decision d && inDoubt.get(d.txnId()) == null) {
      return new BlockDbException(ErrorCode.NOT_FOUND, "no prepared transaction " + d.txnId()
          + " is in doubt: it was never prepared, or it is decided already");
    }
    return null;
  }

  /**
   * Checks puts against the keys prepared transactions reserve (a write fails with KEY_IN_DOUBT, a
   * prepare as a duplicate), keys repeated in the batch, and keys stored.
   */
  private BlockDbException checkPuts(List<WriteBatch.Put> puts, boolean prepare) {
    PreparedSet inDoubt = applier.prepared();
    byte[][] iks = Applier.internalKeys(puts);
    if (!inDoubt.isEmpty()) {
      for (int i = 0; i < iks.length; i++) {
        Long owner = inDoubt.reservedBy(iks[i]);
        if (owner != null) {
          WriteBatch.Put p = puts.get(i);
          return prepare ? new DuplicateKeyException(p.table(), p.key()) : keyInDoubt(p, owner);
        }
      }
    }
    return duplicate(puts, iks);
  }

  /** The first put whose key is repeated in the batch or stored, as a refusal; null if none. */
  private DuplicateKeyException duplicate(List<WriteBatch.Put> puts, byte[][] iks) {
    boolean sorted = true;
    for (int i = 1; i < iks.length && sorted; i++) {
      sorted = Bytes.compare(iks[i - 1], iks[i]) < 0;
    }
    try (CommitPipeline.KeyProbe probe = db.pinForChecks()) {
      // A strictly increasing batch repeats no key; if nothing stored lies in its range, no key is stored.
      if (sorted && iks.length > 0 && !probe.mayContainAny(iks[0], iks[iks.length - 1])) {
        return null;
      }
      Set<Key> seen = sorted ? null : new HashSet<>();
      for (int i = 0; i < iks.length; i++) {
        if ((seen != null && !seen.add(new Key(iks[i]))) || probe.exists(iks[i])) {
          WriteBatch.Put p = puts.get(i);
          return new DuplicateKeyException(p.table(), p.key());
        }
      }
      return null;
    }
  }

  /** An internal key with array equality, for the repeated-key check. */
  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && java.util.Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }
  }

  private static BlockDbException keyInDoubt(WriteBatch.Put p, long txnId) {
    return new BlockDbException(ErrorCode.KEY_IN_DOUBT, "key '" + Bytes.printable(p.key()) + "'"
        + (p.table() == Tables.KV ? "" : " in table " + p.table())
        + " is reserved by prepared transaction " + txnId + ", which awaits its commit or abort decision;"
        + " retry once it is decided");
  }

  /** Freezes the memtable at a block boundary once it is full or a flush was asked for. */
  private void maybeSwitch() throws IOException {
    if (!applier.atBlockBoundary(db.blocks.lastQueuedSequence())) {
      return;
    }
    if (switchRequested || db.current.get().active.approximateBytes() >= db.options.memtableSizeLimit()) {
      switchRequested = false;
      db.switchMemtable();
    }
  }

  /** A flush was asked for: freeze now if at a block boundary, else at the next one. */
  synchronized void requestSwitch() throws IOException {
    switchRequested = true;
    maybeSwitch();
  }

  private void publish() {
    lastAppliedIndex = lastApplied;
    pendingCount = applier.pending().count();
    pendingSince = applier.pending().sinceMillis();
    lastTimestamp = applier.lastTimestamp();
  }

  void readOnly(String reason) {
    if (readOnlyReason == null) {
      readOnlyReason = reason + "; the replica is now read-only: restart it after fixing the cause";
    }
  }

  String readOnlyReason() {
    return readOnlyReason;
  }

  @Override
  public long appliedIndex() {
    synchronized (db.versionLock) {
      return db.compactor.manifest().flushedIndex();
    }
  }

  @Override
  public long lastAppliedIndex() {
    return lastAppliedIndex;
  }

  // ---- records for a leader to propose ----

  /** A commit timestamp: the local clock, but never before the last applied record's. */
  private long now() {
    return Math.max(db.options.clock().getAsLong(), lastTimestamp);
  }

  @Override
  public byte[] commitRecord(WriteBatch batch, String principal) {
    db.checkOpen();
    checkNotEmpty(batch);
    DbImpl.checkBatch(batch);
    String who = db.principal(principal);
    hintDuplicates(batch.puts());
    return CommitRecord.encode(new CommitRecord.Commit(now(), who, batch.puts()));
  }

  @Override
  public byte[] prepareRecord(long txnId, byte[] xid, WriteBatch batch, String principal) {
    db.checkOpen();
    checkNotEmpty(batch);
    DbImpl.checkBatch(batch);
    if (xid != null && xid.length > CommitRecord.MAX_XID_BYTES) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "the xid of transaction " + txnId + " has "
          + xid.length + " bytes; at most " + CommitRecord.MAX_XID_BYTES + " are allowed");
    }
    String who = db.principal(principal);
    hintDuplicates(batch.puts());
    return CommitRecord.encode(new CommitRecord.Prepare(now(), txnId, who, xid, batch.puts()));
  }

  @Override
  public byte[] decisionRecord(long txnId, boolean commit) {
    db.checkOpen();
    boolean inDoubt = false;
    for (PreparedSet.Txn t : applier.prepared().snapshot()) {
      inDoubt |= t.txnId() == txnId;
    }
    if (!inDoubt) {
      throw new BlockDbException(ErrorCode.NOT_FOUND, "no prepared transaction " + txnId + " is in doubt: it was"
          + " never prepared, or it is decided already");
    }
    return CommitRecord.encode(new CommitRecord.Decision(now(), txnId,
        commit ? CommitRecord.Outcome.COMMIT : CommitRecord.Outcome.ABORT));
  }

  @Override
  public byte[] sealRecord() {
    db.checkOpen();
    return CommitRecord.encode(new CommitRecord.Seal(now()));
  }

  @Override
  public boolean sealDue() {
    return pendingCount > 0 && db.options.clock().getAsLong() - pendingSince >= db.options.blockIntervalMs();
  }

  @Override
  public Checkpoint checkpoint(Path target) {
    return db.checkpoint(target);
  }

  private static void checkNotEmpty(WriteBatch batch) {
    if (batch.isEmpty()) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "an empty batch has nothing to commit");
    }
  }

  /** Refuses early a batch that repeats a key or names one stored here (a hint: apply decides). */
  private void hintDuplicates(List<WriteBatch.Put> puts) {
    DuplicateKeyException d = duplicate(puts, Applier.internalKeys(puts));
    if (d != null) {
      throw d;
    }
  }
}

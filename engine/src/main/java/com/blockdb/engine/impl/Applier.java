package com.blockdb.engine.impl;

import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.ledger.LedgerEntry;
import com.blockdb.engine.ledger.PendingBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Applies commit records, in log order, to the memtable and the pending block. Deterministic: the
 * same records applied to the same state give the same sequence numbers, timestamps and block
 * boundaries on every replica and on every replay. Block boundaries: a transaction never spans two
 * blocks; a block is sealed before a transaction that would take it past
 * {@code blockchain_batch_size}, when it reaches that size, and at every SEAL record. A PREPARE
 * record only reserves its keys in {@link PreparedSet}; its entries are applied, with the next
 * sequence numbers, when its COMMIT decision is.
 *
 * <p>Threading: used only by the commit thread (and by recovery before that thread starts).
 */
final class Applier {

  private final PendingBlock pending;
  private final int batchSize;
  private final LongSupplier localClock;
  private final SealHook sealHook;
  /**
   * Replicated mode: records may reach the log out of timestamp order (a leader builds them on
   * several threads), so an entry's timestamp is the larger of its record's and the previous
   * entry's. Both come from the log, so every replica computes the same one.
   */
  private final boolean monotonicEntries;
  private long lastEntryTimestamp;
  private Memtable target;
  private long lastSequence;
  /** Last sequence of a fully applied record: readers see nothing beyond it, so a batch appears whole. */
  private volatile long visibleSequence;
  private long lastTimestamp;
  private final PreparedSet prepared = new PreparedSet();

  /** Runs before a block is sealed (to make the log durable first when fsync is relaxed). */
  interface SealHook {
    void beforeSeal() throws IOException;
  }

  Applier(PendingBlock pending, int batchSize, LongSupplier localClock, SealHook sealHook, Memtable target,
      long lastSequence, long lastTimestamp) {
    this(pending, batchSize, localClock, sealHook, target, lastSequence, lastTimestamp, false);
  }

  /**
   * As above; {@code monotonicEntries} for a replicated store, whose {@code lastTimestamp} must then
   * be the timestamp of the entry at {@code lastSequence}.
   */
  Applier(PendingBlock pending, int batchSize, LongSupplier localClock, SealHook sealHook, Memtable target,
      long lastSequence, long lastTimestamp, boolean monotonicEntries) {
    this.monotonicEntries = monotonicEntries;
    this.lastEntryTimestamp = lastTimestamp;
    this.pending = pending;
    this.batchSize = batchSize;
    this.localClock = localClock;
    this.sealHook = sealHook;
    this.target = target;
    this.lastSequence = lastSequence;
    this.visibleSequence = lastSequence;
    this.lastTimestamp = lastTimestamp;
  }

  /** The snapshot a new reader gets: every entry of every fully applied record. */
  long visibleSequence() {
    return visibleSequence;
  }

  void setTarget(Memtable m) {
    target = m;
  }

  long lastSequence() {
    return lastSequence;
  }

  long lastTimestamp() {
    return lastTimestamp;
  }

  PendingBlock pending() {
    return pending;
  }

  /** The prepared transactions in doubt, as of the last applied record. */
  PreparedSet prepared() {
    return prepared;
  }

  /**
   * A record with everything computable before it is durable already computed (internal keys,
   * stored values, leaf hashes), so the work left after the fsync is only inserting.
   */
  record Prepared(long index, CommitRecord record, long firstSequence, long timestamp, byte[][] keys,
      byte[][] stored, byte[][] leaves) {
    /** Entries the record adds (sequence numbers it takes). */
    int entryCount() {
      return stored == null ? 0 : stored.length;
    }
  }

  /** Computes a record's entries as they will be when applied with the next sequence {@code firstSequence}. */
  Prepared prepare(long index, CommitRecord record, long firstSequence) {
    return prepare(index, record, firstSequence, null);
  }

  /**
   * As above, reusing internal keys already computed (by the duplicate check), if given. A COMMIT
   * decision takes its puts and principal from the transaction's PREPARE, which must be in doubt;
   * its entries carry the decision's timestamp.
   */
  Prepared prepare(long index, CommitRecord record, long firstSequence, byte[][] internalKeys) {
    if (record instanceof CommitRecord.Commit c) {
      return entries(index, record, firstSequence, entryTimestamp(c.timestamp()), c.principal(), c.puts(),
          internalKeys);
    }
    if (record instanceof CommitRecord.Prepare p) {
      return new Prepared(index, record, firstSequence, record.timestamp(),
          internalKeys != null ? internalKeys : internalKeys(p.puts()), null, null);
    }
    if (record instanceof CommitRecord.Decision d && d.outcome() == CommitRecord.Outcome.COMMIT) {
      PreparedSet.Txn t = prepared.get(d.txnId());
      if (t == null) {
        throw new IllegalStateException("record " + index + " commits transaction " + d.txnId()
            + ", which is not prepared");
      }
      return entries(index, record, firstSequence, entryTimestamp(d.timestamp()), t.record().principal(),
          t.record().puts(), t.keys());
    }
    return new Prepared(index, record, firstSequence, record.timestamp(), null, null, null);
  }

  /** The timestamp a record's entries get (see {@link #monotonicEntries}). */
  private long entryTimestamp(long recordTimestamp) {
    return monotonicEntries ? Math.max(recordTimestamp, lastEntryTimestamp) : recordTimestamp;
  }

  static byte[][] internalKeys(List<WriteBatch.Put> puts) {
    byte[][] keys = new byte[puts.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = InternalKey.of(puts.get(i).table(), puts.get(i).key());
    }
    return keys;
  }

  private static Prepared entries(long index, CommitRecord record, long firstSequence, long timestamp,
      String principalName, List<WriteBatch.Put> puts, byte[][] internalKeys) {
    int n = puts.size();
    byte[][] keys = new byte[n][];
    byte[][] stored = new byte[n][];
    byte[][] leaves = new byte[n][];
    byte[] principal = principalName.getBytes(StandardCharsets.UTF_8);
    // Each entry's bytes and leaf hash depend only on the entry: a large batch is split in two, and
    // the other core (otherwise idle while its writer waits) takes one half.
    parallel(n, (from, to) -> {
      for (int i = from; i < to; i++) {
        WriteBatch.Put put = puts.get(i);
        long seq = firstSequence + i;
        keys[i] = internalKeys != null ? internalKeys[i] : InternalKey.of(put.table(), put.key());
        stored[i] = StoredValue.encode(seq, timestamp, principal, put.value());
        leaves[i] = LedgerEntry.leafHash(put.table(), put.key(), put.value(), 0, put.value().length, seq,
            timestamp, principal);
      }
    });
    return new Prepared(index, record, firstSequence, timestamp, keys, stored, leaves);
  }

  /** Entries per batch from which preparing and inserting use two threads. */
  static final int PARALLEL_THRESHOLD = 256;

  /** A range {@code [from, to)} of a batch's entries. */
  private interface Slice {
    void run(int from, int to);
  }

  /**
   * Runs {@code slice} over {@code 0..n}: below {@link #PARALLEL_THRESHOLD} on this thread; above,
   * the second half on the common pool while this thread does the first, and waits for both.
   */
  private static void parallel(int n, Slice slice) {
    if (n < PARALLEL_THRESHOLD || java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 1) {
      slice.run(0, n);
      return;
    }
    int mid = n / 2;
    java.util.concurrent.ForkJoinTask<?> other =
        java.util.concurrent.ForkJoinPool.commonPool().submit(() -> slice.run(mid, n));
    slice.run(0, mid);
    other.join();
  }

  /** Applies one record (recovery path); returns the sequence of its last entry. */
  long apply(long index, CommitRecord record) throws IOException {
    return apply(prepare(index, record, lastSequence + 1));
  }

  /**
   * Replays a record at or below the flushed index: its entries are in SSTables and sealed blocks
   * already, so only its effect on the prepared set is redone (a PREPARE still in doubt when the
   * memtable was flushed must be known again; a DECISION may name one prepared before replay began).
   */
  void catchUp(long index, CommitRecord record) {
    lastTimestamp = Math.max(lastTimestamp, record.timestamp());
    if (record instanceof CommitRecord.Prepare p) {
      prepared.add(index, p, internalKeys(p.puts()));
    } else if (record instanceof CommitRecord.Decision d) {
      prepared.remove(d.txnId());
    }
  }

  /** Applies a prepared record, in log order; returns the sequence of its last entry. */
  long apply(Prepared p) throws IOException {
    CommitRecord record = p.record();
    lastTimestamp = Math.max(lastTimestamp, record.timestamp());
    if (record instanceof CommitRecord.Commit) {
      applyEntries(p);
    } else if (record instanceof CommitRecord.Prepare pr) {
      prepared.add(p.index(), pr, p.keys()); // reserves the keys; nothing becomes visible
    } else if (record instanceof CommitRecord.Decision d) {
      if (d.outcome() == CommitRecord.Outcome.COMMIT) {
        applyEntries(p); // the entries are in the memtable before the reservation is released
      }
      if (prepared.remove(d.txnId()) == null) {
        throw new IllegalStateException("record " + p.index() + " decides transaction " + d.txnId()
            + ", which is not prepared");
      }
    } else {
      seal();
    }
    target.markApplied(p.index(), lastSequence);
    visibleSequence = lastSequence;
    return lastSequence;
  }

  /** Inserts a transaction's entries and adds their leaves to the pending block (block rules in FORMAT.md). */
  private void applyEntries(Prepared p) throws IOException {
    if (p.firstSequence() != lastSequence + 1) {
      throw new IllegalStateException("record " + p.index() + " prepared for sequence " + p.firstSequence()
          + " but the next is " + (lastSequence + 1));
    }
    int n = p.keys().length;
    if (pending.count() > 0 && pending.count() + n > batchSize) {
      seal();
    }
    long now = localClock.getAsLong();
    insert(target, p.keys(), p.stored());
    for (int i = 0; i < n; i++) {
      long seq = ++lastSequence;
      pending.add(seq, p.leaves()[i], p.timestamp(), now);
    }
    lastEntryTimestamp = p.timestamp();
    if (pending.count() >= batchSize) {
      seal();
    }
  }

  /**
   * Inserts entries into a memtable, on this thread: the memtable has one writer, and a batch of
   * ascending keys goes in at a few pointer reads per key. They stay invisible until visibleSequence
   * moves past them.
   */
  private static void insert(Memtable m, byte[][] keys, byte[][] stored) {
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], stored[i]);
    }
  }

  /**
   * Replicated mode: a record the replica refused still counts as applied (its index is covered by
   * the next flush, so replay does not offer it again).
   */
  void markRefused(long index) {
    target.markApplied(index, lastSequence);
  }

  /**
   * Whether every applied entry is sealed and nothing beyond them is (a replicated store freezes its
   * memtable only here, so the flushed sequence is always a block's last and no seal is needed).
   */
  boolean atBlockBoundary(long lastSealedSequence) {
    return pending.count() == 0 && lastSealedSequence == lastSequence;
  }

  private void seal() throws IOException {
    if (pending.count() > 0) {
      sealHook.beforeSeal();
      pending.seal();
    }
  }
}

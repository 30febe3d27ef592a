package com.blockdb.engine.impl;

import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.ledger.LedgerEntry;
import com.blockdb.engine.ledger.PendingBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Applies commit records, in log order, to the memtable and the pending block. Deterministic: the
 * same records applied to the same state give the same sequence numbers, timestamps and block
 * boundaries on every replica and on every replay. Block boundaries: a transaction never spans two
 * blocks; a block is sealed before a transaction that would take it past
 * {@code blockchain_batch_size}, when it reaches that size, and at every SEAL record.
 *
 * <p>Threading: used only by the commit thread (and by recovery before that thread starts).
 */
final class Applier {

  private final PendingBlock pending;
  private final int batchSize;
  private final LongSupplier localClock;
  private final SealHook sealHook;
  private Memtable target;
  private long lastSequence;
  private long lastTimestamp;

  /** Runs before a block is sealed (to make the log durable first when fsync is relaxed). */
  interface SealHook {
    void beforeSeal() throws IOException;
  }

  Applier(PendingBlock pending, int batchSize, LongSupplier localClock, SealHook sealHook, Memtable target,
      long lastSequence, long lastTimestamp) {
    this.pending = pending;
    this.batchSize = batchSize;
    this.localClock = localClock;
    this.sealHook = sealHook;
    this.target = target;
    this.lastSequence = lastSequence;
    this.lastTimestamp = lastTimestamp;
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

  /** Applies one record; returns the sequence of its last entry (or the current last sequence). */
  long apply(long index, CommitRecord record) throws IOException {
    lastTimestamp = Math.max(lastTimestamp, record.timestamp());
    if (record instanceof CommitRecord.Commit c) {
      int n = c.puts().size();
      if (pending.count() > 0 && pending.count() + n > batchSize) {
        seal();
      }
      byte[] principal = c.principal().getBytes(StandardCharsets.UTF_8);
      long now = localClock.getAsLong();
      for (WriteBatch.Put put : c.puts()) {
        long seq = ++lastSequence;
        target.put(InternalKey.of(put.table(), put.key()),
            StoredValue.encode(seq, c.timestamp(), principal, put.value()));
        pending.add(seq, LedgerEntry.leafHash(put.table(), put.key(), put.value(), 0, put.value().length, seq,
            c.timestamp(), principal), c.timestamp(), now);
      }
      if (pending.count() >= batchSize) {
        seal();
      }
    } else {
      seal();
    }
    target.markApplied(index, lastSequence);
    return lastSequence;
  }

  private void seal() throws IOException {
    if (pending.count() > 0) {
      sealHook.beforeSeal();
      pending.seal();
    }
  }
}

package com.blockdb.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * The replicated-mode face of a database opened with {@link Options#withReplicatedLog(boolean)}:
 * an external log (the Raft log of a cluster) is the write-ahead log, so the engine's own WAL is off
 * and the data changes only through {@link #apply}, in log order, identically on every replica.
 *
 * <p>A leader builds records with the {@code *Record} methods and proposes them; once the log has
 * made a record durable and committed, every replica applies it. Everything that decides a
 * replica's bytes — commit timestamps, sequence numbers, block boundaries, whether a write is refused
 * as a duplicate — comes from the records and the state they are applied to, never from a local
 * clock, so all replicas hold byte-identical ledgers. Blocks are sealed only by SEAL records (the
 * leader proposes one when {@link #sealDue()}) and when a block fills.
 *
 * <p>Restart: {@link #appliedIndex()} is the last log index whose effects are durable in the data
 * files (the manifest's flushed index). The external log must keep every record above it and, after
 * a restart, re-deliver them from there; applying an index at or below the last applied one does
 * nothing, so replay may safely start earlier.
 *
 * <p>Threading: {@link #apply} is called by one thread at a time (the log's apply thread); the other
 * methods may be called from any thread.
 */
public interface Replica {

  /**
   * Applies the record the external log holds at {@code index}. Indexes must increase but may skip
   * (a Raft log also holds configuration entries); an index at or below {@link #lastAppliedIndex()}
   * is skipped and reported as such. A record the replica's state refuses — a key already stored or
   * repeated, a key a prepared transaction reserves, a decision on a transaction not in doubt, bytes
   * that are not a record — changes nothing but still counts as applied; every replica refuses it
   * alike.
   *
   * @throws BlockDbException when this replica cannot apply it (an I/O failure, a closed or read-only
   *     database): the replica is then behind the log and must stop serving
   */
  ApplyResult apply(long index, byte[] record);

  /**
   * Applies several COMMIT records that the external log holds together at {@code index}, in
   * order, as {@link #apply} would one by one: each is checked against the state the ones before it
   * left (so a key repeated across them refuses the later one) and accepted or refused on its own.
   * The index covers all of them: they become durable together (a flush never falls between them)
   * and a replay skips them together. A record that is not a COMMIT is refused.
   *
   * @return one result per record, in order
   * @throws BlockDbException as {@link #apply}
   */
  java.util.List<ApplyResult> applyAll(long index, java.util.List<byte[]> records);

  /** The last log index whose effects are durable in the data files: replay must start after it. */
  long appliedIndex();

  /** The last log index applied in memory (0 before any). */
  long lastAppliedIndex();

  /**
   * A COMMIT record of {@code batch}, timestamped now, for a leader to propose. Checks the batch's
   * limits and, as a hint, whether a key is already stored here (the authoritative check runs when
   * the record is applied).
   *
   * @throws DuplicateKeyException if a key is stored already or repeated in the batch
   */
  byte[] commitRecord(WriteBatch batch, String principal);

  /** A PREPARE record (phase one of a two-phase commit); see {@link BlockDb#prepare}. */
  byte[] prepareRecord(long txnId, byte[] xid, WriteBatch batch, String principal);

  /**
   * A DECISION record on a prepared transaction.
   *
   * @throws BlockDbException {@link ErrorCode#NOT_FOUND} if no prepared transaction {@code txnId} is
   *     in doubt here
   */
  byte[] decisionRecord(long txnId, boolean commit);

  /** A SEAL record: applying it seals the pending entries into a block. */
  byte[] sealRecord();

  /**
   * Whether entries have been pending for {@code block_interval_ms} or longer (by the local clock,
   * which only decides when a leader proposes a SEAL, never what a block holds).
   */
  boolean sealDue();

  /**
   * Writes a consistent copy of the flushed state into the empty directory {@code target}
   * (MANIFEST, the live SSTables as hard links where possible, the sealed blocks of
   * ledger/blocks.dat) and returns its log index and files. Opening a copy in replicated mode and
   * applying the log from {@link Checkpoint#appliedIndex()} + 1 rebuilds this replica. Call
   * {@link BlockDb#flush()} first to include the memtable.
   */
  Checkpoint checkpoint(Path target);

  /**
   * What applying one record did.
   *
   * @param index the log index
   * @param lastSequence the sequence of the newest entry after it (for a COMMIT, its last entry's)
   * @param skipped true when the index was at or below the last applied one and nothing was done
   * @param refusal why the record was refused (nothing changed), or null if it was applied
   */
  record ApplyResult(long index, long lastSequence, boolean skipped, BlockDbException refusal) {
    public boolean accepted() {
      return !skipped && refusal == null;
    }
  }

  /**
   * A copy of the flushed state.
   *
   * @param appliedIndex the last log index whose effects the copy holds
   * @param files the copy's files, relative to its directory
   */
  record Checkpoint(long appliedIndex, List<Path> files) {
    public Checkpoint {
      files = List.copyOf(files);
    }
  }
}

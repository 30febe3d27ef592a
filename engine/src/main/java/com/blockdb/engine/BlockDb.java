package com.blockdb.engine;

import com.blockdb.engine.impl.DbImpl;
import java.nio.file.Path;
import java.util.List;

/**
 * An open BlockDB data directory: an append-only key/value store whose every committed entry is
 * sealed into a hash-chained, Merkle-rooted ledger.
 *
 * <p>Thread-safe: any number of threads may write and read at once. Writes are durable when they
 * return (unless {@code wal_sync_interval > 0}); concurrent writers share fsyncs (group commit).
 * Only one {@code BlockDb} may hold a directory at a time, across processes.
 */
public interface BlockDb extends AutoCloseable {

  /** Opens (creating if needed) the data directory, recovering from the write-ahead log. */
  static BlockDb open(Path dir, Options options) {
    return DbImpl.open(dir, options);
  }

  /** Opens with {@link Options#defaults()}. */
  static BlockDb open(Path dir) {
    return open(dir, Options.defaults());
  }

  /** Stores a key of the KV table once; throws {@link DuplicateKeyException} if it exists. */
  default void put(byte[] key, byte[] value) {
    write(new WriteBatch().put(key, value));
  }

  /**
   * Commits all puts of the batch atomically as one ledger transaction, recorded as written by the
   * configured principal. Returns the sequence number of the batch's last entry. Throws
   * {@link DuplicateKeyException} if a key is stored or repeated, and {@link BlockDbException} with
   * {@link ErrorCode#KEY_IN_DOUBT} if a prepared transaction reserves one; nothing is written then.
   */
  default long write(WriteBatch batch) {
    return write(batch, null);
  }

  /** As {@link #write(WriteBatch)}, recorded as written by {@code principal} (null: the default). */
  long write(WriteBatch batch, String principal);

  // ---- two-phase commit ----

  /**
   * Phase one of a two-phase commit. Validates {@code batch} (no key stored, none repeated, none
   * reserved by another prepared transaction) and durably logs a PREPARE record (sharing the group
   * commit and its fsync with writes). Nothing of it is visible; its keys stay reserved until the
   * decision, and a {@link #write} naming one fails with {@link ErrorCode#KEY_IN_DOUBT}.
   *
   * <p>{@code xid} null: a local transaction whose coordinator is this engine; if the process stops
   * before the decision is logged, the next open rolls it back (presumed abort). {@code xid} not
   * null: an externally coordinated branch (XA) that stays in doubt across restarts until
   * {@link #commitPrepared} or {@link #abortPrepared}.
   *
   * @param txnId the caller's transaction id (opaque to the engine)
   * @param principal who the entries will be recorded as written by (null: the default)
   * @throws DuplicateKeyException as {@link #write} does, also for a key another prepared
   *     transaction reserved; nothing is logged
   * @throws BlockDbException {@link ErrorCode#INVALID_ARGUMENT} if {@code txnId} is already prepared
   *     and in doubt, or the xid is longer than 1024 bytes
   */
  void prepare(long txnId, byte[] xid, WriteBatch batch, String principal);

  /**
   * Phase two, commit: durably logs a COMMIT decision and applies the prepared puts as one
   * transaction (contiguous sequence numbers, one block, as {@link #write} does); their commit
   * timestamp is the decision's. Returns the sequence number of the last entry.
   *
   * @throws BlockDbException {@link ErrorCode#NOT_FOUND} if no prepared transaction {@code txnId} is in doubt
   */
  long commitPrepared(long txnId);

  /**
   * Phase two, abort: durably logs an ABORT decision and releases the reserved keys; nothing of the
   * transaction is ever visible.
   *
   * @throws BlockDbException {@link ErrorCode#NOT_FOUND} if no prepared transaction {@code txnId} is in doubt
   */
  void abortPrepared(long txnId);

  /**
   * The prepared transactions now in doubt, in the order they were prepared. After a reopen these
   * are the external (XA) ones that survived; local ones were rolled back at open (see
   * {@link #recoveryNotes()}).
   */
  List<PreparedTransaction> preparedTransactions();

  /** The value of a KV key, or null. */
  default byte[] get(byte[] key) {
    Entry e = getEntry(Tables.KV, key, Long.MAX_VALUE);
    return e == null ? null : e.value();
  }

  /** The entry of a key as of snapshot {@code atSequence} (entries with a larger sequence are invisible), or null. */
  Entry getEntry(int table, byte[] key, long atSequence);

  /** Entries of {@code table} with {@code from <= key < to} in key order (null bounds are open), as of a snapshot. */
  EntryIterator scan(int table, byte[] from, byte[] to, long atSequence);

  /** Entries of {@code table} whose key starts with {@code prefix}, in key order, as of now. */
  default EntryIterator scanPrefix(int table, byte[] prefix) {
    return scan(table, prefix, com.blockdb.engine.util.Bytes.prefixEnd(prefix), lastSequence());
  }

  /**
   * What recovery repaired when this database was opened: each torn tail truncated, with its file,
   * offset and bytes dropped, and each local prepared transaction rolled back because no decision
   * was logged. Empty after a clean shutdown with no local transaction left prepared.
   */
  List<String> recoveryNotes();

  /**
   * The height of the sealed block that holds the entry with {@code sequence}, or -1 while the entry
   * is still pending (committed, not yet sealed) or does not exist.
   */
  long blockHeightOf(long sequence);

  /** The sequence number of the newest visible entry: a snapshot to read at. */
  long lastSequence();

  Stats stats();

  /** The digest of the sealed ledger now (pending entries are not in it until sealed). */
  Digest digest();

  /** Up to {@code max} sealed block headers from {@code fromHeight} on. */
  List<BlockInfo> blocks(long fromHeight, int max);

  /** Seals the pending entries into a block now, through the commit log; returns the new digest. */
  Digest seal();

  /** Inclusion proof of a key's entry; seals the pending block first if the entry is in it. */
  InclusionProof prove(int table, byte[] key);

  /** Consistency proof from an older digest of this ledger to the current one. */
  ConsistencyProof proveConsistency(Digest older);

  /**
   * Re-reads every stored entry from the data files, re-hashes it, rebuilds every block's Merkle root
   * and the chain from genesis, and checks the ledger extends {@code saved} (if not null).
   */
  VerifyResult verify(Digest saved, VerifyListener listener);

  // ---- online backup ----

  /**
   * Takes a consistent copy of this database into {@code target}, a new or empty directory, while
   * writes go on: a database opened from the copy recovers exactly the state at the backup point
   * (every entry committed before this call started, perhaps some committed during it, none after
   * it returned), with the digest {@link BackupResult#digest()}. The pending block is sealed first.
   * Prepared transactions in doubt at the backup point are in doubt in the copy too. The files are
   * fsynced, and the descriptor {@link BackupDescriptor#FILE_NAME} is written last.
   *
   * @throws BlockDbException {@link ErrorCode#INVALID_ARGUMENT} if {@code target} is a file, a
   *     directory that is not empty, or inside this database's directory; nothing is written then.
   *     {@link ErrorCode#IO_ERROR} if reading or writing failed; the files written are removed.
   */
  BackupResult backup(Path target);

  /**
   * As {@link #backup(Path)}, writing the files to {@code sink} (an archive streamed to a client,
   * for example). If the sink fails, the backup stops and the exception says why.
   */
  BackupResult backup(BackupSink sink);

  /** Flushes the memtable to an SSTable now and waits for it. */
  void flush();

  /** Merges all SSTables into one now and waits for it. */
  void compact();

  /**
   * The replicated-mode interface, for a database opened with
   * {@link Options#withReplicatedLog(boolean)} (its own writes, seals and two-phase commit calls
   * are refused then: records come through the cluster).
   *
   * @throws BlockDbException {@link ErrorCode#INVALID_ARGUMENT} if the database was not opened in
   *     replicated mode
   */
  default Replica replica() {
    throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "this database was not opened in replicated mode");
  }

  /** Seals pending entries, stops background work and releases the directory. Idempotent. */
  @Override
  void close();
}

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
   * configured principal. Returns the sequence number of the batch's last entry.
   */
  default long write(WriteBatch batch) {
    return write(batch, null);
  }

  /** As {@link #write(WriteBatch)}, recorded as written by {@code principal} (null: the default). */
  long write(WriteBatch batch, String principal);

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
   * offset and bytes dropped. Empty after a clean shutdown.
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

  /** Flushes the memtable to an SSTable now and waits for it. */
  void flush();

  /** Merges all SSTables into one now and waits for it. */
  void compact();

  /** Seals pending entries, stops background work and releases the directory. Idempotent. */
  @Override
  void close();
}

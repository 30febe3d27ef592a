package com.blockdb.cluster;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.BlockInfo;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.PreparedTransaction;
import com.blockdb.engine.Stats;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.WriteBatch;
import java.util.List;

/**
 * A cluster node seen as a {@link BlockDb}, so the SQL layer and the REST API run on a cluster
 * unchanged: writes, prepares, decisions and seals go through the cluster ({@link ClusterNode});
 * reads, proofs and verification are served from this node's database.
 *
 * <p>{@link #lastSequence()} — the snapshot a read or a transaction starts at — waits for the
 * node's {@link ClusterConfig#readConsistency()}: linearizable by default (a Raft read index), so a
 * read at that snapshot sees every write acknowledged before it on any node. Calls that name a
 * snapshot themselves ({@link #getEntry}, {@link #scan}) read this node's copy as it is.
 *
 * <p>Threading: thread-safe. {@link #close()} does nothing: the node owns the database.
 */
public final class ClusterDb implements BlockDb {

  private final ClusterNode node;

  ClusterDb(ClusterNode node) {
    this.node = node;
  }

  public ClusterNode node() {
    return node;
  }

  private BlockDb local() {
    return node.engine();
  }

  @Override
  public long write(WriteBatch batch, String principal) {
    return node.submit(batch, principal);
  }

  @Override
  public void prepare(long txnId, byte[] xid, WriteBatch batch, String principal) {
    node.prepare(txnId, xid, batch, principal);
  }

  @Override
  public long commitPrepared(long txnId) {
    return node.commitPrepared(txnId);
  }

  @Override
  public void abortPrepared(long txnId) {
    node.abortPrepared(txnId);
  }

  @Override
  public List<PreparedTransaction> preparedTransactions() {
    return local().preparedTransactions();
  }

  @Override
  public Entry getEntry(int table, byte[] key, long atSequence) {
    return local().getEntry(table, key, atSequence);
  }

  @Override
  public EntryIterator scan(int table, byte[] from, byte[] to, long atSequence) {
    return local().scan(table, from, to, atSequence);
  }

  @Override
  public List<String> recoveryNotes() {
    return local().recoveryNotes();
  }

  @Override
  public long blockHeightOf(long sequence) {
    return local().blockHeightOf(sequence);
  }

  @Override
  public long lastSequence() {
    return node.readBarrier(node.config().readConsistency());
  }

  @Override
  public Stats stats() {
    return local().stats();
  }

  @Override
  public Digest digest() {
    return local().digest();
  }

  @Override
  public List<BlockInfo> blocks(long fromHeight, int max) {
    return local().blocks(fromHeight, max);
  }

  @Override
  public Digest seal() {
    return node.seal();
  }

  @Override
  public InclusionProof prove(int table, byte[] key) {
    return local().prove(table, key);
  }

  @Override
  public ConsistencyProof proveConsistency(Digest older) {
    return local().proveConsistency(older);
  }

  @Override
  public VerifyResult verify(Digest saved, VerifyListener listener) {
    return local().verify(saved, listener);
  }

  @Override
  public void flush() {
    local().flush();
  }

  /**
   * Refused: the engine's online backup copies a write-ahead log stretch and seals the pending block
   * on its own commit thread, and a cluster node's database has neither (the Raft log is its log,
   * and only SEAL records from the log may seal). A new node catches up from the leader instead.
   */
  @Override
  public com.blockdb.engine.BackupResult backup(java.nio.file.Path target) {
    throw backupRefused();
  }

  @Override
  public com.blockdb.engine.BackupResult backup(com.blockdb.engine.BackupSink sink) {
    throw backupRefused();
  }

  private BlockDbException backupRefused() {
    return new BlockDbException(ErrorCode.INVALID_ARGUMENT, "online backup of a cluster node (node " + node.id()
        + ") is not supported: its database has no write-ahead log of its own to copy; a new node catches up"
        + " from the leader when it is added (docs/CLUSTER.md)");
  }

  @Override
  public void compact() {
    local().compact();
  }

  @Override
  public void close() {
    // The node owns its database: ClusterNode.close() stops it.
  }
}

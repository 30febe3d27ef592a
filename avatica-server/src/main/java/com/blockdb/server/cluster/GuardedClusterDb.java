package com.blockdb.server.cluster;

import com.blockdb.cluster.NoQuorumException;
import com.blockdb.cluster.OutcomeUnknownException;
import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.BlockInfo;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's database as the server serves it: the node's {@link com.blockdb.cluster.ClusterDb},
 * with every failure of a call into the cluster that is not one of the database's own errors (an
 * unchecked exception of the Raft client: a closed client, a retry that gave up, an illegal state)
 * turned into the answer a client can act on, never an internal error. A write, prepare, decision
 * or seal then ends {@link OutcomeUnknownException} (08007, HTTP 504: it was perhaps proposed, so
 * it may still commit); a linearizable read barrier, {@link NoQuorumException} (58Q01, HTTP 503:
 * nothing was read or written). The cause goes to the server log with its stack trace.
 *
 * <p>Reads of the node's own copy are passed through: they do not call the cluster.
 *
 * <p>Threading: thread-safe, as the database it wraps.
 */
final class GuardedClusterDb implements BlockDb {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedClusterDb.class);
  /** A class name that a wrapper's message starts with ("org.apache.ratis....SomeException: "). */
  private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error): ");

  private final BlockDb cluster;
  private final String nodeId;

  /**
   * @param cluster the node's database, whose writes go through the cluster
   * @param nodeId the node's id, for messages
   */
  GuardedClusterDb(BlockDb cluster, String nodeId) {
    this.cluster = cluster;
    this.nodeId = nodeId;
  }

  /** Runs a call that proposes an entry to the cluster. */
  private <T> T propose(String what, Supplier<T> call) {
    return guarded(call, e -> {
      LOG.warn("node {}: {} failed in the cluster layer without an answer", nodeId, what, e);
      return new OutcomeUnknownException(what + " through cluster node " + nodeId + " failed in the cluster layer"
          + " without an answer (" + describe(e) + "): it may or may not be committed; read before retrying", e);
    });
  }

  /**
   * Runs a call into the cluster: the database's own errors (also inside a CompletionException) as
   * they are, any other unchecked failure as what {@code instead} makes of it.
   */
  private static <T> T guarded(Supplier<T> call,
      java.util.function.Function<RuntimeException, BlockDbException> instead) {
    try {
      return call.get();
    } catch (BlockDbException e) {
      throw e;
    } catch (RuntimeException e) {
      BlockDbException own = ownError(e);
      throw own != null ? own : instead.apply(e);
    }
  }

  /** The database's own error inside a wrapper from an asynchronous call, or null. */
  private static BlockDbException ownError(RuntimeException e) {
    return e instanceof CompletionException && e.getCause() instanceof BlockDbException b ? b : null;
  }

  /**
   * What went wrong, for a user: the message of the innermost cause that has one, without class
   * names (the exception's class and stack trace are in the server log).
   */
  static String describe(Throwable e) {
    String message = null;
    Throwable t = e;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) { // bounded: a cause chain may loop
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return "an unexpected failure of the Raft client; the server log has the details";
    }
    String m = message.strip();
    for (String before = null; !m.equals(before); ) {
      before = m;
      m = CLASS_PREFIX.matcher(m).replaceFirst("");
    }
    return m;
  }

  @Override
  public long write(WriteBatch batch, String principal) {
    return propose("a write of " + batch.size() + " puts", () -> cluster.write(batch, principal));
  }

  @Override
  public void prepare(long txnId, byte[] xid, WriteBatch batch, String principal) {
    propose("the prepare of transaction " + txnId, () -> {
      cluster.prepare(txnId, xid, batch, principal);
      return null;
    });
  }

  @Override
  public long commitPrepared(long txnId) {
    return propose("the commit of prepared transaction " + txnId, () -> cluster.commitPrepared(txnId));
  }

  @Override
  public void abortPrepared(long txnId) {
    propose("the abort of prepared transaction " + txnId, () -> {
      cluster.abortPrepared(txnId);
      return null;
    });
  }

  @Override
  public Digest seal() {
    return propose("a seal", cluster::seal);
  }

  /** The read barrier (see {@link com.blockdb.cluster.ClusterDb#lastSequence()}). */
  @Override
  public long lastSequence() {
    return guarded(cluster::lastSequence, e -> {
      LOG.warn("node {}: a read barrier failed in the cluster layer", nodeId, e);
      return new NoQuorumException("node " + nodeId + " could not confirm a linearizable read with the leader ("
          + describe(e) + "): nothing was read or written; retry");
    });
  }

  @Override
  public List<PreparedTransaction> preparedTransactions() {
    return cluster.preparedTransactions();
  }

  @Override
  public Entry getEntry(int table, byte[] key, long atSequence) {
    return cluster.getEntry(table, key, atSequence);
  }

  @Override
  public EntryIterator scan(int table, byte[] from, byte[] to, long atSequence) {
    return cluster.scan(table, from, to, atSequence);
  }

  @Override
  public List<String> recoveryNotes() {
    return cluster.recoveryNotes();
  }

  @Override
  public long blockHeightOf(long sequence) {
    return cluster.blockHeightOf(sequence);
  }

  @Override
  public Stats stats() {
    return cluster.stats();
  }

  @Override
  public Digest digest() {
    return cluster.digest();
  }

  @Override
  public List<BlockInfo> blocks(long fromHeight, int max) {
    return cluster.blocks(fromHeight, max);
  }

  @Override
  public InclusionProof prove(int table, byte[] key) {
    return cluster.prove(table, key);
  }

  @Override
  public ConsistencyProof proveConsistency(Digest older) {
    return cluster.proveConsistency(older);
  }

  @Override
  public VerifyResult verify(Digest saved, VerifyListener listener) {
    return cluster.verify(saved, listener);
  }

  @Override
  public BackupResult backup(Path target) {
    return cluster.backup(target);
  }

  @Override
  public BackupResult backup(BackupSink sink) {
    return cluster.backup(sink);
  }

  @Override
  public void flush() {
    cluster.flush();
  }

  @Override
  public void compact() {
    cluster.compact();
  }

  @Override
  public void close() {
    cluster.close();
  }
}

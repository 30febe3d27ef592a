package com.blockdb.server.cluster;

import com.blockdb.cluster.ClusterListener;
import com.blockdb.cluster.ClusterNode;
import com.blockdb.cluster.RaftTls;
import com.blockdb.cluster.ReadConsistency;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Options;
import com.blockdb.engine.Replica;
import com.blockdb.engine.commit.CommitRecord;
import com.blockdb.engine.txn.TransactionManager;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import com.blockdb.server.ServerStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's cluster node: a {@link ClusterNode} over the data directory, whose database
 * ({@link ClusterNode#db()}: writes through Raft, reads local at the configured consistency) is
 * registered as the server's {@link Database} ({@link GuardedClusterDb}), so JDBC, REST and auth
 * run on it unchanged.
 *
 * <p>It keeps the SQL layer in step with what the node applies from other nodes: a change of the
 * catalog or users table makes their caches reload ({@link Database#tablesChanged}); a change of
 * leader ends this node's open transactions (their next statement or commit fails with 40001,
 * nothing of them written: {@link TransactionManager#abortOpen}); and each applied PREPARE or
 * DECISION record, as well as a leader change, reconciles this node's prepared XA branches with the
 * replicated ones ({@link TransactionManager#syncPrepared}), so that a branch prepared through
 * another node holds its keys' locks here too and can be recovered, committed or rolled back here,
 * also after that node failed.
 *
 * <p>Threading: {@link #start} and {@link #close} from the server's lifecycle; the listener runs
 * on the node's apply and event threads.
 */
public final class ClusterRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRuntime.class);
  /** How often a server waiting for its cluster says so in the log. */
  private static final long WAIT_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ClusterSettings settings;
  private final ClusterNode node;
  private volatile Database database;
  /** Reconciles prepared branches off the apply thread, once per burst of PREPARE/DECISION records. */
  private final java.util.concurrent.ExecutorService reconciler;
  private final java.util.concurrent.atomic.AtomicBoolean reconcileQueued =
      new java.util.concurrent.atomic.AtomicBoolean();

  private ClusterRuntime(ClusterSettings settings, ClusterNode node) {
    this.settings = settings;
    this.node = node;
    this.reconciler = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "blockdb-cluster-prepared-" + settings.self().id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Queues a reconciliation of the prepared branches with the engine's (a PREPARE or DECISION was
   * applied): branches prepared through other nodes take their keys' locks here, branches decided
   * through other nodes release theirs, without waiting for an XA call or a leader change.
   */
  private void queueReconcile() {
    if (!reconcileQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      reconciler.execute(() -> {
        reconcileQueued.set(false);
        Database d = database;
        if (d != null) {
          try {
            d.transactions().syncPrepared();
          } catch (RuntimeException e) {
            LOG.debug("node {}: reconciling prepared branches failed: {}", node.id(), e.toString());
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      reconcileQueued.set(false); // closing
    }
  }

  /**
   * Starts the node over {@code dataDir} and registers its database under {@code name} (the name
   * the server's JDBC connections use).
   *
   * @throws ServerStartException if the directory holds a single server's database, the Raft TLS
   *     stores cannot be loaded or the Raft port cannot be bound
   */
  public static ClusterRuntime start(ClusterSettings settings, Path dataDir, String name, Options engine,
      long lockTimeoutNanos) {
    if (Files.exists(dataDir.resolve("MANIFEST")) || Files.isDirectory(dataDir.resolve("wal"))) {
      throw new ServerStartException("the data directory " + dataDir + " holds a single server's database; a"
          + " cluster node keeps its database in engine/ and its Raft log in raft/ of an empty (or its own)"
          + " directory: give the node a new --data-dir");
    }
    RaftTls tls;
    ClusterNode node;
    try {
      tls = settings.raftTls();
      node = ClusterNode.start(settings.config(dataDir, engine), tls);
    } catch (BlockDbException e) {
      throw new ServerStartException(e.getMessage());
    }
    ClusterRuntime r = new ClusterRuntime(settings, node);
    node.addListener(r.new Events());
    try {
      // Guarded: an unchecked failure of the Raft client reaches a client as outcome unknown or no
      // quorum, never as an internal error.
      r.database = DatabaseRegistry.adopt(name, new GuardedClusterDb(node.db(), node.id()), lockTimeoutNanos,
          idTag(settings.self().id()));
    } catch (RuntimeException e) {
      node.close();
      throw new ServerStartException("cannot register the cluster node's database " + name + ": " + e.getMessage());
    }
    // Entries applied between the node's start and the listener's first call were not reported.
    r.database.tablesChanged(null);
    LOG.info("cluster node {} started: {}", settings.self().id(), settings);
    if (!settings.tls()) {
      LOG.warn("the Raft port {} has no TLS: any host that reaches it can append entries or change the membership;"
          + " protect it with raft_tls_keystore and raft_tls_truststore, or keep it on a private network",
          settings.self().raftAddress());
    }
    return r;
  }

  /** Refuses to open a cluster node's directory as a single server's database. */
  public static void refuseSingleServerOver(Path dataDir) {
    if (Files.isDirectory(dataDir.resolve("raft")) && Files.isDirectory(dataDir.resolve("engine"))) {
      throw new ServerStartException("the data directory " + dataDir + " holds a cluster node (engine/ and raft/):"
          + " start it as that node, with --cluster-id and --peers");
    }
  }

  /** This node's tag in its transaction ids (see {@link TransactionManager#TransactionManager(com.blockdb.engine.BlockDb, long, int)}). */
  static int idTag(String nodeId) {
    return Math.floorMod(nodeId.hashCode(), TransactionManager.MAX_ID_TAG + 1);
  }

  public Database database() {
    return database;
  }

  public ClusterNode node() {
    return node;
  }

  public ClusterSettings settings() {
    return settings;
  }

  /**
   * Waits until the node can serve: it sees a quorum and has applied everything committed before
   * (a linearizable read barrier), so that what the server reads at start (users, tables) is
   * current. A node started with {@code --join} waits here until it is added. Logs every 10 s.
   *
   * @throws ServerStartException if {@code stopping} turns true (or the node closes) first
   */
  public void awaitReady(BooleanSupplier stopping) {
    long start = System.nanoTime();
    long nextLog = start + WAIT_LOG_NANOS;
    while (true) {
      if (stopping.getAsBoolean()) {
        throw new ServerStartException("stopped while waiting for the cluster");
      }
      try {
        node.readBarrier(ReadConsistency.LINEARIZABLE);
        LOG.info("cluster node {} is ready: leader {}, {} members", node.id(), node.leaderId().orElse("?"),
            node.members().size());
        return;
      } catch (RuntimeException e) {
        if (stopping.getAsBoolean()
            || (e instanceof BlockDbException b && b.code() == com.blockdb.engine.ErrorCode.CLOSED)) {
          throw new ServerStartException("stopped while waiting for the cluster");
        }
        long now = System.nanoTime();
        if (now >= nextLog) {
          LOG.info("cluster node {} waits for its cluster ({} s): {}{}", node.id(),
              TimeUnit.NANOSECONDS.toSeconds(now - start), e.getMessage(),
              settings.join() ? " (a joining node waits until POST /cluster/add adds it)" : "");
          nextLog = now + WAIT_LOG_NANOS;
        }
        sleep(200);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerStartException("interrupted while waiting for the cluster");
    }
  }

  /** Unregisters the database and stops the node (no seal: the cluster seals by time). */
  @Override
  public void close() {
    Database d = database;
    database = null;
    if (d != null) {
      DatabaseRegistry.release(d);
    }
    reconciler.shutdownNow();
    node.close();
    LOG.info("cluster node {} stopped", node.id());
  }

  /** Keeps the SQL layer in step with the node (see the class comment). */
  private final class Events implements ClusterListener {
    @Override
    public void applied(long index, byte[] record, Replica.ApplyResult result) {
      Database d = database;
      if (d == null) {
        return;
      }
      if (record == null) {
        d.tablesChanged(null); // a snapshot replaced the database
      } else if (result.refusal() == null && record.length > 0) {
        // A COMMIT decision makes visible what its PREPARE named: any table (rare, so reload all).
        d.tablesChanged(record[0] == CommitRecord.DECISION ? null : CommitRecord.tables(record));
        if (record[0] == CommitRecord.PREPARE || record[0] == CommitRecord.DECISION) {
          queueReconcile();
        }
      }
    }

    @Override
    public void leaderChanged(String previousLeaderId, String newLeaderId) {
      Database d = database;
      if (d == null) {
        return;
      }
      TransactionManager tm = d.transactions();
      String change = previousLeaderId == null ? "the cluster elected leader " + newLeaderId
          : "the cluster's leader changed from " + previousLeaderId + " to " + newLeaderId;
      int ended = tm.abortOpen(change + ": the transaction's locks were held under the old leader; nothing of it"
          + " was written, retry it");
      try {
        tm.syncPrepared();
      } catch (BlockDbException e) {
        LOG.warn("node {}: reconciling prepared transactions after the leader change failed: {}", node.id(),
            e.getMessage());
      }
      LOG.info("node {}: leader changed from {} to {}; {} open transaction(s) ended, {} prepared branch(es) in doubt",
          node.id(), previousLeaderId, newLeaderId, ended, tm.inDoubtXids().size());
    }
  }
}

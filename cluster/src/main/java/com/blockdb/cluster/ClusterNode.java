package com.blockdb.cluster;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;

/**
 * One member of a BlockDB cluster: a Raft server (Apache Ratis, gRPC transport) whose state machine
 * applies the committed log to this node's database, and the write path into the cluster.
 *
 * <p>Writes may be submitted on any node: a follower forwards them to the leader; they return once
 * committed by a majority and applied here. Reads go to the local database ({@link #db()}); the
 * snapshot they start at ({@link ClusterDb#lastSequence()}) is linearizable by default. Without a
 * quorum, a write is refused within the write timeout ({@link NoQuorumException}); a write whose
 * answer is lost in a failover is reported as such ({@link OutcomeUnknownException}).
 *
 * <p>The leader also proposes the SEAL records that close a block once entries have been pending
 * for {@code block_interval_ms}: block boundaries and timestamps come from the log, so every node's
 * ledger is byte-identical.
 *
 * <p>Threading: all methods are thread-safe.
 */
public final class ClusterNode implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());

  /** Longest a status probe waits for one node. */
  private static final long PROBE_TIMEOUT_MILLIS = 2_000;

  private final ClusterConfig config;
  private final RaftGroupId groupId;
  private final RaftPeerId selfId;
  private final BlockDbStateMachine sm;
  private final RaftServer server;
  private final RaftCalls calls;
  /** Gathers the leader's own proposals into entries (group commit). */
  private final ProposalBatcher batcher;
  private final ExecutorService proposer;
  private final Map<String, PeerAddress> known = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sealer;
  private final AtomicBoolean sealInFlight = new AtomicBoolean();
  private final ClusterDb db;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<ClusterListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Runs leader-change notifications in order, off Ratis's threads. */
  private final ExecutorService events;
  private final java.util.concurrent.atomic.AtomicReference<String> knownLeader =
      new java.util.concurrent.atomic.AtomicReference<>();

  private ClusterNode(ClusterConfig config, RaftTls tls) throws IOException {
    this.config = config;
    this.groupId = RaftGroupId.valueOf(config.groupUuid());
    this.selfId = RaftPeerId.valueOf(config.self().id());
    known.put(config.self().id(), config.self());
    for (PeerAddress p : config.peers()) {
      known.put(p.id(), p);
    }
    Files.createDirectories(config.dataDir());
    this.events = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "blockdb-cluster-events-" + config.self().id());
      t.setDaemon(true);
      return t;
    });
    this.sm = new BlockDbStateMachine(config.dataDir().resolve("engine"), config.engineOptions(), config.self(),
        new Dispatcher());
    List<RaftPeer> peers = new ArrayList<>();
    peers.add(raftPeer(config.self()));
    for (PeerAddress p : config.peers()) {
      peers.add(raftPeer(p));
    }
    RaftGroup group = config.join() ? RaftGroup.valueOf(groupId) : RaftGroup.valueOf(groupId, peers);
    Parameters parameters = new Parameters();
    if (tls != null) {
      GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), true));
    }
    this.server = RaftServer.newBuilder().setServerId(selfId).setGroup(group).setStateMachine(sm)
        .setProperties(serverProperties(config)).setParameters(parameters)
        .setOption(RaftStorage.StartupOption.RECOVER).build();
    this.calls = new RaftCalls(groupId, config, parameters, this::currentPeers, this::leaderHint);
    this.proposer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "blockdb-cluster-proposer-" + config.self().id());
      t.setDaemon(true);
      return t;
    });
    this.batcher = new ProposalBatcher(entry -> calls.submitLocal(server, selfId, entry), task -> {
      try {
        proposer.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        task.run(); // closing: still hand the writers their outcome
      }
    });
    this.db = new ClusterDb(this);
    this.sealer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "blockdb-cluster-sealer-" + config.self().id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a node: opens (or creates) its data directory, recovers its Raft log (always with
   * RECOVER, so a restart never formats) and joins the election.
   *
   * @throws BlockDbException {@link ErrorCode#IO_ERROR} if the Raft port cannot be bound or the
   *     directory cannot be used
   */
  public static ClusterNode start(ClusterConfig config) {
    return start(config, null);
  }

  /**
   * As {@link #start(ClusterConfig)}, with mutual TLS on the Raft port when {@code tls} is not null
   * (every node of the cluster must then use it).
   */
  public static ClusterNode start(ClusterConfig config, RaftTls tls) {
    ClusterNode node;
    try {
      node = new ClusterNode(config, tls);
      node.server.start();
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "cannot start cluster node " + config.self().id() + " on "
          + config.self().raftAddress() + ": " + e.getMessage(), e);
    }
    long tick = Math.max(10, Math.min(100, config.engineOptions().blockIntervalMs() / 2));
    node.sealer.scheduleWithFixedDelay(node::sealIfDue, tick, tick, TimeUnit.MILLISECONDS);
    return node;
  }

  static RaftPeer raftPeer(PeerAddress p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build();
  }

  private static RaftProperties serverProperties(ClusterConfig c) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(c.dataDir().resolve("raft").toFile()));
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, c.self().host());
    GrpcConfigKeys.Server.setPort(p, c.self().raftPort());
    long min = c.electionTimeout().toMillis();
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(min, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * min, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(Math.max(3000, 4 * min), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, TimeDuration.valueOf(c.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeGap(p, c.logPurgeGap());
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, org.apache.ratis.util.SizeInBytes.valueOf(c.logSegmentSize()));
    // No metadata entries: by default the leader appends (and every node fsyncs) a second entry
    // holding the commit index after every commit, only so that a restarted node can re-apply its
    // log before it hears from a leader. Without them a write costs one entry and one fsync per
    // node. A restarted node then re-applies from its snapshot once a leader tells it the commit
    // index (replay is idempotent: the database skips what it flushed); the server serves only after
    // a linearizable read barrier at start (ClusterRuntime.awaitReady), which waits for exactly that.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // The leader's log appender otherwise waits at least 1 ms between two appendEntries calls to a
    // follower, so a lone writer's next entry waited for it: with zero, one write from one
    // connection went from about 1.6 ms to 0.5 ms and 8 writers from about 2,300 to 6,400 writes/s
    // (three in-process nodes; BENCHMARKS.md). Apache Ozone sets the same for the same reason.
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
    return p;
  }

  /** Raft entries this node has proposed as the leader (group commit: see {@link #proposedRecords()}). */
  public long proposedEntries() {
    return batcher.entries();
  }

  /** The commit records those entries carried; records ÷ entries is the mean group size. */
  public long proposedRecords() {
    return batcher.records();
  }

  public String id() {
    return config.self().id();
  }

  public ClusterConfig config() {
    return config;
  }

  /**
   * The database as clients use it: writes, prepares and decisions go through the cluster; reads
   * are served from this node's copy.
   */
  public ClusterDb db() {
    return db;
  }

  /**
   * This node's own database (a snapshot install replaces it; do not keep the reference). Right
   * after a restart, until a leader has told this node the commit index and it has re-applied its
   * log, the database may hold fewer entries than the blocks its ledger file already seals (its
   * digest is already the one it had, {@link BlockDb#verify} reports the entries missing); a read
   * barrier ({@link #readBarrier}) waits for the replay.
   */
  public BlockDb engine() {
    return sm.engine();
  }

  // ---- writes ----

  /**
   * Commits a batch through the cluster as one ledger transaction and returns the sequence of its
   * last entry, once a majority has it and this node has applied it.
   *
   * @throws com.blockdb.engine.DuplicateKeyException if a key is stored or repeated (nothing written)
   * @throws BlockDbException {@link ErrorCode#KEY_IN_DOUBT} if a prepared transaction reserves a key
   * @throws NoQuorumException if no quorum was visible within the write timeout (nothing written)
   * @throws OutcomeUnknownException if the write was proposed but its answer was lost
   */
  public long submit(WriteBatch batch, String principal) {
    checkOpen();
    if (batch.isEmpty()) {
      return engine().lastSequence();
    }
    return propose(engine().replica().commitRecord(batch, principal), "a write of " + batch.size() + " puts");
  }

  /** Phase one of a two-phase commit through the cluster; see {@link BlockDb#prepare}. */
  public void prepare(long txnId, byte[] xid, WriteBatch batch, String principal) {
    checkOpen();
    propose(engine().replica().prepareRecord(txnId, xid, batch, principal), "the prepare of transaction " + txnId);
  }

  /** Commits a prepared transaction through the cluster; returns its last entry's sequence. */
  public long commitPrepared(long txnId) {
    checkOpen();
    return propose(engine().replica().decisionRecord(txnId, true), "the commit of transaction " + txnId);
  }

  /** Aborts a prepared transaction through the cluster. */
  public void abortPrepared(long txnId) {
    checkOpen();
    propose(engine().replica().decisionRecord(txnId, false), "the abort of transaction " + txnId);
  }

  /** Seals the pending entries into a block through the cluster; returns this node's digest after it. */
  public Digest seal() {
    checkOpen();
    propose(engine().replica().sealRecord(), "a seal");
    return engine().digest();
  }

  /** Proposes a record and waits for its answer and for this node to apply it. */
  private long propose(byte[] record, String what) {
    awaitQuorum(what);
    // On the leader, straight into its own server, gathered with the writes in flight; elsewhere (or
    // if it just stopped leading) through a client, which finds the leader and forwards.
    RaftCalls.Answer a = isLeaderReady() ? proposeLocal(record, what) : null;
    if (a == null) {
      a = calls.write(record, what);
    }
    long seq = ClusterMessages.sequenceOrThrow(a.message()); // a refusal is thrown as the engine's exception
    awaitLocalApply(a.logIndex(), what);
    return seq;
  }

  /** Proposes through the leader's own server; null if it was not the ready leader (nothing proposed). */
  private RaftCalls.Answer proposeLocal(byte[] record, String what) {
    long timeout = config.writeTimeout().toMillis();
    java.util.concurrent.CompletableFuture<RaftCalls.Answer> f = batcher.propose(record);
    try {
      return f.get(timeout, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new OutcomeUnknownException(what + " was proposed but no answer came within the write timeout of "
          + timeout + " ms (the leader failed or lost its quorum): it may or may not be committed; read before"
          + " retrying", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutcomeUnknownException(what + " was proposed but the wait for its answer was interrupted: it may"
          + " or may not be committed; read before retrying", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof OutcomeUnknownException u) {
        throw new OutcomeUnknownException(what + ": " + u.getMessage(), u.getCause());
      }
      throw new OutcomeUnknownException(what + " was proposed but failed without an answer (" + e.getCause()
          + "): it may or may not be committed; read before retrying", e.getCause());
    }
  }

  private void awaitLocalApply(long index, String what) {
    try {
      if (!sm.awaitApplied(index, config.writeTimeout().toMillis())) {
        // Committed (a majority has it), so it is not lost; this node only lags behind.
        LOG.log(System.Logger.Level.WARNING, "node " + id() + ": " + what + " is committed at log index " + index
            + " but not applied here after " + config.writeTimeout().toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlockDbException(ErrorCode.IO_ERROR, "interrupted while waiting for " + what + " to apply");
    }
  }

  /** Waits up to the write timeout for a visible quorum; throws {@link NoQuorumException} if none. */
  private void awaitQuorum(String what) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.writeTimeout().toMillis());
    String why;
    while ((why = noQuorumReason()) != null) {
      checkOpen();
      if (System.nanoTime() > deadline) {
        throw new NoQuorumException("node " + id() + " refused " + what + ": no quorum (" + why + ") for "
            + config.writeTimeout().toMillis() + " ms (the write timeout); nothing was written");
      }
      sleep(20);
    }
  }

  /**
   * Null if this node sees a quorum: it leads and a majority answered within the maximum election
   * timeout (as Ratis itself requires to stay leader), or it follows a leader it heard from within
   * that time. Otherwise why not.
   */
  private String noQuorumReason() {
    RaftServer.Division d = division();
    if (d == null) {
      return "its Raft group is not running";
    }
    DivisionInfo info = d.getInfo();
    long maxTimeout = 2 * config.electionTimeout().toMillis();
    RoleInfoProto role = info.getRoleInfoProto();
    if (info.isLeader()) {
      if (!info.isLeaderReady()) {
        return "it was just elected leader and has not committed its first entry";
      }
      Collection<RaftPeer> conf = d.getRaftConf().getCurrentPeers();
      int live = conf.stream().anyMatch(p -> p.getId().equals(selfId)) ? 1 : 0;
      for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
        RaftPeerId fid = RaftPeerId.valueOf(f.getId().getId());
        if (f.getLastRpcElapsedTimeMs() <= maxTimeout && conf.stream().anyMatch(p -> p.getId().equals(fid))) {
          live++;
        }
      }
      return 2 * live > conf.size() ? null
          : "it leads but only " + live + " of " + conf.size() + " members answered recently (no majority)";
    }
    // A leader that lost its majority steps down to follower still naming itself as the leader it
    // last heard from (itself, just now): that is no quorum.
    if (info.isFollower() && info.getLeaderId() != null && !info.getLeaderId().equals(selfId)
        && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() <= maxTimeout) {
      return null;
    }
    return "it knows no leader that a majority follows (role " + info.getCurrentRole() + ")";
  }

  /** Whether this node sees a quorum now (see {@link #awaitQuorum}). */
  public boolean hasQuorum() {
    return !closed.get() && noQuorumReason() == null;
  }

  /** The leader as this node knows it. */
  public Optional<String> leaderId() {
    RaftServer.Division d = division();
    RaftPeerId l = d == null ? null : d.getInfo().getLeaderId();
    return Optional.ofNullable(l).map(RaftPeerId::toString);
  }

  private boolean isLeaderReady() {
    RaftServer.Division d = division();
    return d != null && d.getInfo().isLeader() && d.getInfo().isLeaderReady();
  }

  public boolean isLeader() {
    RaftServer.Division d = division();
    return d != null && d.getInfo().isLeader();
  }

  // ---- reads ----

  /**
   * The sequence a read may start at: with {@link ReadConsistency#LINEARIZABLE}, after confirming
   * through the leader (Raft read index) that this node has applied everything committed before
   * this call, so the read sees every write acknowledged before it; with
   * {@link ReadConsistency#LOCAL}, what this node has applied now.
   *
   * @throws NoQuorumException if a linearizable read cannot be confirmed within the write timeout
   */
  public long readBarrier(ReadConsistency consistency) {
    checkOpen();
    if (consistency == ReadConsistency.LOCAL) {
      return engine().lastSequence();
    }
    awaitQuorum("a linearizable read");
    if (currentPeers().stream().noneMatch(p -> p.getId().equals(selfId))) {
      // A node started to join and not added yet (or removed): no read index to ask for.
      throw new NoQuorumException("node " + id() + " is not a member of the cluster's current configuration"
          + " (a joining node is until POST /cluster/add adds it); nothing was read or written");
    }
    calls.readIndexLocal(server, selfId);
    return engine().lastSequence(); // the engine only moves forward: at least what the barrier saw
  }

  // ---- membership and status ----

  /** The members in this node's current configuration. */
  public List<PeerAddress> members() {
    List<PeerAddress> out = new ArrayList<>();
    for (RaftPeer p : currentPeers()) {
      out.add(address(p));
    }
    return out;
  }

  private PeerAddress address(RaftPeer p) {
    PeerAddress k = known.get(p.getId().toString());
    if (k != null) {
      return k;
    }
    String a = p.getAddress();
    int colon = a.lastIndexOf(':');
    return new PeerAddress(p.getId().toString(), a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)), -1);
  }

  /**
   * Adds a member through a Raft membership change. Start the new node first with
   * {@link ClusterConfig#withJoin(boolean)}; it catches up from a snapshot and the log before the
   * change commits.
   */
  public void addPeer(PeerAddress peer) {
    checkOpen();
    List<RaftPeer> next = new ArrayList<>(currentPeers());
    if (next.stream().anyMatch(p -> p.getId().toString().equals(peer.id()))) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "node " + peer.id() + " is already a member");
    }
    next.add(raftPeer(peer));
    known.put(peer.id(), peer);
    awaitQuorum("adding node " + peer.id());
    calls.setConfiguration(next, "adding node " + peer.id());
  }

  /** Removes a member through a Raft membership change; the removed node stops serving. */
  public void removePeer(String nodeId) {
    checkOpen();
    List<RaftPeer> next = new ArrayList<>(currentPeers());
    if (!next.removeIf(p -> p.getId().toString().equals(nodeId))) {
      throw new BlockDbException(ErrorCode.NOT_FOUND, "node " + nodeId + " is not a member");
    }
    if (next.isEmpty()) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "cannot remove the last member " + nodeId);
    }
    awaitQuorum("removing node " + nodeId);
    calls.setConfiguration(next, "removing node " + nodeId);
  }

  /** This node as it sees itself. */
  public NodeStatus localStatus() {
    checkOpen();
    return sm.localStatus();
  }

  /**
   * Every member as it reports itself (asked directly, without the leader; a node that does not
   * answer within 2 s is listed as unreachable).
   */
  public List<NodeStatus> status() {
    checkOpen();
    Map<String, NodeStatus> out = new LinkedHashMap<>();
    for (RaftPeer p : currentPeers()) {
      if (p.getId().equals(selfId)) {
        out.put(p.getId().toString(), sm.localStatus());
      } else {
        PeerAddress a = address(p);
        try {
          out.put(a.id(), calls.status(p.getId(), PROBE_TIMEOUT_MILLIS));
        } catch (RuntimeException e) {
          out.put(a.id(), NodeStatus.unreachable(a, e.getMessage()));
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  // ---- listeners ----

  /**
   * Adds a listener of what this node applies and of leader changes. Add it right after
   * {@link #start}: entries applied before it was added are not reported.
   */
  public void addListener(ClusterListener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  /** Hands the state machine's events to the listeners: applies at once, leader changes in order on the event thread. */
  private final class Dispatcher implements ClusterListener {
    @Override
    public void applied(long index, byte[] record, com.blockdb.engine.Replica.ApplyResult result) {
      for (ClusterListener l : listeners) {
        try {
          l.applied(index, record, result);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "node " + id() + ": a listener failed on log index " + index, e);
        }
      }
    }

    @Override
    public void leaderChanged(String ignored, String newLeaderId) {
      String previous = knownLeader.getAndSet(newLeaderId);
      if (newLeaderId.equals(previous) || closed.get()) {
        return; // re-elected: nothing changed for the transactions it holds
      }
      try {
        events.execute(() -> {
          for (ClusterListener l : listeners) {
            try {
              l.leaderChanged(previous, newLeaderId);
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "node " + id() + ": a listener failed on the leader change to "
                  + newLeaderId, e);
            }
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
    }
  }

  // ---- internals ----

  /** The Raft group's division on this server, or null if it is not running (tests inspect its log). */
  RaftServer.Division division() {
    try {
      return server.getDivision(groupId);
    } catch (IOException e) {
      return null;
    }
  }

  private Collection<RaftPeer> currentPeers() {
    RaftServer.Division d = division();
    Collection<RaftPeer> peers = d == null ? List.of() : d.getRaftConf().getCurrentPeers();
    if (peers.isEmpty()) {
      List<RaftPeer> fromConfig = new ArrayList<>();
      fromConfig.add(raftPeer(config.self()));
      for (PeerAddress p : config.peers()) {
        fromConfig.add(raftPeer(p));
      }
      return fromConfig;
    }
    return peers;
  }

  private RaftPeerId leaderHint() {
    RaftServer.Division d = division();
    return d == null ? null : d.getInfo().getLeaderId();
  }

  /** On the leader: propose a SEAL once entries have been pending for block_interval_ms. */
  private void sealIfDue() {
    try {
      RaftServer.Division d = division();
      if (closed.get() || d == null || !d.getInfo().isLeader() || !d.getInfo().isLeaderReady()
          || !engine().replica().sealDue() || !sealInFlight.compareAndSet(false, true)) {
        return;
      }
      calls.background(() -> {
        try {
          propose(engine().replica().sealRecord(), "a timed seal");
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.DEBUG, "node " + id() + ": timed seal failed: " + e.getMessage());
        } finally {
          sealInFlight.set(false);
        }
      });
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "node " + id() + ": seal check failed: " + e.getMessage());
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new BlockDbException(ErrorCode.CLOSED, "cluster node " + id() + " is closed");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlockDbException(ErrorCode.IO_ERROR, "interrupted");
    }
  }

  /** Stops the Raft server (which closes the database) and the clients. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sealer.shutdownNow();
    events.shutdownNow();
    proposer.shutdownNow();
    calls.close();
    try {
      server.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "node " + id() + ": error stopping the Raft server: " + e.getMessage());
    }
  }
}

package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Settings of one cluster node. Immutable; start from {@link #of} and change with the {@code with*}
 * methods. Names follow {@code blockdb.toml}'s {@code [cluster]} keys.
 *
 * @param self this node ({@code node_id}, and the host and Raft port it listens on)
 * @param peers the other members at first start ({@code peers}); after that the membership stored
 *     in the Raft log wins (changed through {@link ClusterNode#addPeer}/{@link ClusterNode#removePeer})
 * @param clusterName names the cluster ({@code cluster_name}); the Raft group id is derived from it,
 *     so nodes of differently named clusters never talk
 * @param dataDir the node's directory: {@code engine/} holds the database, {@code raft/} the Raft
 *     log and snapshots
 * @param electionTimeout Raft's minimum election timeout ({@code election_timeout}); the maximum is
 *     twice it, and leaders send heartbeats well within it
 * @param writeTimeout how long a write waits for a quorum before it is refused
 *     ({@link NoQuorumException}) and, once proposed, for its answer before its outcome is reported
 *     unknown ({@link OutcomeUnknownException})
 * @param readConsistency what {@link ClusterDb#lastSequence()} (the snapshot reads start at) waits for
 * @param snapshotThreshold log entries applied since the last snapshot that trigger a new one
 * @param logPurgeGap the Raft log is purged below a snapshot only in steps of this many entries
 * @param logSegmentSize bytes per Raft log segment file; only whole closed segments are purged
 * @param join true for a new member started to be added to a running cluster (it starts with no
 *     peers and waits for the leader's configuration)
 * @param engineOptions settings of the node's database (replicated mode is forced on)
 */
public record ClusterConfig(PeerAddress self, List<PeerAddress> peers, String clusterName, Path dataDir,
    Duration electionTimeout, Duration writeTimeout, ReadConsistency readConsistency, long snapshotThreshold,
    int logPurgeGap, long logSegmentSize, boolean join, Options engineOptions) {

  public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 100_000;
  public static final int DEFAULT_LOG_PURGE_GAP = 1024;
  public static final long DEFAULT_LOG_SEGMENT_SIZE = 32L * 1024 * 1024;

  public ClusterConfig {
    if (clusterName == null || clusterName.isBlank()) {
      throw invalid("cluster_name must not be empty");
    }
    if (self == null || dataDir == null || readConsistency == null || engineOptions == null) {
      throw new NullPointerException("self, dataDir, readConsistency and engineOptions are required");
    }
    peers = List.copyOf(peers);
    Set<String> ids = new HashSet<>();
    ids.add(self.id());
    for (PeerAddress p : peers) {
      if (!ids.add(p.id())) {
        throw invalid("node id '" + p.id() + "' appears twice among this node and its peers");
      }
    }
    if (electionTimeout.toMillis() < 50) {
      throw invalid("election_timeout = " + electionTimeout.toMillis() + " ms: expected at least 50 ms");
    }
    if (writeTimeout.compareTo(electionTimeout.multipliedBy(2)) < 0) {
      throw invalid("write timeout " + writeTimeout.toMillis() + " ms is shorter than a leader election (up to "
          + electionTimeout.multipliedBy(2).toMillis() + " ms)");
    }
    if (snapshotThreshold < 1 || logPurgeGap < 1) {
      throw invalid("snapshot threshold and log purge gap must be at least 1");
    }
    if (logSegmentSize < 4096) {
      throw invalid("Raft log segment size " + logSegmentSize + ": expected at least 4096 bytes");
    }
    engineOptions = engineOptions.withReplicatedLog(true);
  }

  private static BlockDbException invalid(String message) {
    return new BlockDbException(ErrorCode.INVALID_ARGUMENT, "invalid cluster setting: " + message);
  }

  /** A node with the documented defaults. */
  public static ClusterConfig of(PeerAddress self, List<PeerAddress> peers, String clusterName, Path dataDir) {
    return new ClusterConfig(self, peers, clusterName, dataDir, DEFAULT_ELECTION_TIMEOUT, DEFAULT_WRITE_TIMEOUT,
        ReadConsistency.LINEARIZABLE, DEFAULT_SNAPSHOT_THRESHOLD, DEFAULT_LOG_PURGE_GAP, DEFAULT_LOG_SEGMENT_SIZE, false,
        Options.defaults());
  }

  /**
   * The heartbeat interval a leader keeps: Ratis derives it from the election timeout (half the
   * minimum), so a configured {@code heartbeat_interval} is consistent only if it is at most this.
   */
  public Duration heartbeatInterval() {
    return electionTimeout.dividedBy(2);
  }

  /** The Raft group id: a name-based UUID of the cluster name. */
  public UUID groupUuid() {
    return UUID.nameUUIDFromBytes(("blockdb-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8));
  }

  public ClusterConfig withElectionTimeout(Duration v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, v, writeTimeout, readConsistency, snapshotThreshold,
        logPurgeGap, logSegmentSize, join, engineOptions);
  }

  public ClusterConfig withWriteTimeout(Duration v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, v, readConsistency,
        snapshotThreshold, logPurgeGap, logSegmentSize, join, engineOptions);
  }

  public ClusterConfig withReadConsistency(ReadConsistency v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, writeTimeout, v, snapshotThreshold,
        logPurgeGap, logSegmentSize, join, engineOptions);
  }

  public ClusterConfig withSnapshotThreshold(long v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, writeTimeout, readConsistency, v,
        logPurgeGap, logSegmentSize, join, engineOptions);
  }

  public ClusterConfig withLogPurgeGap(int v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, writeTimeout, readConsistency,
        snapshotThreshold, v, logSegmentSize, join, engineOptions);
  }

  public ClusterConfig withLogSegmentSize(long v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, writeTimeout, readConsistency,
        snapshotThreshold, logPurgeGap, v, join, engineOptions);
  }

  public ClusterConfig withJoin(boolean v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, writeTimeout, readConsistency,
        snapshotThreshold, logPurgeGap, logSegmentSize, v, engineOptions);
  }

  public ClusterConfig withEngineOptions(Options v) {
    return new ClusterConfig(self, peers, clusterName, dataDir, electionTimeout, writeTimeout, readConsistency,
        snapshotThreshold, logPurgeGap, logSegmentSize, join, v);
  }
}

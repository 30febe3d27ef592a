package com.blockdb.server.cluster;

import com.blockdb.cluster.ClusterConfig;
import com.blockdb.cluster.PeerAddress;
import com.blockdb.cluster.RaftTls;
import com.blockdb.cluster.ReadConsistency;
import com.blockdb.engine.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a server runs as a cluster node, after flags, environment, config file and defaults were
 * weighed ({@link ClusterSettingsResolver}; docs/CLUSTER.md lists every key).
 *
 * @param self this node: {@code node_id}, the server's host, its Raft port and HTTP port
 * @param peers the other members at first start ({@code peers})
 * @param clusterName names the cluster; the Raft group id is derived from it
 * @param electionTimeout Raft's minimum election timeout (the maximum is twice it; heartbeats every half)
 * @param writeTimeout how long a write waits for a quorum, and then for its answer
 * @param readConsistency linearizable (default) or local (follower) reads
 * @param join whether this node starts empty, to be added to a running cluster with {@code POST /cluster/add}
 * @param raftKeystore this node's key store for mutual TLS on the Raft port (null: plaintext)
 * @param raftKeystorePassword its password
 * @param raftTruststore the trust store of the cluster's certificates
 * @param raftTruststorePassword its password
 */
public record ClusterSettings(PeerAddress self, List<PeerAddress> peers, String clusterName, Duration electionTimeout,
    Duration writeTimeout, ReadConsistency readConsistency, boolean join, Path raftKeystore,
    String raftKeystorePassword, Path raftTruststore, String raftTruststorePassword) {

  public ClusterSettings {
    peers = List.copyOf(peers);
  }

  /** Whether the Raft port uses mutual TLS. */
  public boolean tls() {
    return raftKeystore != null;
  }

  /** The mutual TLS of the Raft port, or null. */
  public RaftTls raftTls() {
    if (!tls()) {
      return null;
    }
    return RaftTls.fromKeyStores(raftKeystore, raftKeystorePassword.toCharArray(), raftTruststore,
        raftTruststorePassword.toCharArray());
  }

  /** The node's configuration over {@code nodeDir}, with the server's engine settings. */
  public ClusterConfig config(Path nodeDir, Options engine) {
    return ClusterConfig.of(self, peers, clusterName, nodeDir).withElectionTimeout(electionTimeout)
        .withWriteTimeout(writeTimeout).withReadConsistency(readConsistency).withJoin(join).withEngineOptions(engine);
  }

  /** The settings without their passwords, for logs. */
  @Override
  public String toString() {
    return "ClusterSettings[node=" + self.id() + ", raft=" + self.raftAddress() + ", peers=" + peers.stream()
        .map(p -> p.id() + "@" + p.raftAddress()).toList() + ", cluster=" + clusterName + ", electionTimeout="
        + electionTimeout.toMillis() + "ms, writeTimeout=" + writeTimeout.toMillis() + "ms, reads=" + readConsistency
        + ", join=" + join + ", raftTls=" + tls() + "]";
  }
}

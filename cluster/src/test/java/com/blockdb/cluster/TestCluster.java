package com.blockdb.cluster;

import com.blockdb.engine.Digest;
import com.blockdb.engine.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Real Ratis servers on loopback ports in a temporary directory, for tests: start, stop (close the
 * server abruptly), restart, and wait for a leader or for every running node to hold the same state.
 * Waits are bounded conditions, never timing assertions.
 */
final class TestCluster implements AutoCloseable {

  static final Duration ELECTION = Duration.ofMillis(1000);
  static final long WAIT_MILLIS = 60_000;

  final Path root;
  final Map<String, PeerAddress> addresses = new LinkedHashMap<>();
  /** Sorted by id, and safe for writer threads that pick nodes while the test stops and starts them. */
  final Map<String, ClusterNode> nodes = new java.util.concurrent.ConcurrentSkipListMap<>();
  Options engineOptions = Options.defaults().withBlockIntervalMs(200);
  long snapshotThreshold = ClusterConfig.DEFAULT_SNAPSHOT_THRESHOLD;
  int logPurgeGap = ClusterConfig.DEFAULT_LOG_PURGE_GAP;
  long logSegmentSize = ClusterConfig.DEFAULT_LOG_SEGMENT_SIZE;
  RaftTls tls;

  TestCluster(Path root, int n) throws IOException {
    this.root = root;
    for (int i = 1; i <= n; i++) {
      address("node" + i);
    }
  }

  PeerAddress address(String id) throws IOException {
    PeerAddress a = addresses.get(id);
    if (a == null) {
      try (ServerSocket s = new ServerSocket(0)) {
        a = new PeerAddress(id, "127.0.0.1", s.getLocalPort(), -1);
      }
      addresses.put(id, a);
    }
    return a;
  }

  ClusterConfig config(String id, boolean join) {
    PeerAddress self = addresses.get(id);
    List<PeerAddress> peers = new ArrayList<>();
    if (!join) {
      for (PeerAddress p : addresses.values()) {
        if (!p.id().equals(id) && !p.id().startsWith("joiner")) {
          peers.add(p);
        }
      }
    }
    return ClusterConfig.of(self, peers, "test-cluster", root.resolve(id)).withElectionTimeout(ELECTION)
        .withWriteTimeout(Duration.ofSeconds(8)).withEngineOptions(engineOptions)
        .withSnapshotThreshold(snapshotThreshold).withLogPurgeGap(logPurgeGap).withLogSegmentSize(logSegmentSize)
        .withJoin(join);
  }

  TestCluster startAll() {
    for (String id : new ArrayList<>(addresses.keySet())) {
      start(id);
    }
    return this;
  }

  ClusterNode start(String id) {
    ClusterNode n = ClusterNode.start(config(id, id.startsWith("joiner")), tls);
    nodes.put(id, n);
    return n;
  }

  /** Closes a node's Raft server at once (no snapshot, no hand-over): the nearest to a crash in one JVM. */
  void stop(String id) {
    ClusterNode n = nodes.remove(id);
    if (n != null) {
      n.close();
    }
  }

  List<ClusterNode> running() {
    return new ArrayList<>(nodes.values());
  }

  /** The node that leads with a quorum, once there is one. */
  ClusterNode awaitLeader() {
    ClusterNode[] found = new ClusterNode[1];
    await("a leader with a quorum", () -> {
      for (ClusterNode n : nodes.values()) {
        if (n.isLeader() && n.hasQuorum()) {
          found[0] = n;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  ClusterNode follower() {
    ClusterNode leader = awaitLeader();
    for (Map.Entry<String, ClusterNode> e : nodes.entrySet()) {
      ClusterNode n = e.getValue();
      // A joining node is not a member yet: it cannot stand for "a follower" of the group.
      if (n != leader && !e.getKey().startsWith("joiner")) {
        return n;
      }
    }
    throw new AssertionError("no follower running");
  }

  /**
   * Seals through the leader, then waits until every running node has applied the same log index
   * and holds the same digest. A node restarted a moment ago may not have applied anything yet (its
   * applied index is -1 without a snapshot) while its ledger file already holds the blocks it sealed
   * before: it is compared like any other, never taken for the start of the comparison.
   */
  void awaitConverged() {
    awaitLeader().seal();
    await("all nodes at the same applied index and digest", () -> {
      NodeStatus first = null;
      Digest digest = null;
      for (ClusterNode n : nodes.values()) {
        NodeStatus s = n.localStatus();
        Digest d = n.engine().digest();
        if (first == null) {
          first = s;
          digest = d;
        } else if (s.appliedIndex() != first.appliedIndex() || s.lastSequence() != first.lastSequence()
            || !d.equals(digest)) {
          return false;
        }
      }
      return true;
    });
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + " after " + WAIT_MILLIS + " ms");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  @Override
  public void close() {
    for (String id : new ArrayList<>(nodes.keySet())) {
      stop(id);
    }
  }
}

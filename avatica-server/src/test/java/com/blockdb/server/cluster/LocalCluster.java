package com.blockdb.server.cluster;

import com.blockdb.cluster.PeerAddress;
import com.blockdb.cluster.ReadConsistency;
import com.blockdb.engine.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Cluster nodes as servers run them ({@link ClusterRuntime}: the node and its database registered
 * for {@code jdbc:blockdb:<name>}), in this JVM on loopback ports, without HTTP: for tests of the
 * SQL layer on a cluster. Waits are bounded conditions, never timing assertions.
 */
final class LocalCluster implements AutoCloseable {
  static final Duration ELECTION = Duration.ofSeconds(1);
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);
  static final long WAIT_SECONDS = 60;

  private final Path root;
  private final Map<String, PeerAddress> addresses = new LinkedHashMap<>();
  final Map<String, ClusterRuntime> nodes = new ConcurrentSkipListMap<>();
  /** Mutual TLS on the Raft port from this key store (also the trust store), or none. */
  Path tlsStore;
  String tlsPassword;

  LocalCluster(Path root, int n) throws IOException {
    this.root = root;
    for (int i = 1; i <= n; i++) {
      try (ServerSocket s = new ServerSocket(0)) {
        addresses.put("node" + i, new PeerAddress("node" + i, "127.0.0.1", s.getLocalPort(), -1));
      }
    }
  }

  /** The name connections use: {@code jdbc:blockdb:<name>}. */
  String name(String id) {
    return root.resolve(id).toAbsolutePath().normalize().toString();
  }

  String url(String id) {
    return "jdbc:blockdb:" + name(id);
  }

  LocalCluster startAll() {
    for (String id : addresses.keySet()) {
      start(id);
    }
    for (String id : addresses.keySet()) {
      nodes.get(id).awaitReady(() -> false);
    }
    return this;
  }

  ClusterRuntime start(String id) {
    return start(id, false);
  }

  /**
   * Starts a new node {@code id} empty, adds it through a member and waits until it is ready
   * (caught up with a quorum).
   */
  ClusterRuntime join(String id) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      addresses.put(id, new PeerAddress(id, "127.0.0.1", s.getLocalPort(), -1));
    }
    ClusterRuntime r = start(id, true);
    awaitLeader().node().addPeer(addresses.get(id));
    r.awaitReady(() -> false);
    return r;
  }

  private ClusterRuntime start(String id, boolean join) {
    PeerAddress self = addresses.get(id);
    List<PeerAddress> peers = join ? List.of() : addresses.values().stream().filter(p -> !p.id().equals(id)).toList();
    ClusterSettings s = new ClusterSettings(self, peers, "local-test", ELECTION, WRITE_TIMEOUT,
        ReadConsistency.LINEARIZABLE, join, tlsStore, tlsPassword, tlsStore, tlsPassword);
    ClusterRuntime r = ClusterRuntime.start(s, root.resolve(id), name(id), Options.defaults().withBlockIntervalMs(200),
        TimeUnit.SECONDS.toNanos(30));
    nodes.put(id, r);
    return r;
  }

  void stop(String id) {
    ClusterRuntime r = nodes.remove(id);
    if (r != null) {
      r.close();
    }
  }

  ClusterRuntime awaitLeader() {
    ClusterRuntime[] found = new ClusterRuntime[1];
    await("a leader with a quorum", () -> {
      for (ClusterRuntime r : nodes.values()) {
        if (r.node().isLeader() && r.node().hasQuorum()) {
          found[0] = r;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  ClusterRuntime follower() {
    ClusterRuntime leader = awaitLeader();
    return nodes.values().stream().filter(r -> r != leader).findFirst().orElseThrow();
  }

  static void await(String what, BooleanSupplier condition) {
    Waits.until(what, WAIT_SECONDS, 20, condition);
  }

  @Override
  public void close() {
    for (String id : new ArrayList<>(nodes.keySet())) {
      stop(id);
    }
  }
}

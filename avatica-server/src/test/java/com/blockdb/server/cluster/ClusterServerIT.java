package com.blockdb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code blockdb-server} processes on loopback (election timeout 1 s), under JDBC
 * (remote driver) and REST write load with a reader checking every answer ({@link History}):
 *
 * <ul>
 *   <li>the leader is killed with SIGKILL and restarted, round after round
 *       ({@code blockdb.cluster.rounds}: 3 by default, 12 with -Plong): a new leader serves writes
 *       each time; afterwards no acknowledged write is missing on any node, no read saw a value
 *       never written or missed an acknowledged write, every node holds the same keys and digest
 *       ({@code GET /api/v1/digest}) and {@code VERIFY_CHAIN()} is true on each;
 *   <li>with two of three nodes down, writes are refused with SQLState 58Q01 (JDBC) and 503
 *       {@code no_quorum} (REST); restarted, the cluster recovers and nothing diverged; a fourth
 *       node added under load catches up and serves reads; a removed node leaves the cluster
 *       working.
 * </ul>
 */
class ClusterServerIT {

  /** Kept when a test fails: the node logs (node*-N.out/.err) say what happened. */
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path tmp;

  private ClusterProcesses cluster;
  private ClusterLoad load;

  @AfterEach
  void tearDown() throws Exception {
    if (load != null) {
      load.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killingTheLeaderUnderLoadLosesNoAcknowledgedWriteAndEveryNodeEndsIdentical() throws Exception {
    int rounds = Integer.getInteger("blockdb.cluster.rounds", 3);
    cluster = new ClusterProcesses(tmp, 3, "").startAll();
    load = new ClusterLoad(cluster).start(cluster.awaitLeader(), 2, 2, 2);
    History h = load.history;
    for (int round = 0; round < rounds; round++) {
      int before = h.ackedCount();
      ClusterProcesses.await("writes acknowledged before round " + round, () -> h.ackedCount() >= before + 20);
      String leader = cluster.awaitLeader();
      long killed = System.nanoTime();
      cluster.kill(leader);
      // A new leader serves writes: acknowledgements resume after the kill.
      ClusterProcesses.await("writes acknowledged after killing leader " + leader,
          () -> h.ackedSince(killed) >= 10);
      String next = cluster.awaitLeader();
      assertThat(next).isNotEqualTo(leader);
      cluster.start(leader, false);
      cluster.awaitListening(leader);
    }
    int end = h.ackedCount();
    ClusterProcesses.await("writes with every node back", () -> h.ackedCount() >= end + 10);
    load.close();

    assertConverged(cluster.live(), h);
    assertThat(h.readCount()).isPositive();
    System.out.println("cluster server IT: " + rounds + " leader kills, " + h.ackedCount() + " writes acknowledged, "
        + h.unknownCount() + " failed or unknown, " + h.readCount() + " reads checked; failures " + load.failures());
  }

  @Test
  void withoutAQuorumWritesAreRefusedThenItRecoversAndNodesJoinAndLeaveUnderLoad() throws Exception {
    cluster = new ClusterProcesses(tmp, 3, "").startAll();
    String leader = cluster.awaitLeader();
    List<String> others = new ArrayList<>(cluster.live());
    others.remove(leader);

    // ---- two of three down: refused, nothing written ----
    try (Connection c = cluster.jdbc(leader); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE Q (ID INTEGER PRIMARY KEY)");
      st.executeUpdate("INSERT INTO Q VALUES (1)");
    }
    cluster.kill(others.get(0));
    assertThat(cluster.stop(others.get(1))).as("a graceful stop").isZero();
    // A leader counts followers live for up to twice the election timeout after their last answer
    // (as Ratis does): a write proposed before it sees the quorum gone is in its log and reported
    // as outcome unknown (08007). The refusal is asserted once the leader itself reports no quorum.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (cluster.json(cluster.http(leader, "GET", "/cluster/health", null)).path("has_quorum").asBoolean(true)) {
      assertThat(System.nanoTime() - deadline).as("the leader still reports a quorum after 60 s").isNegative();
      Thread.sleep(100);
    }
    try (Connection c = cluster.jdbc(leader); Statement st = c.createStatement()) {
      SQLException refused = null;
      try {
        st.executeUpdate("INSERT INTO Q VALUES (2)");
      } catch (SQLException e) {
        refused = e;
      }
      assertThat((Object) refused).as("an INSERT without a quorum").isNotNull();
      assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("58Q01");
      assertThat((Object) refused).isInstanceOf(java.sql.SQLTransientException.class);
    }
    HttpResponse<String> put = cluster.http(leader, "POST", "/api/v1/put", "{\"key\":\"nq\",\"value\":\"x\"}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
    assertThat(cluster.json(put).path("code").asText()).isEqualTo("no_quorum");
    assertThat(put.headers().firstValue("Retry-After")).isPresent();
    HttpResponse<String> health = cluster.http(leader, "GET", "/cluster/health", null);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(cluster.json(health).path("has_quorum").asBoolean()).isFalse();

    // ---- both back: the cluster recovers, nothing diverged ----
    for (String id : others) {
      cluster.start(id, false);
    }
    for (String id : others) {
      cluster.awaitListening(id);
    }
    String now = cluster.awaitLeader();
    try (Connection c = cluster.jdbc(others.get(0)); Statement st = c.createStatement()) {
      // Right after the election a write may still be refused (58Q01, nothing written): retry.
      ClusterProcesses.await("the INSERT refused before accepted now", () -> {
        try {
          st.executeUpdate("INSERT INTO Q VALUES (2)");
          return true;
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("58Q01");
          return false;
        }
      });
      assertThat(ids(c, "SELECT ID FROM Q")).containsExactlyInAnyOrder("1", "2");
    }
    assertThat(cluster.http(now, "GET", "/api/v1/get/nq", null).statusCode()).as("the refused put").isEqualTo(404);

    // ---- a fourth node joins under load, catches up and serves reads ----
    load = new ClusterLoad(cluster).start(now, 1, 1, 1);
    History h = load.history;
    ClusterProcesses.await("writes before the fourth node", () -> h.ackedCount() >= 30);
    ClusterProcesses.Node four = cluster.define("node4");
    cluster.start("node4", true);
    String via = others.get(1);
    HttpResponse<String> add = cluster.http(via, "POST", "/cluster/add", "{\"node_id\":\"node4\",\"address\":\"127.0.0.1:"
        + four.httpPort() + "\",\"raft_address\":\"127.0.0.1:" + four.raftPort() + "\"}");
    assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
    assertThat(cluster.json(add).path("members").toString()).contains("node4");
    cluster.awaitListening("node4");
    Set<String> ackedBefore = h.ackedKeys();
    int more = h.ackedCount();
    ClusterProcesses.await("writes after the fourth node joined", () -> h.ackedCount() >= more + 20);
    Set<String> onFour = keysOn("node4");
    for (String k : ackedBefore) {
      assertThat(onFour).as("acknowledged before node4 joined, read on node4").contains(k);
    }
    HttpResponse<String> status = cluster.http("node4", "GET", "/cluster/status", null);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(cluster.json(status).path("members")).hasSize(4);

    // ---- a node leaves: the cluster goes on ----
    String current = cluster.awaitLeader();
    String leaving = cluster.live().stream().filter(id -> !id.equals(current) && !id.equals("node4")).findFirst()
        .orElseThrow();
    HttpResponse<String> remove = cluster.http(current, "DELETE", "/cluster/remove/" + leaving, null);
    assertThat(remove.statusCode()).as(remove.body()).isEqualTo(200);
    assertThat(cluster.json(remove).path("members").toString()).doesNotContain(leaving);
    cluster.kill(leaving);
    int afterRemove = h.ackedCount();
    ClusterProcesses.await("writes after " + leaving + " left", () -> h.ackedCount() >= afterRemove + 20);
    JsonNode members = cluster.json(cluster.http("node4", "GET", "/cluster/status", null)).path("members");
    assertThat(members).hasSize(3);
    members.forEach(m -> assertThat(m.path("reachable").asBoolean()).as(m.toString()).isTrue());
    load.close();

    assertConverged(cluster.live(), h);
    HttpResponse<String> missing = cluster.http("node4", "DELETE", "/cluster/remove/" + leaving, null);
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
    System.out.println("cluster membership IT: " + h.ackedCount() + " writes acknowledged, failures " + load.failures());
  }

  /**
   * Every live node holds the same keys and digest, verifies its chain, and holds every
   * acknowledged write; the reader saw no violation.
   */
  private void assertConverged(List<String> nodes, History h) throws Exception {
    Map<String, String> digests = new TreeMap<>();
    ClusterProcesses.await("equal digests on " + nodes, () -> {
      digests.clear();
      for (String id : nodes) {
        try {
          digests.put(id, cluster.digest(id));
        } catch (Exception e) {
          return false;
        }
      }
      return new HashSet<>(digests.values()).size() == 1;
    });
    Set<String> first = null;
    for (String id : nodes) {
      try (Connection c = cluster.jdbc(id); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("VERIFY_CHAIN() on " + id).isTrue();
      }
      Set<String> present = keysOn(id);
      assertThat(h.checkPresent(id, present)).as("keys on " + id).isEmpty();
      if (first == null) {
        first = present;
      } else {
        assertThat(present).as("the same keys on " + id + " as on " + nodes.get(0)).isEqualTo(first);
      }
    }
    assertThat(h.violations()).as("reads that broke linearizability").isEmpty();
    assertThat(load == null ? List.of() : load.serverErrors()).as("internal server errors (node logs in " + tmp + ")")
        .isEmpty();
  }

  /** The client keys node {@code id} holds: T's ids and the KV table's keys. */
  private Set<String> keysOn(String id) throws SQLException {
    try (Connection c = cluster.jdbc(id)) {
      Set<String> keys = new HashSet<>(ids(c, "SELECT ID FROM T"));
      for (String k : ids(c, "SELECT \"KEY\" FROM KV")) {
        if (k.startsWith("k-")) {
          keys.add(k);
        }
      }
      return keys;
    }
  }

  private static List<String> ids(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}

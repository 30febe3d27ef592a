package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real Raft servers on loopback: writes through any node end up, byte-identical, on every node. */
class ClusterReplicationTest {

  @TempDir
  Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void assertSameLedgerEverywhere(TestCluster c, Set<String> keys) {
    c.awaitConverged();
    List<ClusterNode> nodes = c.running();
    BlockDb first = nodes.get(0).engine();
    for (ClusterNode n : nodes) {
      BlockDb db = n.engine();
      assertThat(db.digest()).as("digest of " + n.id()).isEqualTo(first.digest());
      assertThat(db.lastSequence()).as("entries of " + n.id()).isEqualTo(first.lastSequence());
      assertThat(db.verify(null, null).ok()).as("verify on " + n.id()).isTrue();
      for (String k : keys) {
        assertThat(db.get(b(k))).as(k + " on " + n.id()).isNotNull();
      }
    }
  }

  @Test
  void writesThroughAnyNodeAreOnEveryNodeWithIdenticalLedgers() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3).startAll()) {
      c.awaitLeader();
      List<ClusterNode> nodes = c.running();
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        ClusterNode via = nodes.get(i % 3);
        WriteBatch batch = new WriteBatch();
        for (int j = 0; j <= i % 3; j++) {
          String k = "k" + i + "-" + j;
          batch.put(b(k), b("value " + i + " via " + via.id()));
          keys.add(k);
        }
        long seq = via.submit(batch, "user" + (i % 2));
        assertThat(seq).isPositive();
        // Applied on the node that took it when submit returns, and visible to a linearizable read anywhere.
        assertThat(via.engine().get(b("k" + i + "-0"))).isNotNull();
        ClusterNode other = nodes.get((i + 1) % 3);
        long snapshot = other.db().lastSequence();
        assertThat(snapshot).isGreaterThanOrEqualTo(seq);
        assertThat(other.engine().getEntry(0, b("k" + i + "-0"), snapshot)).isNotNull();
      }
      ClusterNode follower = c.follower();
      assertThatThrownBy(() -> follower.submit(new WriteBatch().put(b("k5-0"), b("again")), null))
          .isInstanceOf(DuplicateKeyException.class);
      assertThat(follower.db().write(new WriteBatch().put(b("via-db"), b("x")), "bob")).isPositive();
      keys.add("via-db");
      assertSameLedgerEverywhere(c, keys);
      List<NodeStatus> status = follower.status();
      assertThat(status).hasSize(3).allMatch(NodeStatus::reachable);
      assertThat(status).filteredOn(s -> "LEADER".equals(s.role())).hasSize(1);
      assertThat(status.stream().map(NodeStatus::digestRoot).distinct()).hasSize(1);
    }
  }
}

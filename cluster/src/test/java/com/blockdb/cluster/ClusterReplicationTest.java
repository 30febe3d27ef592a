package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.DuplicateKeyException;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.ratis.server.raftlog.RaftLog;
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

  /**
   * Each write is one Raft log entry, on the leader and on every follower: Ratis's metadata entries
   * (the commit index written after every commit, a second entry and a second fsync per write) are
   * off. No timed seal runs meanwhile (a block interval of an hour), so the log holds the writes only.
   */
  @Test
  void eachWriteIsOneRaftLogEntryOnEveryNode() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3)) {
      c.engineOptions = Options.defaults().withBlockIntervalMs(3_600_000);
      c.startAll();
      int writes = 20;
      long before;
      long after;
      int round = 0;
      while (true) {
        ClusterNode leader = c.awaitLeader();
        long term = leader.division().getInfo().getCurrentTerm();
        // Once a write of its term is committed, the leader appends nothing of its own.
        leader.submit(new WriteBatch().put(b("first-" + round), b("v")), null);
        before = leader.division().getRaftLog().getLastEntryTermIndex().getIndex();
        for (int i = 0; i < writes; i++) {
          c.running().get(i % 3).submit(new WriteBatch().put(b("one-entry-" + round + "-" + i), b("v")), null);
        }
        after = leader.division().getRaftLog().getLastEntryTermIndex().getIndex();
        // An election meanwhile (three nodes sharing a busy host) adds the new leader's own entry: measure again.
        if (leader.isLeader() && leader.division().getInfo().getCurrentTerm() == term) {
          break;
        }
        assertThat(++round).as("attempts without an election").isLessThan(3);
      }
      assertThat(after - before).as("log entries for " + writes + " writes on the leader").isEqualTo(writes);
      long last = after;
      for (ClusterNode n : c.running()) {
        RaftLog log = n.division().getRaftLog();
        TestCluster.await("the log of " + n.id() + " up to index " + last,
            () -> log.getLastEntryTermIndex().getIndex() >= last);
        assertThat(log.getLastEntryTermIndex().getIndex()).as("last log index on " + n.id()).isEqualTo(last);
        for (long i = before + 1; i <= after; i++) {
          assertThat(log.get(i).hasStateMachineLogEntry()).as("log entry " + i + " on " + n.id() + " is a write")
              .isTrue();
        }
      }
    }
  }
}

package com.blockdb.cluster;

import static com.blockdb.cluster.ClusterReplicationTest.assertSameLedgerEverywhere;
import static com.blockdb.cluster.ClusterReplicationTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes through Ratis: a fourth node added under write load catches up from a snapshot
 * (the leader's log is already purged below it) plus the log; a removed node leaves the cluster
 * working.
 */
class ClusterMembershipTest {

  @TempDir
  Path tmp;

  @Test
  void aNewNodeCatchesUpFromASnapshotAndARemovedNodeLeavesTheClusterWorking() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3)) {
      c.engineOptions = Options.defaults().withBlockIntervalMs(100).withMemtableSizeLimit(4096);
      c.snapshotThreshold = 20;
      c.logPurgeGap = 1;
      c.logSegmentSize = 8192; // only whole closed segments are purged
      c.startAll();
      Set<String> keys = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 80; i++) {
        String k = "m" + i;
        c.running().get(i % 3).submit(new WriteBatch().put(b(k), b("y".repeat(400))), null);
        keys.add(k);
      }
      c.awaitConverged();
      ClusterNode leader = c.awaitLeader();
      TestCluster.await("the leader's log purged below a snapshot",
          () -> leader.division().getRaftLog().getStartIndex() > 1);

      c.address("joiner4");
      ClusterNode joiner = c.start("joiner4");
      Thread writer = new Thread(() -> {
        for (int i = 0; i < 30; i++) {
          String k = "during" + i;
          c.awaitLeader().submit(new WriteBatch().put(b(k), b("z")), null);
          keys.add(k);
        }
      });
      writer.start();
      c.follower().addPeer(c.addresses.get("joiner4"));
      writer.join();
      assertThat(leader.members()).extracting(PeerAddress::id).contains("joiner4");
      assertSameLedgerEverywhere(c, keys);
      assertThat(c.running()).hasSize(4);
      Path sm = tmp.resolve("joiner4").resolve("raft");
      try (Stream<Path> s = Files.walk(sm)) {
        assertThat(s.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")))
            .as("the new node holds the snapshot it was sent").isTrue();
      }
      assertThatThrownBy(() -> joiner.addPeer(c.addresses.get("node1"))).isInstanceOf(BlockDbException.class)
          .hasMessageContaining("already a member");

      ClusterNode removed = c.follower();
      c.awaitLeader().removePeer(removed.id());
      c.stop(removed.id());
      c.awaitLeader().submit(new WriteBatch().put(b("after-remove"), b("v")), null);
      keys.add("after-remove");
      assertThat(c.awaitLeader().members()).hasSize(3).extracting(PeerAddress::id).doesNotContain(removed.id());
      assertSameLedgerEverywhere(c, keys);
      assertThat(c.awaitLeader().status()).hasSize(3).allMatch(NodeStatus::reachable);
    }
  }
}

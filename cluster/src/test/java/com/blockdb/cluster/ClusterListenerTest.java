package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.Replica;
import com.blockdb.engine.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners see every entry their node applies, before a write through that node returns, and
 * the leader changes their node learns of (not a re-election of the same leader).
 */
class ClusterListenerTest {

  @TempDir
  Path tmp;

  /** What one node's listener saw. */
  private static final class Seen implements ClusterListener {
    final Map<Long, byte[]> records = new ConcurrentHashMap<>();
    final List<String> leaders = new CopyOnWriteArrayList<>();

    @Override
    public void applied(long index, byte[] record, Replica.ApplyResult result) {
      assertThat(result.index()).isEqualTo(index);
      records.put(index, record);
    }

    @Override
    public void leaderChanged(String previousLeaderId, String newLeaderId) {
      leaders.add(previousLeaderId + "->" + newLeaderId);
    }
  }

  @Test
  void listenersSeeEachAppliedEntryAndEachLeaderChange() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3).startAll()) {
      Map<String, Seen> seen = new ConcurrentHashMap<>();
      for (ClusterNode n : c.running()) {
        Seen s = new Seen();
        n.addListener(s);
        seen.put(n.id(), s);
      }
      ClusterNode leader = c.awaitLeader();
      ClusterNode follower = c.follower();
      byte[] value = "listened".getBytes(StandardCharsets.UTF_8);
      follower.submit(new WriteBatch().put(7, "k".getBytes(StandardCharsets.UTF_8), value), "alice");
      // Applied (and so reported) on the node that took the write when submit returns.
      long index = follower.localStatus().appliedIndex();
      assertThat(seen.get(follower.id()).records.values()).anySatisfy(r -> assertThat(r).isNotNull());
      c.awaitConverged();
      for (Seen s : seen.values()) {
        assertThat(s.records).containsKey(index);
      }

      String old = leader.id();
      c.stop(old);
      ClusterNode next = c.awaitLeader();
      for (ClusterNode n : c.running()) {
        TestCluster.await("the leader change on " + n.id(),
            () -> seen.get(n.id()).leaders.stream().anyMatch(e -> e.endsWith("->" + next.id())));
        assertThat(seen.get(n.id()).leaders).noneMatch(e -> e.equals(next.id() + "->" + next.id()));
      }
    }
  }
}

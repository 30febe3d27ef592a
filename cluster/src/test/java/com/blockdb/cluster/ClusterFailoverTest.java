package com.blockdb.cluster;

import static com.blockdb.cluster.ClusterReplicationTest.assertSameLedgerEverywhere;
import static com.blockdb.cluster.ClusterReplicationTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with real Raft servers: the leader stopped under write load, two of three nodes stopped,
 * a node restarted. What is checked is what a user relies on: no acknowledged write is lost, a write
 * without a quorum is refused with {@link NoQuorumException}, and the nodes never diverge.
 */
class ClusterFailoverTest {

  @TempDir
  Path tmp;

  /** Writers that spread writes over the running nodes and record what was acknowledged. */
  private static final class Writers {
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final Set<String> unknown = ConcurrentHashMap.newKeySet();
    final AtomicInteger refused = new AtomicInteger();
    final List<Thread> threads = new ArrayList<>();
    final List<Throwable> unexpected = new ArrayList<>();

    Writers(TestCluster c, int writers, int writesEach) {
      for (int w = 0; w < writers; w++) {
        int id = w;
        threads.add(new Thread(() -> {
          for (int i = 0; i < writesEach; i++) {
            String key = "w" + id + "-" + i;
            List<ClusterNode> nodes = c.running();
            if (nodes.isEmpty()) {
              return;
            }
            ClusterNode via = nodes.get((id + i) % nodes.size());
            try {
              via.submit(new WriteBatch().put(b(key), b("written by " + id)), "writer" + id);
              acked.add(key);
            } catch (OutcomeUnknownException e) {
              unknown.add(key);
            } catch (NoQuorumException e) {
              refused.incrementAndGet();
            } catch (BlockDbException e) {
              if (e.code() != ErrorCode.CLOSED) { // the node was stopped under the writer
                synchronized (unexpected) {
                  unexpected.add(e);
                }
              }
              unknown.add(key);
            }
          }
        }, "writer-" + w));
      }
    }

    Writers start() {
      threads.forEach(Thread::start);
      return this;
    }

    void join() throws InterruptedException {
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  @Test
  void aStoppedLeaderIsReplacedAndNoAcknowledgedWriteIsLost() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3).startAll()) {
      ClusterNode leader = c.awaitLeader();
      Writers w = new Writers(c, 3, 40).start();
      TestCluster.await("some writes acknowledged", () -> w.acked.size() >= 15);
      String oldLeader = leader.id();
      c.stop(oldLeader);
      ClusterNode newLeader = c.awaitLeader();
      assertThat(newLeader.id()).isNotEqualTo(oldLeader);
      w.join();
      assertThat(w.unexpected).isEmpty();
      newLeader.submit(new WriteBatch().put(b("after-failover"), b("1")), null);
      assertSameLedgerEverywhere(c, w.acked);
      // The old leader comes back as a follower, catches up and holds the same ledger.
      c.start(oldLeader);
      w.acked.add("after-failover");
      assertSameLedgerEverywhere(c, w.acked);
      // A write whose outcome was unknown is now either on every node or on none.
      for (String k : w.unknown) {
        long holders = c.running().stream().filter(n -> n.engine().get(b(k)) != null).count();
        assertThat(holders).as(k).isIn(0L, 3L);
      }
    }
  }

  @Test
  void withoutAQuorumWritesAreRefusedAndTheClusterRecoversWithoutDiverging() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3).startAll()) {
      c.awaitLeader();
      for (int i = 0; i < 5; i++) {
        c.running().get(i % 3).submit(new WriteBatch().put(b("before" + i), b("v")), null);
      }
      c.awaitConverged();
      ClusterNode survivor = c.follower();
      for (ClusterNode n : c.running()) {
        if (n != survivor) {
          c.stop(n.id());
        }
      }
      // Writes proposed while the survivor still believed in its leader may end unknown; once it
      // sees no quorum, every write is refused outright with NoQuorumException.
      List<String> unknown = new ArrayList<>();
      NoQuorumException refused = null;
      for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
        String key = "no-quorum-" + attempt;
        try {
          survivor.submit(new WriteBatch().put(b(key), b("v")), null);
          throw new AssertionError("a write without a quorum was acknowledged");
        } catch (NoQuorumException e) {
          refused = e;
        } catch (OutcomeUnknownException e) {
          unknown.add(key);
        }
      }
      assertThat(refused).as("a write refused for want of a quorum").isNotNull();
      assertThat(refused.code()).isEqualTo(ErrorCode.NO_QUORUM);
      assertThat(refused.getMessage()).contains("nothing was written");
      assertThatThrownBy(() -> survivor.db().lastSequence()).as("a linearizable read")
          .isInstanceOf(NoQuorumException.class);
      assertThat(survivor.readBarrier(ReadConsistency.LOCAL)).as("a local read still works").isPositive();
      assertThat(survivor.engine().get(b("before4"))).isNotNull();

      for (String id : List.of("node1", "node2", "node3")) {
        if (!c.nodes.containsKey(id)) {
          c.start(id);
        }
      }
      c.awaitLeader().submit(new WriteBatch().put(b("after"), b("v")), null);
      assertSameLedgerEverywhere(c, Set.of("before0", "before4", "after"));
      for (String k : unknown) {
        long holders = c.running().stream().filter(n -> n.engine().get(b(k)) != null).count();
        assertThat(holders).as(k).isIn(0L, 3L);
      }
    }
  }

  @Test
  void aRestartedNodeReplaysFromItsAppliedIndexWithoutApplyingTwice() throws Exception {
    try (TestCluster c = new TestCluster(tmp, 3)) {
      c.engineOptions = Options.defaults().withBlockIntervalMs(200).withMemtableSizeLimit(4096);
      c.startAll();
      c.awaitLeader();
      for (int i = 0; i < 40; i++) {
        c.running().get(i % 3).submit(new WriteBatch().put(b("a" + i), b("x".repeat(300))), null);
      }
      c.awaitConverged();
      ClusterNode follower = c.follower();
      String id = follower.id();
      long durable = follower.engine().replica().appliedIndex();
      assertThat(durable).as("the small memtable was flushed").isPositive();
      c.stop(id);
      for (int i = 40; i < 60; i++) {
        c.running().get(i % 2).submit(new WriteBatch().put(b("a" + i), b("x".repeat(300))), null);
      }
      ClusterNode back = c.start(id);
      assertThat(back.engine().replica().appliedIndex()).isGreaterThanOrEqualTo(durable);
      Set<String> keys = new java.util.HashSet<>();
      for (int i = 0; i < 60; i++) {
        keys.add("a" + i);
      }
      assertSameLedgerEverywhere(c, keys);
      long entries = c.awaitLeader().engine().stats().entries();
      assertThat(back.engine().stats().entries()).as("nothing applied twice").isEqualTo(entries);
    }
  }
}

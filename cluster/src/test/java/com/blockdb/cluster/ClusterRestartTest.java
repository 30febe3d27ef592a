package com.blockdb.cluster;

import static com.blockdb.cluster.ClusterReplicationTest.assertSameLedgerEverywhere;
import static com.blockdb.cluster.ClusterReplicationTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower or the leader stopped and restarted, round after round ({@code blockdb.cluster.rounds},
 * default 3), while writers keep writing. The Raft log holds no commit index (Ratis's metadata
 * entries are off), so a restarted node replays only once it hears from a leader: until then its
 * ledger file holds blocks its data does not, and it reports the applied index of its snapshot, or
 * -1 without one. Checked right after every restart, with the writers paused: once the nodes report
 * the same applied index, every node holds every acknowledged write, verifies and has the same
 * digest.
 */
class ClusterRestartTest {

  @TempDir
  Path tmp;

  /** The default memtable is never flushed here: a restarted node replays the whole log. */
  @Test
  void aNodeRestartedWithoutAFlushReplaysTheWholeLog() throws Exception {
    restartRounds(Options.defaults().withBlockIntervalMs(50));
  }

  /**
   * A small memtable is flushed often: a restarted node replays from its flushed index, past blocks
   * it had sealed after that flush (their entries are applied again, the blocks are not sealed again).
   */
  @Test
  void aNodeRestartedAfterFlushesReplaysFromItsFlushedIndex() throws Exception {
    restartRounds(Options.defaults().withBlockIntervalMs(50).withMemtableSizeLimit(8192));
  }

  private void restartRounds(Options engine) throws Exception {
    int rounds = Integer.getInteger("blockdb.cluster.rounds", 3);
    try (TestCluster c = new TestCluster(tmp, 3)) {
      c.engineOptions = engine;
      c.startAll();
      c.awaitLeader();
      Writers w = new Writers(c);
      try {
        for (int round = 0; round < rounds; round++) {
          w.await(40, "before round " + round);
          // The leader, then the first follower by id (so node1 is stopped in one of the first two rounds).
          String id = (round % 2 == 0 ? c.awaitLeader() : c.follower()).id();
          c.stop(id);
          w.await(40, "while " + id + " is down in round " + round);
          w.pause(); // a write through the restarted node would wait for it to catch up first
          c.start(id);
          assertSameLedgerEverywhere(c, w.acked);
          w.resume();
        }
      } finally {
        w.stop();
      }
      assertThat(w.unexpected).isEmpty();
      assertSameLedgerEverywhere(c, w.acked);
    }
  }

  /** Writers spread over the running nodes, recording what was acknowledged; they can be paused. */
  private static final class Writers {
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final List<Throwable> unexpected = new ArrayList<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    Writers(TestCluster c) {
      for (int w = 0; w < 3; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          for (int i = 0; !stopped.get(); i++) {
            if (paused.get()) {
              sleep();
              continue;
            }
            inFlight.incrementAndGet(); // before the second check: pause() then waits for a write that passed it
            try {
              if (paused.get()) {
                continue;
              }
              List<ClusterNode> nodes = c.running();
              String key = "w" + id + "-" + i;
              try {
                nodes.get(i % nodes.size()).submit(new WriteBatch().put(b(key), b("v".repeat(200))), "writer" + id);
                acked.add(key);
              } catch (BlockDbException e) {
                // refused, outcome unknown, or the node was stopped under the writer: not acknowledged
              } catch (RuntimeException e) {
                synchronized (unexpected) {
                  unexpected.add(e);
                }
              }
            } finally {
              inFlight.decrementAndGet();
            }
          }
        }, "writer-" + w);
        threads.add(t);
        t.start();
      }
    }

    /** Waits for {@code n} more acknowledged writes. */
    void await(int n, String when) {
      int from = acked.size();
      TestCluster.await(n + " writes acknowledged " + when, () -> acked.size() >= from + n);
    }

    /** Stops writing and waits until no write is under way. */
    void pause() {
      paused.set(true);
      TestCluster.await("the writers to pause", () -> inFlight.get() == 0);
    }

    void resume() {
      paused.set(false);
    }

    void stop() throws InterruptedException {
      stopped.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }

    private static void sleep() {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package com.blockdb.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failover time of a three-node loopback cluster (issue 6): the time from kill -9 of the leader
 * to the first write acknowledged after it, over several rounds. From the kill, one client per
 * surviving node keeps sending {@code POST /api/v1/put} to it; a follower forwards a write to the
 * leader, so an acknowledgement means a new leader committed it. The figure therefore includes
 * noticing that the leader is gone, the election and the new leader's first commit. The killed node
 * is started again (and waited for) before the next round.
 */
final class ClusterFailover {

  /** The rounds of one measurement, in milliseconds from the kill to the first acknowledged write. */
  record Result(int electionTimeoutMillis, List<Long> millis) {
    long median() {
      return sorted().get(millis.size() / 2);
    }

    long max() {
      return sorted().get(millis.size() - 1);
    }

    long min() {
      return sorted().get(0);
    }

    private List<Long> sorted() {
      List<Long> s = new ArrayList<>(millis);
      Collections.sort(s);
      return s;
    }
  }

  /** How long the probes wait for a new leader's first acknowledgement before the round fails. */
  private static final long ROUND_TIMEOUT_MILLIS = 120_000;

  private ClusterFailover() {}

  /** Rounds of a run: 10 for the full run, 3 for --quick, 1 for the smoke test's tiny run. */
  static int rounds(Config cfg) {
    return switch (cfg.name()) {
      case "full" -> 10;
      case "quick" -> 3;
      default -> 1;
    };
  }

  /**
   * Starts a cluster over {@code dir} with {@code electionTimeoutMillis}, measures {@code rounds}
   * failovers, stops the cluster; a line per round goes to {@code log}.
   *
   * @throws Exception when the cluster does not start, or no write is acknowledged within two
   *     minutes of a kill
   */
  static Result measure(String classpath, Path dir, int electionTimeoutMillis, int rounds, PrintStream log)
      throws Exception {
    List<Long> millis = new ArrayList<>();
    AtomicInteger keys = new AtomicInteger();
    try (BenchCluster cluster = BenchCluster.start(classpath, dir, JdbcSystem.CLUSTER_SIZE, electionTimeoutMillis)) {
      for (int round = 1; round <= rounds; round++) {
        String leader = cluster.awaitLeader();
        List<String> survivors = new ArrayList<>(cluster.live());
        survivors.remove(leader);
        for (String s : survivors) { // both followers forward a write before the kill
          int status = cluster.put(s, "warm-" + keys.incrementAndGet());
          if (status != 201) {
            throw new IllegalStateException("a write through " + s + " before the kill answered HTTP " + status);
          }
        }
        AtomicLong firstAck = new AtomicLong(Long.MAX_VALUE);
        long killed = System.nanoTime();
        cluster.kill(leader);
        List<Thread> probes = new ArrayList<>();
        long deadline = killed + TimeUnit.MILLISECONDS.toNanos(ROUND_TIMEOUT_MILLIS);
        for (String s : survivors) {
          Thread t = new Thread(() -> {
            while (firstAck.get() == Long.MAX_VALUE && System.nanoTime() < deadline) {
              try {
                if (cluster.put(s, "probe-" + keys.incrementAndGet()) == 201) {
                  firstAck.accumulateAndGet(System.nanoTime(), Math::min);
                } else {
                  Thread.sleep(2); // refused (no quorum yet): ask again, without spinning on two cores
                }
              } catch (java.io.IOException e) {
                // no answer during the election: ask again
              } catch (InterruptedException e) {
                return;
              }
            }
          }, "bench-failover-probe");
          t.setDaemon(true);
          t.start();
          probes.add(t);
        }
        for (Thread t : probes) {
          t.join();
        }
        if (firstAck.get() == Long.MAX_VALUE) {
          throw new IllegalStateException("no write was acknowledged within " + ROUND_TIMEOUT_MILLIS / 1000
              + " s of killing the leader " + leader);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(firstAck.get() - killed);
        millis.add(ms);
        log.println("    failover round " + round + " (election_timeout " + electionTimeoutMillis + " ms): killed "
            + leader + ", first write acknowledged after " + ms + " ms");
        cluster.restart(leader);
      }
    }
    return new Result(electionTimeoutMillis, millis);
  }
}

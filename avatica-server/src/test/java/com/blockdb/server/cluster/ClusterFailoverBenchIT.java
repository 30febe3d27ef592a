package com.blockdb.server.cluster;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover time of a three-node loopback cluster, a benchmark figure (BENCHMARKS.md, "Cluster
 * (issue 6)"), not a test: the time from kill -9 of the leader to the first write acknowledged
 * after it, over several rounds. Clients keep writing ({@code PUT /api/v1/put}) through both
 * surviving nodes from the moment of the kill; a write to a follower is forwarded to the leader,
 * so its acknowledgement means a new leader committed it. The killed node is restarted before the
 * next round. Runs only when asked:
 *
 * <pre>
 * mvn -o -pl engine,cli,jdbc-driver,cluster,avatica-server verify -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *   -Dit.test=ClusterFailoverBenchIT -Dblockdb.bench.failover.rounds=10 [-Dblockdb.bench.failover.election=1000]
 * </pre>
 *
 * Results are printed and written to {@code avatica-server/target/failover-bench.txt}.
 */
class ClusterFailoverBenchIT {

  @TempDir
  Path tmp;

  private ClusterProcesses cluster;

  @AfterEach
  void tearDown() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void failoverTimeFromKillToTheFirstAcknowledgedWrite() throws Exception {
    int rounds = Integer.getInteger("blockdb.bench.failover.rounds", 0);
    assumeThat(rounds).as("-Dblockdb.bench.failover.rounds=N runs the failover benchmark").isPositive();
    int election = Integer.getInteger("blockdb.bench.failover.election", 1000);
    cluster = new ClusterProcesses(tmp, 3, "election_timeout = " + election + "\nwrite_timeout = 10");
    cluster.javaOpts = "-Xmx512m"; // the product's JVM, not the tests' quick-start one
    cluster.startAll();
    List<Long> millis = new ArrayList<>();
    AtomicInteger keys = new AtomicInteger();
    for (int round = 0; round < rounds; round++) {
      String leader = cluster.awaitLeader();
      List<String> survivors = new ArrayList<>(cluster.live());
      survivors.remove(leader);
      for (String s : survivors) { // warm: both followers forward writes before the kill
        put(s, "warm-" + keys.incrementAndGet());
      }
      AtomicLong firstAck = new AtomicLong(Long.MAX_VALUE);
      long killed = System.nanoTime();
      cluster.kill(leader);
      List<Thread> probes = new ArrayList<>();
      for (String s : survivors) {
        Thread t = new Thread(() -> {
          while (firstAck.get() == Long.MAX_VALUE) {
            try {
              if (put(s, "probe-" + keys.incrementAndGet())) {
                firstAck.accumulateAndGet(System.nanoTime(), Math::min);
              }
            } catch (Exception e) {
              // refused or unknown during the election: try again
            }
          }
        });
        t.start();
        probes.add(t);
      }
      for (Thread t : probes) {
        t.join(ClusterProcesses.WAIT_SECONDS * 1000);
      }
      long ms = (firstAck.get() - killed) / 1_000_000;
      millis.add(ms);
      System.out.println("failover round " + (round + 1) + ": killed " + leader + ", first write acknowledged after "
          + ms + " ms");
      cluster.start(leader, false);
      cluster.awaitListening(leader);
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    long median = sorted.get(sorted.size() / 2);
    long max = sorted.get(sorted.size() - 1);
    String summary = "failover (3 nodes, loopback, election_timeout " + election + " ms): " + rounds + " rounds, median "
        + median + " ms, max " + max + " ms, min " + sorted.get(0) + " ms; rounds " + millis;
    System.out.println(summary);
    Files.writeString(Path.of("target", "failover-bench.txt"), summary + "\n");
  }

  private boolean put(String node, String key) throws Exception {
    HttpResponse<String> r = cluster.http(node, "POST", "/api/v1/put", "{\"key\":\"" + key + "\",\"value\":\"x\"}");
    return r.statusCode() == 201;
  }
}

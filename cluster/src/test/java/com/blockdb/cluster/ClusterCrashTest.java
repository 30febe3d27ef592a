package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cluster nodes in child JVMs writing through themselves; the leader is killed with SIGKILL
 * and restarted, round after round ({@code blockdb.cluster.rounds}, default 3; more with -Plong).
 * Afterwards every acknowledged write is on every node, every node's ledger verifies and all
 * digests are equal, and each write whose outcome was unknown is on every node or on none.
 */
class ClusterCrashTest {

  @TempDir
  Path tmp;

  private final Map<String, Child> children = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> unknown = ConcurrentHashMap.newKeySet();

  /** One child process and the lines it printed. */
  private final class Child {
    final String id;
    final Process process;
    final PrintWriter in;
    final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    volatile String role = "";
    volatile long term = -1;

    Child(String id) throws IOException {
      this.id = id;
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChildNode.class.getName(), id,
          tmp.resolve(id).toString(), "crash-cluster", String.valueOf(ports.get(id))));
      StringBuilder peers = new StringBuilder();
      for (Map.Entry<String, Integer> p : ports.entrySet()) {
        if (!p.getKey().equals(id)) {
          peers.append(peers.length() == 0 ? "" : ",").append(p.getKey()).append(':').append(p.getValue());
        }
      }
      cmd.add(peers.toString());
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectError(tmp.resolve(id + ".stderr.log").toFile());
      this.process = pb.start();
      this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "read-" + id);
      reader.setDaemon(true);
      reader.start();
      String ready = reply("READY");
      assertThat(ready).isEqualTo("READY " + id);
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("ACK ")) {
            acked.add(line.substring(4));
          } else if (line.startsWith("UNKNOWN ")) {
            unknown.add(line.substring(8));
          } else if (line.startsWith("ROLE ")) {
            String[] f = line.split(" ");
            role = f[1];
            term = Long.parseLong(f[2]);
          } else if (!line.startsWith("REFUSED ")) {
            replies.add(line);
          }
        }
      } catch (IOException e) {
        // the process died
      }
    }

    /** The next reply line starting with {@code prefix} (or an ERROR line). */
    String reply(String prefix) {
      try {
        while (true) {
          String line = replies.poll(TestCluster.WAIT_MILLIS, TimeUnit.MILLISECONDS);
          if (line == null) {
            throw new AssertionError(id + " did not answer " + prefix);
          }
          if (line.startsWith(prefix) || line.startsWith("ERROR")) {
            return line;
          }
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    String ask(String command, String prefix) {
      in.println(command);
      return reply(prefix);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL
      process.waitFor();
    }
  }

  @AfterEach
  void killAll() throws InterruptedException {
    for (Child c : children.values()) {
      c.kill();
    }
  }

  @Test
  void killingTheLeaderRepeatedlyLosesNoAcknowledgedWrite() throws Exception {
    int rounds = Integer.getInteger("blockdb.cluster.rounds", 3);
    for (String id : List.of("c1", "c2", "c3")) {
      try (ServerSocket s = new ServerSocket(0)) {
        ports.put(id, s.getLocalPort());
      }
    }
    for (String id : ports.keySet()) {
      children.put(id, new Child(id));
    }
    for (int round = 0; round < rounds; round++) {
      int before = acked.size();
      TestCluster.await("writes acknowledged before round " + round, () -> acked.size() >= before + 30);
      Child leader = awaitLeader();
      leader.kill();
      children.remove(leader.id);
      int afterKill = acked.size();
      TestCluster.await("writes acknowledged after killing " + leader.id, () -> acked.size() >= afterKill + 20);
      children.put(leader.id, new Child(leader.id));
    }
    for (Child c : children.values()) {
      assertThat(c.ask("STOP", "STOPPED")).isEqualTo("STOPPED");
    }
    TestCluster.await("a seal through the leader", () -> awaitLeader().ask("SEAL", "SEALED").equals("SEALED"));
    TestCluster.await("all nodes at the same state", () -> {
      String state = null;
      for (Child c : children.values()) {
        String s = c.ask("CHECK", "STATE");
        if (state != null && !state.equals(s)) {
          return false;
        }
        state = s;
      }
      return true;
    });
    Path ackedFile = Files.write(tmp.resolve("acked.txt"), acked);
    Path unknownFile = Files.write(tmp.resolve("unknown.txt"), unknown);
    String first = null;
    for (Child c : children.values()) {
      String v = c.ask("VERIFY " + ackedFile + " " + unknownFile, "VERIFIED");
      String[] f = v.split(" ");
      assertThat(f[0]).as(c.id + ": " + v).isEqualTo("VERIFIED");
      assertThat(Long.parseLong(f[1])).as("acknowledged writes missing on " + c.id).isZero();
      assertThat(f[2]).as("verify on " + c.id).isEqualTo("true");
      long unknownPresent = Long.parseLong(f[3]);
      String same = f[3] + " " + f[4]; // unknown writes present, digest root
      if (first == null) {
        first = same;
      }
      assertThat(same).as("unknown writes present and digest on " + c.id).isEqualTo(first);
      assertThat(unknownPresent).isBetween(0L, (long) unknown.size());
    }
    assertThat(acked.size()).isGreaterThan(30 * rounds);
    System.out.println("cluster crash test: " + rounds + " leader kills, " + acked.size() + " writes acknowledged, "
        + unknown.size() + " with unknown outcome");
  }

  /** The live child that reports itself leader in the highest term. */
  private Child awaitLeader() {
    Child[] found = new Child[1];
    TestCluster.await("a leader among the children", () -> {
      found[0] = null;
      for (Child c : children.values()) {
        if (c.role.equals("LEADER") && (found[0] == null || c.term > found[0].term)) {
          found[0] = c;
        }
      }
      return found[0] != null;
    });
    return found[0];
  }
}

package com.blockdb.cluster;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Options;
import com.blockdb.engine.WriteBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cluster node in a child JVM, for the crash test: it writes keys through itself in a loop and
 * reports each outcome on stdout ({@code ACK key}, {@code UNKNOWN key}), reports role changes
 * ({@code ROLE role term}), and answers commands on stdin: {@code STOP} (the write loop), {@code SEAL},
 * {@code CHECK} (applied index and digest), {@code VERIFY ackedFile unknownFile}, {@code EXIT}.
 *
 * <p>Arguments: id, data dir, cluster name, Raft port, peers as {@code id:port,...} (on 127.0.0.1).
 */
public final class ChildNode {

  private static final PrintStream OUT = System.out;

  private ChildNode() {}

  static synchronized void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  public static void main(String[] args) throws Exception {
    System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8)); // libraries' prints stay off the protocol
    String id = args[0];
    Path dir = Path.of(args[1]);
    PeerAddress self = new PeerAddress(id, "127.0.0.1", Integer.parseInt(args[3]), -1);
    List<PeerAddress> peers = new ArrayList<>();
    for (String p : args[4].split(",")) {
      String[] f = p.split(":");
      peers.add(new PeerAddress(f[0], "127.0.0.1", Integer.parseInt(f[1]), -1));
    }
    ClusterConfig config = ClusterConfig.of(self, peers, args[2], dir).withElectionTimeout(Duration.ofMillis(1000))
        .withWriteTimeout(Duration.ofSeconds(8)).withSnapshotThreshold(200)
        .withEngineOptions(Options.defaults().withBlockIntervalMs(200).withMemtableSizeLimit(64 * 1024));
    ClusterNode node = ClusterNode.start(config);
    say("READY " + id);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      String gen = Long.toString(System.nanoTime(), 36);
      for (long n = 0; writing.get(); n++) {
        String key = id + "-" + gen + "-" + n;
        try {
          node.submit(new WriteBatch().put(key.getBytes(StandardCharsets.UTF_8), ("v" + n).getBytes(StandardCharsets.UTF_8)),
              "child-" + id);
          say("ACK " + key);
        } catch (OutcomeUnknownException e) {
          say("UNKNOWN " + key);
        } catch (RuntimeException e) {
          say("REFUSED " + key + " " + e.getClass().getSimpleName());
          sleep(50);
        }
      }
    }, "child-writer");
    writer.setDaemon(true);
    writer.start();
    Thread roles = new Thread(() -> {
      String last = "";
      while (true) {
        try {
          NodeStatus s = node.localStatus();
          String now = s.role() + " " + s.term();
          if (!now.equals(last)) {
            say("ROLE " + now);
            last = now;
          }
        } catch (RuntimeException e) {
          // starting or stopping
        }
        sleep(100);
      }
    }, "child-roles");
    roles.setDaemon(true);
    roles.start();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] cmd = line.trim().split(" ");
      try {
        switch (cmd[0]) {
          case "STOP" -> {
            writing.set(false);
            writer.join();
            say("STOPPED");
          }
          case "SEAL" -> {
            node.seal();
            say("SEALED");
          }
          case "CHECK" -> {
            NodeStatus s = node.localStatus();
            say("STATE " + s.appliedIndex() + " " + s.lastSequence() + " " + s.blockCount() + " " + s.digestRoot());
          }
          case "VERIFY" -> {
            BlockDb db = node.engine();
            long missing = 0;
            for (String k : Files.readAllLines(Path.of(cmd[1]))) {
              if (!k.isEmpty() && db.get(k.getBytes(StandardCharsets.UTF_8)) == null) {
                missing++;
              }
            }
            long unknownPresent = 0;
            for (String k : Files.readAllLines(Path.of(cmd[2]))) {
              if (!k.isEmpty() && db.get(k.getBytes(StandardCharsets.UTF_8)) != null) {
                unknownPresent++;
              }
            }
            Digest d = db.digest();
            say("VERIFIED " + missing + " " + db.verify(null, null).ok() + " " + unknownPresent + " "
                + HexFormat.of().formatHex(d.root()));
          }
          case "EXIT" -> {
            node.close();
            say("BYE");
            System.exit(0);
          }
          default -> say("ERROR unknown command " + line);
        }
      } catch (RuntimeException e) {
        say("ERROR " + cmd[0] + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    node.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

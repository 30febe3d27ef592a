package com.blockdb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster of blockdb-server processes on loopback for the "BlockDB cluster" system and the
 * failover measurement: each node its own JVM (as {@link BenchServer} starts a single server),
 * started as an operator would ({@code --cluster-id}, {@code --peers} with Raft ports, a
 * {@code blockdb.toml} with {@code [cluster]}), over a data directory of its own, the first admin's
 * password made up for the run. Nodes can be killed with SIGKILL and started again.
 */
final class BenchCluster implements AutoCloseable {
  /** The cluster's name in {@code [cluster] cluster_name}. */
  static final String NAME = "bench";
  private static final long LEADER_TIMEOUT_MILLIS = 120_000;
  private static final Pattern LEADER = Pattern.compile("\"leader_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ROLE = Pattern.compile("\"role\"\\s*:\\s*\"([^\"]+)\"");

  /** One member: its id, ports and data directory. */
  record Node(String id, int httpPort, int raftPort, Path dataDir) {
    String peerSpec() {
      return id + ":127.0.0.1:" + httpPort + ":" + raftPort;
    }
  }

  private final String classpath;
  private final Path dir;
  private final Path config;
  private final String password;
  private final int electionTimeoutMillis;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, BenchServer> running = new LinkedHashMap<>();

  private BenchCluster(String classpath, Path dir, int size, int electionTimeoutMillis) throws IOException {
    this.classpath = classpath;
    this.dir = dir;
    this.electionTimeoutMillis = electionTimeoutMillis;
    this.config = dir.resolve("blockdb.toml");
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret);
    Files.createDirectories(dir);
    Files.writeString(config, "[cluster]\ncluster_name = \"" + NAME + "\"\nelection_timeout = "
        + electionTimeoutMillis + "\n");
    for (int i = 1; i <= size; i++) {
      String id = "node" + i;
      nodes.put(id, new Node(id, BenchServer.freePort(), BenchServer.freePort(), dir.resolve(id)));
    }
  }

  /**
   * Starts {@code size} nodes over directories in {@code dir} (all launched before any is awaited:
   * none is up before a majority runs); returns once every node's /health says UP.
   *
   * @throws IOException when a node does not start (the message has the end of its log)
   */
  static BenchCluster start(String classpath, Path dir, int size, int electionTimeoutMillis) throws IOException {
    BenchCluster c = new BenchCluster(classpath, dir, size, electionTimeoutMillis);
    try {
      for (String id : c.nodes.keySet()) {
        c.launch(id);
      }
      for (BenchServer s : c.running.values()) {
        s.awaitUp();
      }
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void launch(String id) throws IOException {
    Node n = nodes.get(id);
    List<String> peers = new ArrayList<>();
    for (Node p : nodes.values()) {
      if (!p.id().equals(id)) {
        peers.add(p.peerSpec());
      }
    }
    List<String> args = List.of("--raft-port", Integer.toString(n.raftPort()), "--cluster-id", id, "--peers",
        String.join(",", peers), "--config", config.toAbsolutePath().toString());
    running.put(id, BenchServer.launch(classpath, n.dataDir(), dir.resolve(id + ".log").toAbsolutePath(),
        n.httpPort(), password, args));
  }

  int electionTimeoutMillis() {
    return electionTimeoutMillis;
  }

  /** The nodes whose process runs. */
  synchronized List<String> live() {
    List<String> out = new ArrayList<>();
    running.forEach((id, s) -> {
      if (s.isAlive()) {
        out.add(id);
      }
    });
    return out;
  }

  /**
   * The leader the live nodes agree on, once one leads with a quorum (asked through
   * {@code GET /cluster/health} on each live node).
   *
   * @throws IOException when none does within two minutes
   */
  String awaitLeader() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      List<String> live = live();
      for (String id : live) {
        String leader = field(LEADER, health(id));
        if (leader != null && live.contains(leader) && "LEADER".equals(field(ROLE, health(leader)))) {
          return leader;
        }
      }
      sleep(100);
    }
    throw new IOException("no leader with a quorum among " + live() + " after " + LEADER_TIMEOUT_MILLIS / 1000
        + " s");
  }

  private String health(String id) {
    try {
      HttpURLConnection c = open(id, "/cluster/health", "GET");
      try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return ""; // not answering (yet)
    }
  }

  private static String field(Pattern p, String json) {
    Matcher m = p.matcher(json);
    return m.find() ? m.group(1) : null;
  }

  /**
   * {@code POST /api/v1/put} of {@code key} through node {@code id}; returns the HTTP status (201:
   * written, acknowledged by the cluster).
   *
   * @throws IOException when the node does not answer
   */
  int put(String id, String key) throws IOException {
    HttpURLConnection c = open(id, "/api/v1/put", "POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(("{\"key\":\"" + key + "\",\"value\":\"x\"}").getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readAllBytes(); // so the connection can be kept alive
      }
    }
    return status;
  }

  private HttpURLConnection open(String id, String path, String method) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + nodes.get(id).httpPort() + path)
        .toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(2000);
    c.setReadTimeout(60_000);
    c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        (BenchServer.USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
    return c;
  }

  /** kill -9 of node {@code id}: no shutdown of any kind. */
  synchronized void kill(String id) throws InterruptedException {
    BenchServer s = running.get(id);
    if (s != null) {
      s.kill();
    }
  }

  /** Starts node {@code id} again over its data directory; returns once its /health says UP. */
  void restart(String id) throws IOException {
    BenchServer s;
    synchronized (this) {
      launch(id);
      s = running.get(id);
    }
    s.awaitUp();
  }

  /** The remote driver's URL of node {@code id}. */
  String jdbcUrl(String id) {
    return "jdbc:blockdb:remote:http://127.0.0.1:" + nodes.get(id).httpPort();
  }

  /** The admin's credentials, as connection properties. */
  Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", BenchServer.USER);
    p.setProperty("password", password);
    return p;
  }

  /** The process ids of the running nodes (their CPU is "other processes" to this JVM). */
  synchronized List<Long> pids() {
    List<Long> out = new ArrayList<>();
    for (BenchServer s : running.values()) {
      if (s.isAlive()) {
        out.add(s.pid());
      }
    }
    return out;
  }

  /** Stops every node gracefully (SIGTERM), each forcibly after a minute. */
  @Override
  public synchronized void close() {
    List<Thread> stopping = new ArrayList<>(); // together: a node stopping alone would wait for its quorum
    for (BenchServer s : running.values()) {
      Thread t = new Thread(s::close, "bench-cluster-stop");
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running.clear();
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the cluster");
    }
  }
}

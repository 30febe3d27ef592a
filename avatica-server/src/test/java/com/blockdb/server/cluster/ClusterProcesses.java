package com.blockdb.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real {@code blockdb-server} processes forming a cluster on loopback, started through the
 * launcher as an operator would ({@code --cluster-id}, {@code --peers} with Raft ports,
 * {@code --config} with {@code [cluster]}), each with its own data directory and log files: start,
 * kill -9, stop with SIGTERM, restart, and the HTTP and JDBC calls the tests make to one node.
 * Waits are bounded conditions, never timing assertions.
 */
final class ClusterProcesses implements AutoCloseable {
  static final String PASSWORD = "cluster-it-password";
  static final long WAIT_SECONDS = 180;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One node: its id, ports and data directory. */
  record Node(String id, int httpPort, int raftPort, Path dataDir) {
    String base() {
      return "http://127.0.0.1:" + httpPort;
    }

    String peerSpec() {
      return id + ":127.0.0.1:" + httpPort + ":" + raftPort;
    }
  }

  final Path root;
  final Path config;
  /** Every node defined, in order; the founding members are those defined before {@link #startAll}. */
  final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<String> founders = new ArrayList<>();
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> starts = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** JVM options of the server processes: small heaps and quick start-up for three JVMs on two cores. */
  String javaOpts = "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  /**
   * @param clusterToml extra {@code [cluster]} keys (an election timeout of 1 s and a write timeout
   *     of 4 s are set unless given)
   */
  ClusterProcesses(Path root, int n, String clusterToml) throws IOException {
    this.root = root;
    this.config = root.resolve("blockdb.toml");
    StringBuilder toml = new StringBuilder("[database]\nblock_interval_ms = 200\n\n[cluster]\ncluster_name = \"it\"\n");
    if (!clusterToml.contains("election_timeout")) {
      toml.append("election_timeout = 1000\n");
    }
    if (!clusterToml.contains("write_timeout")) {
      toml.append("write_timeout = 4\n");
    }
    toml.append(clusterToml).append('\n');
    Files.writeString(config, toml);
    for (int i = 1; i <= n; i++) {
      define("node" + i);
      founders.add("node" + i);
    }
  }

  /** Defines a node with free ports (not started). */
  Node define(String id) throws IOException {
    int httpPort;
    int raftPort;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      httpPort = a.getLocalPort();
      raftPort = b.getLocalPort();
    }
    Node node = new Node(id, httpPort, raftPort, root.resolve(id + "-data"));
    nodes.put(id, node);
    return node;
  }

  Node node(String id) {
    return nodes.get(id);
  }

  private static Path launcher() {
    String p = System.getProperty("blockdb.serverLauncher");
    Path launcher = p != null ? Path.of(p) : Path.of("..", "bin", "blockdb-server");
    return launcher.toAbsolutePath().normalize();
  }

  /** Starts every founding node without waiting (none is ready before a quorum is), then waits for all. */
  ClusterProcesses startAll() throws Exception {
    for (String id : founders) {
      start(id, false);
    }
    for (String id : founders) {
      awaitListening(id);
    }
    return this;
  }

  /**
   * Launches node {@code id}; {@code join}: as a new member to be added with {@code POST
   * /cluster/add} (its peers are the founders, whose addresses it then knows).
   */
  void start(String id, boolean join) throws IOException {
    Node n = nodes.get(id);
    List<String> peers = new ArrayList<>();
    for (String f : founders) {
      if (!f.equals(id)) {
        peers.add(nodes.get(f).peerSpec());
      }
    }
    List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "--host", "127.0.0.1", "--port",
        Integer.toString(n.httpPort()), "--raft-port", Integer.toString(n.raftPort()), "--data-dir",
        n.dataDir().toString(), "--cluster-id", id, "--peers", String.join(",", peers), "--config", config.toString()));
    if (join) {
      cmd.add("--join");
    }
    int count = starts.merge(id, 1, Integer::sum);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
        .redirectOutput(root.resolve(id + "-" + count + ".out").toFile())
        .redirectError(root.resolve(id + "-" + count + ".err").toFile());
    for (String v : List.of("BLOCKDB_DATA_DIR", "BLOCKDB_SERVER_PORT", "BLOCKDB_LOG_LEVEL", "BLOCKDB_DEBUG",
        "BLOCKDB_CLUSTER_ID", "BLOCKDB_PEERS")) {
      pb.environment().remove(v);
    }
    if (!Boolean.getBoolean("blockdb.it.allowBuild")) {
      pb.environment().put("BLOCKDB_NO_BUILD", "1"); // the jar this build packaged
    }
    pb.environment().put("BLOCKDB_ADMIN_PASSWORD", PASSWORD);
    if (id.equals(System.getProperty("blockdb.it.debugNode"))) { // -Dblockdb.it.debugNode=node4: its log at debug
      pb.environment().put("BLOCKDB_LOG_LEVEL", "debug");
    }
    pb.environment().put("BLOCKDB_JAVA_OPTS", javaOpts);
    running.put(id, pb.start());
  }

  private Path out(String id) {
    return root.resolve(id + "-" + starts.get(id) + ".out");
  }

  /** What node {@code id}'s current process wrote (stdout and stderr), for failure messages. */
  String logs(String id) {
    try {
      Path err = root.resolve(id + "-" + starts.get(id) + ".err");
      String o = Files.readString(out(id));
      String e = Files.exists(err) ? Files.readString(err) : "";
      return tail(o, 4000) + tail(e, 2000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String tail(String s, int n) {
    return s.length() <= n ? s : "..." + s.substring(s.length() - n);
  }

  /** Waits for the node's "listening" line (printed once it is ready: caught up with a quorum). */
  void awaitListening(String id) throws Exception {
    Process p = running.get(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.readString(out(id)).contains("BlockDB server listening on")) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError(id + " exited with " + p.exitValue() + "\n" + logs(id));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError(id + " printed no 'listening' line in " + WAIT_SECONDS + " s\n" + logs(id));
  }

  /** kill -9: no shutdown of any kind. */
  void kill(String id) throws InterruptedException {
    Process p = running.remove(id);
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM: a graceful stop; returns the exit code. */
  int stop(String id) throws InterruptedException {
    Process p = running.remove(id);
    if (p == null) {
      return -1;
    }
    p.destroy();
    if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(id + " did not stop on SIGTERM\n" + logs(id));
    }
    return p.exitValue();
  }

  /** The nodes whose process runs now. */
  List<String> live() {
    List<String> out = new ArrayList<>();
    for (String id : nodes.keySet()) {
      Process p = running.get(id);
      if (p != null && p.isAlive()) {
        out.add(id);
      }
    }
    return out;
  }

  // ---- HTTP ----

  String basic() {
    return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> http(String id, String method, String path, String body) throws IOException,
      InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nodes.get(id).base() + path))
        .header("Authorization", basic()).timeout(Duration.ofSeconds(60));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** The leader the live nodes agree on, once one leads with a quorum. */
  String awaitLeader() {
    String[] found = new String[1];
    await("a leader with a quorum among " + live(), () -> {
      for (String id : live()) {
        try {
          HttpResponse<String> r = http(id, "GET", "/cluster/health", null);
          JsonNode h = json(r);
          String leader = h.path("leader_id").asText(null);
          if (r.statusCode() == 200 && leader != null && live().contains(leader)) {
            HttpResponse<String> lh = http(leader, "GET", "/cluster/health", null);
            if (lh.statusCode() == 200 && "LEADER".equals(json(lh).path("role").asText())) {
              found[0] = leader;
              return true;
            }
          }
        } catch (IOException | InterruptedException | RuntimeException e) {
          // not answering yet
        }
      }
      return false;
    });
    return found[0];
  }

  /** GET /api/v1/digest on node {@code id} (it seals pending entries first). */
  String digest(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = http(id, "GET", "/api/v1/digest", null);
    if (r.statusCode() != 200) {
      throw new IOException("digest on " + id + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body().strip();
  }

  // ---- JDBC ----

  Connection jdbc(String id) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "admin");
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection("jdbc:blockdb:remote:" + nodes.get(id).base(), p);
  }

  static void await(String what, BooleanSupplier condition) {
    Waits.until(what, WAIT_SECONDS, 100, condition);
  }

  @Override
  public void close() throws InterruptedException {
    for (String id : new ArrayList<>(running.keySet())) {
      kill(id);
    }
  }
}

package com.blockdb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A blockdb-server process on loopback for the "BlockDB remote" system: its own JVM (as
 * PostgreSQL's server is its own process), on a free port, over a data directory of the run,
 * with a first admin whose password is made up for the run. Stopped with SIGTERM (a graceful
 * shutdown), forcibly if that takes over a minute.
 */
final class BenchServer implements AutoCloseable {
  /** The first admin the server creates on its empty data directory. */
  static final String USER = "admin";
  /** Heap of the server's JVM: the bench's own. */
  static final String HEAP = "-Xmx2g";
  private static final long START_TIMEOUT_MILLIS = 120_000;

  private final Process process;
  private final int port;
  private final String password;
  private final Path log;

  private BenchServer(Process process, int port, String password, Path log) {
    this.process = process;
    this.port = port;
    this.password = password;
    this.log = log;
  }

  /**
   * Starts a server over {@code dataDir} with {@code classpath} (the server jar and its libraries),
   * logging to {@code log}; returns once its /health says UP.
   *
   * @throws IOException when it does not start (the message has the end of its log)
   */
  static BenchServer start(String classpath, Path dataDir, Path log) throws IOException {
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    BenchServer s = launch(classpath, dataDir, log, freePort(), HexFormat.of().formatHex(secret), List.of());
    try {
      s.awaitUp();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * Launches a server on {@code port} with {@code password} for its first admin and {@code extraArgs}
   * after the usual ones (a cluster node's flags), without waiting for it: a cluster node is not up
   * before a majority of its cluster runs. Call {@link #awaitUp()} next.
   */
  static BenchServer launch(String classpath, Path dataDir, Path log, int port, String password,
      List<String> extraArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(HEAP);
    String extra = System.getenv("BLOCKDB_BENCH_SERVER_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", classpath, "com.blockdb.server.ServerMain", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--data-dir", dataDir.toAbsolutePath().toString()));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("BLOCKDB_ADMIN_PASSWORD", password);
    pb.environment().put("BLOCKDB_LOG_LEVEL", "warn");
    for (String v : List.of("BLOCKDB_SERVER_PORT", "BLOCKDB_DATA_DIR", "BLOCKDB_CLUSTER_ID", "BLOCKDB_PEERS")) {
      pb.environment().remove(v);
    }
    Files.createDirectories(dataDir);
    return new BenchServer(pb.start(), port, password, log);
  }

  /** A port nothing listens on now, on loopback. */
  static int freePort() throws IOException {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return ss.getLocalPort();
    }
  }

  /** Waits until /health says UP; fails when the process exits first or after two minutes. */
  void awaitUp() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("blockdb-server exited with status " + process.exitValue() + " before it was up: "
            + logTail());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) health.toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          try (InputStream in = c.getInputStream()) {
            if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"UP\"")) {
              return;
            }
          }
        }
        c.disconnect();
      } catch (IOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for blockdb-server to start");
      }
    }
    throw new IOException("blockdb-server was not up after " + START_TIMEOUT_MILLIS / 1000 + " s: " + logTail());
  }

  /** The end of the server's log, for messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Its HTTP port on 127.0.0.1. */
  int port() {
    return port;
  }

  /** Whether its process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills it with SIGKILL (no shutdown of any kind) and waits for the process to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** The remote driver's URL of this server. */
  String jdbcUrl() {
    return "jdbc:blockdb:remote:http://127.0.0.1:" + port;
  }

  /** The admin's credentials, as connection properties. */
  Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", password);
    return p;
  }

  /** The server process's id (its CPU is "other processes" to this JVM). */
  long pid() {
    return process.pid();
  }

  /** Stops the server gracefully (SIGTERM), forcibly after a minute. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        System.err.println("warning: blockdb-server did not stop within 60 s of SIGTERM; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

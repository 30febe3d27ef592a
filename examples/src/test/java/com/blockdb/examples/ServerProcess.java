package com.blockdb.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real blockdb-server process (its main class, from this test's classpath) on a free port, with
 * its ledger users and a first admin from {@code BLOCKDB_ADMIN_PASSWORD}: the server a user runs.
 */
final class ServerProcess implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "examples-admin-pw";
  private static final Pattern LISTENING = Pattern.compile("BlockDB server listening on (https?://\\S+)");
  /** Generous: a JVM start and the first Calcite use on a busy two-core machine. */
  private static final long START_SECONDS = 120;

  final Path dataDir;
  /** The server's address, {@code http://127.0.0.1:PORT}. */
  final String address;
  private final Process process;
  private final Path log;

  private ServerProcess(Path dataDir, Process process, Path log, String address) {
    this.dataDir = dataDir;
    this.process = process;
    this.log = log;
    this.address = address;
  }

  /** Starts a server over {@code dir}/data; its output goes to {@code dir}/server.log. */
  static ServerProcess start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "com.blockdb.server.ServerMain", "--port", "0", "--data-dir", data.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    for (String v : List.of("BLOCKDB_DATA_DIR", "BLOCKDB_SERVER_PORT", "BLOCKDB_LOG_LEVEL", "BLOCKDB_DEBUG")) {
      pb.environment().remove(v);
    }
    pb.environment().put("BLOCKDB_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new ServerProcess(data, p, log, m.group(1));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("the server exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the server did not start in " + START_SECONDS + " s:\n" + Files.readString(log));
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** Sends SIGTERM and waits for the process; returns its exit code. */
  int terminate() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not stop after SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      try {
        terminate();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

package com.blockdb.sqltests.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blockdb-server process on a free port over its own data directory, as a deployment runs it: a
 * separate JVM, stopped by SIGTERM. Its main is {@link TestServerMain} (fixed test users) or,
 * from {@link #startReal}, the server's own with its real authentication; both on this test's
 * classpath.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("BlockDB server listening on (https?://\\S+)");
  /** Generous: a JVM start and the first Calcite use on a busy two-core machine. */
  private static final long START_SECONDS = 120;

  final Path dataDir;
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
  static ServerProcess start(Path dir, String... extraArgs) throws IOException, InterruptedException {
    return start(dir, TestServerMain.class.getName(), Map.of(), extraArgs);
  }

  /**
   * Starts blockdb-server's own main over {@code dir}/data, with its real authentication (users
   * kept in the ledger): the first admin is {@link #REAL_ADMIN}, named in {@code dir}/blockdb.toml
   * with its password in {@code BLOCKDB_ADMIN_PASSWORD}, as an operator sets one up. Named "local",
   * the embedded driver's principal, so that the scripts' LEDGER_PRINCIPAL values read the same.
   */
  static ServerProcess startReal(Path dir) throws IOException, InterruptedException {
    Path config = dir.resolve("blockdb.toml");
    Files.writeString(config, "[server]\nadmin_user = \"" + REAL_ADMIN + "\"\n");
    return start(dir, "com.blockdb.server.ServerMain", Map.of("BLOCKDB_ADMIN_PASSWORD", REAL_ADMIN_PASSWORD),
        "--config", config.toString());
  }

  /** The first admin of {@link #startReal} and its password. */
  static final String REAL_ADMIN = "local";
  static final String REAL_ADMIN_PASSWORD = "real-admin-pw-1";

  private static ServerProcess start(Path dir, String mainClass, Map<String, String> env, String... extraArgs)
      throws IOException, InterruptedException {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        mainClass, "--port", "0", "--data-dir", data.toString()));
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("BLOCKDB_DATA_DIR");
    pb.environment().remove("BLOCKDB_SERVER_PORT");
    pb.environment().remove("BLOCKDB_LOG_LEVEL");
    pb.environment().remove("BLOCKDB_ADMIN_PASSWORD");
    pb.environment().putAll(env);
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

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The remote JDBC URL of the server. */
  String url() {
    return "jdbc:blockdb:remote:" + address;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** Sends SIGTERM and waits for the process; returns its exit code. */
  int terminate() throws InterruptedException, IOException {
    process.destroy(); // SIGTERM on Unix
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

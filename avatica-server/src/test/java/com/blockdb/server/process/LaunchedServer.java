package com.blockdb.server.process;

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
 * A {@code bin/blockdb-server} process, started as an operator starts it (the real launcher, with
 * {@code BLOCKDB_JAVA_OPTS} for the JVM, a {@code blockdb.toml}, and the first admin's password in
 * {@code BLOCKDB_ADMIN_PASSWORD}) on a free port over a fresh data directory; stopped by SIGTERM.
 * Its stdout and stderr go to one file, read by {@link #log()}.
 */
final class LaunchedServer implements AutoCloseable {
  /** The first admin, created from the environment on the fresh data directory. */
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "process-test-admin-pw";

  private static final Pattern LISTENING = Pattern.compile("BlockDB server listening on (http://\\S+)");
  /** Generous: a JVM start and the first Calcite use on a busy two-core machine. */
  private static final long START_SECONDS = 120;

  private final Process process;
  private final Path log;
  private final String address;

  private LaunchedServer(Process process, Path log, String address) {
    this.process = process;
    this.log = log;
    this.address = address;
  }

  /**
   * Starts a server in {@code dir} (data in {@code dir/data}) with {@code toml} as its config file
   * and {@code javaOpts} as {@code BLOCKDB_JAVA_OPTS}; returns once it prints its "listening" line.
   */
  static LaunchedServer start(Path dir, String toml, String javaOpts) throws IOException, InterruptedException {
    Path config = dir.resolve("blockdb.toml");
    Files.writeString(config, toml);
    Path log = dir.resolve("server.out");
    List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "--port", "0", "--data-dir",
        dir.resolve("data").toString(), "--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    for (String v : List.of("BLOCKDB_DATA_DIR", "BLOCKDB_SERVER_PORT", "BLOCKDB_LOG_LEVEL", "BLOCKDB_DEBUG",
        "BLOCKDB_TLS_KEYSTORE_PASSWORD")) {
      env.remove(v);
    }
    if (!Boolean.getBoolean("blockdb.it.allowBuild")) {
      env.put("BLOCKDB_NO_BUILD", "1"); // run the jar this build packaged
    }
    env.put("BLOCKDB_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("BLOCKDB_JAVA_OPTS", javaOpts);
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new LaunchedServer(p, log, m.group(1));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("the server exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the server did not start in " + START_SECONDS + " s:\n" + Files.readString(log));
  }

  private static Path launcher() {
    String p = System.getProperty("blockdb.serverLauncher");
    Path launcher = p != null ? Path.of(p) : Path.of("..", "bin", "blockdb-server");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("no executable launcher at " + launcher.toAbsolutePath());
    }
    return launcher.toAbsolutePath().normalize();
  }

  /** {@code http://127.0.0.1:port}. */
  String address() {
    return address;
  }

  /** The remote JDBC URL, with {@code settings} (";key=value..." or "") appended. */
  String jdbcUrl(String settings) {
    return "jdbc:blockdb:remote:" + address + settings;
  }

  /** The server JVM's process id (the launcher execs java, so it is the launcher's). */
  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** Sends SIGTERM and waits for the process; returns its exit code. */
  int terminate() throws InterruptedException, IOException {
    process.destroy(); // SIGTERM
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

package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/blockdb-server} as an operator runs it: it starts, answers /health, refuses JDBC
 * without credentials, logs where [logging] says, stops on SIGTERM with exit code 0; a bad
 * configuration, a port in use or a data directory in use end it at once with one line on stderr
 * and its own exit code.
 */
class ServerLauncherIT {
  private static final Pattern LISTENING = Pattern.compile("BlockDB server listening on (http://\\S+)");
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir
  Path cwd;

  private static Path launcher() {
    String p = System.getProperty("blockdb.serverLauncher");
    Path launcher = p != null ? Path.of(p) : Path.of("..", "bin", "blockdb-server");
    assertThat(launcher).as("launcher").isExecutable();
    return launcher.toAbsolutePath().normalize();
  }

  /** The environment that creates the first admin of a fresh data directory. */
  private static final Map<String, String> ADMIN = Map.of("BLOCKDB_ADMIN_PASSWORD", "launcher-test-password");

  /** A launcher process in {@code cwd}, its stdout and stderr going to files there. */
  private Process launch(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
        .redirectOutput(cwd.resolve("out.txt").toFile()).redirectError(cwd.resolve("err.txt").toFile());
    for (String v : List.of("BLOCKDB_DATA_DIR", "BLOCKDB_SERVER_PORT", "BLOCKDB_LOG_LEVEL", "BLOCKDB_DEBUG",
        "BLOCKDB_ADMIN_PASSWORD")) {
      pb.environment().remove(v);
    }
    if (!Boolean.getBoolean("blockdb.it.allowBuild")) {
      pb.environment().put("BLOCKDB_NO_BUILD", "1"); // test the jar this build packaged
    }
    pb.environment().putAll(env);
    return pb.start();
  }

  private String out() throws IOException {
    return Files.readString(cwd.resolve("out.txt"));
  }

  private String err() throws IOException {
    return Files.readString(cwd.resolve("err.txt"));
  }

  /** Waits for the "listening" line; returns the server's address. */
  private String awaitListening(Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(out());
      if (m.find()) {
        return m.group(1);
      }
      if (!p.isAlive()) {
        throw new AssertionError("exited with " + p.exitValue() + "\n" + out() + err());
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("no 'listening' line in " + TIMEOUT_SECONDS + " s\n" + out() + err());
  }

  private int exitOf(Process p) throws Exception {
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running\n" + out() + err());
    }
    return p.exitValue();
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void itServesHealthRefusesJdbcWithoutCredentialsAndStopsOnSigtermWithZero() throws Exception {
    Files.writeString(cwd.resolve("blockdb.toml"), "[logging]\nfile = \"logs/server.log\"\n");
    Process p = launch(ADMIN, "--port", "0", "--data-dir", "data", "--config", "blockdb.toml");
    String address = awaitListening(p);
    HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(address + "/health")).build());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    HttpResponse<String> jdbc = send(HttpRequest.newBuilder(URI.create(address + "/"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"x\"}")).build());
    assertThat(jdbc.statusCode()).isEqualTo(401);
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
        ("admin:" + ADMIN.get("BLOCKDB_ADMIN_PASSWORD")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(address + "/api/v1/put"))
        .header("Authorization", basic).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\",\"value\":\"v\"}")).build());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    assertThat(put.body()).contains("\"principal\":\"admin\"");
    p.destroy(); // SIGTERM
    assertThat(exitOf(p)).as(out() + err()).isZero();
    String log = Files.readString(cwd.resolve("logs/server.log"));
    assertThat(log).contains("BlockDB server up", "SIGTERM received", "database closed");
    assertThat(out()).as("the log went to the file").doesNotContain("INFO");
    assertThat(cwd.resolve("data")).isDirectory();
  }

  @Test
  void aBadConfigFileIsOneLineOnStderrAndExitCode2() throws Exception {
    Files.writeString(cwd.resolve("bad.toml"), "[server]\nmax_conections = 5\n");
    Process p = launch(Map.of(), "--config", "bad.toml");
    assertThat(exitOf(p)).isEqualTo(2);
    assertThat(err()).startsWith("error: unknown key 'max_conections' in [server] of config file bad.toml")
        .doesNotContain("Exception", "\tat ");
    assertThat(err().strip().lines()).hasSize(1);
    Process q = launch(Map.of("BLOCKDB_SERVER_PORT", "eighty"));
    assertThat(exitOf(q)).isEqualTo(2);
    assertThat(err()).contains("BLOCKDB_SERVER_PORT");
  }

  @Test
  void aPortOrDataDirectoryInUseEndsTheStartWithExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Process p = launch(Map.of(), "--port", Integer.toString(taken.getLocalPort()), "--data-dir", "a");
      assertThat(exitOf(p)).isEqualTo(1);
      assertThat(err()).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\tat ");
    }
    Process first = launch(ADMIN, "--port", "0", "--data-dir", "shared");
    awaitListening(first);
    try {
      Files.move(cwd.resolve("out.txt"), cwd.resolve("first-out.txt"));
      Process second = launch(ADMIN, "--port", "0", "--data-dir", "shared");
      assertThat(exitOf(second)).isEqualTo(1);
      assertThat(err()).startsWith("error: cannot open the data directory").doesNotContain("\tat ");
    } finally {
      first.destroy();
      first.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutUsersOrAFirstAdminPasswordTheServerRefusesToStart() throws Exception {
    Process p = launch(Map.of(), "--port", "0", "--data-dir", "fresh");
    assertThat(exitOf(p)).isEqualTo(2);
    assertThat(err()).startsWith("error: ").contains("BLOCKDB_ADMIN_PASSWORD").doesNotContain("\tat ");
  }

  @Test
  void helpListsTheFlagsAndExitCodes() throws Exception {
    Process p = launch(Map.of(), "--help");
    assertThat(exitOf(p)).isZero();
    assertThat(out()).contains("--host", "--port", "--data-dir", "--config", "BLOCKDB_SERVER_PORT", "SIGTERM");
  }
}

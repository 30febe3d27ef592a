package com.blockdb.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example, run by {@code bin/blockdb-example} as README says (the jar this build packaged):
 * embedded on a directory, and against a blockdb-server process with a user from the environment.
 * Each must exit 0 and print what it did; then the database itself must hold exactly what the
 * example says it wrote (the rolled-back row absent), written by the right principal. Failures
 * (bad name, bad URL, unreachable server, wrong password) end with their exit code and one line.
 */
class ExamplesIT {
  /** Generous: every run starts a JVM that loads Calcite. */
  private static final long TIMEOUT_SECONDS = 180;
  private static final Map<String, String> ADMIN = Map.of("BLOCKDB_USER", ServerProcess.ADMIN,
      "BLOCKDB_PASSWORD", ServerProcess.ADMIN_PASSWORD);

  @TempDir
  Path cwd;

  /** Exit code and output of one run. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Path launcher() {
    String p = System.getProperty("blockdb.exampleLauncher");
    Path launcher = p != null ? Path.of(p) : Path.of("..", "bin", "blockdb-example");
    assertThat(launcher).as("launcher").isExecutable();
    return launcher.toAbsolutePath().normalize();
  }

  /** Runs the launcher in {@link #cwd}. */
  private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    for (String v : List.of("BLOCKDB_USER", "BLOCKDB_PASSWORD", "BLOCKDB_JAVA_OPTS", "BLOCKDB_DEBUG")) {
      pb.environment().remove(v);
    }
    pb.environment().put("BLOCKDB_NO_BUILD", "1"); // the jar this build packaged, never a rebuild
    pb.environment().putAll(env);
    File out = File.createTempFile("blockdb-example-it", ".out");
    File err = File.createTempFile("blockdb-example-it", ".err");
    try {
      Process p = pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("blockdb-example " + String.join(" ", args) + " timed out; stdout: "
            + Files.readString(out.toPath()) + " stderr: " + Files.readString(err.toPath()));
      }
      return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      out.delete();
      err.delete();
    }
  }

  private Result runOk(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Result r = run(env, args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).doesNotContain("\tat ", "Exception");
    return r;
  }

  @Test
  void everyExampleRunsEmbeddedTwiceAndLeavesWhatItSays() throws Exception {
    Result plain = runOk(Map.of(), "PlainJdbc");
    assertPlainJdbc(plain, "local", 1);
    // Keys are written once: a second run continues after the first run's rows.
    Result again = runOk(Map.of(), "plain-jdbc", "jdbc:blockdb:./example_data");
    assertPlainJdbc(again, "local", 7);

    Result pooled = runOk(Map.of(), "PooledJdbc");
    assertPooledJdbc(pooled);

    Result audit = runOk(Map.of(), "AuditTrail");
    assertAuditTrail(audit, "local");

    assertDatabase("jdbc:blockdb:" + cwd.resolve("example_data"), "local", 12, 100, 5);
  }

  @Test
  void everyExampleRunsAgainstAServerAsItsUser() throws Exception {
    try (ServerProcess server = ServerProcess.start(cwd.resolve("server"))) {
      // The short form of the URL, and the full one with the credentials in it.
      assertPlainJdbc(runOk(ADMIN, "PlainJdbc", server.address), "admin", 1);
      assertPooledJdbc(runOk(ADMIN, "PooledJdbc", "jdbc:blockdb:remote:" + server.address));
      String inUrl = "jdbc:blockdb:remote:" + server.address + ";user=" + ServerProcess.ADMIN + ";password="
          + ServerProcess.ADMIN_PASSWORD;
      assertAuditTrail(runOk(Map.of(), "AuditTrail", inUrl), "admin");

      Result refused = run(Map.of("BLOCKDB_USER", "admin", "BLOCKDB_PASSWORD", "wrong-password"), "PlainJdbc",
          server.address);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).as(refused.toString()).startsWith("error: ").contains("(SQLState 28000)")
          .doesNotContain("\tat ");
      assertThat(refused.err().strip().lines()).hasSize(1);

      assertThat(server.terminate()).as(server.log()).isZero();
      assertDatabase("jdbc:blockdb:" + server.dataDir, "admin", 6, 100, 5);
    }
  }

  @Test
  void badNamesUrlsAndUnreachableServersEndWithTheirExitCodeAndOneLine() throws Exception {
    Result noName = run(Map.of(), "NoSuchExample");
    assertThat(noName.exitCode()).as(noName.toString()).isEqualTo(64);
    assertThat(noName.err()).startsWith("error: no example named 'NoSuchExample'");

    Result help = run(Map.of(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("PlainJdbc", "PooledJdbc", "AuditTrail", "BLOCKDB_USER");

    Result notUrl = run(Map.of(), "PlainJdbc", "./some-dir");
    assertThat(notUrl.exitCode()).as(notUrl.toString()).isEqualTo(2);
    assertThat(notUrl.err()).startsWith("error: './some-dir' is not a JDBC URL").contains("Usage: PlainJdbc");

    // Nobody listens on port 1.
    Result unreachable = run(Map.of(), "AuditTrail", "http://127.0.0.1:1");
    assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("error: cannot reach the BlockDB server at http://127.0.0.1:1")
        .contains("(SQLState 08001)").doesNotContain("\tat ");
    assertThat(Files.exists(cwd.resolve("audit-digest.json"))).isFalse();
  }

  private static void assertPlainJdbc(Result r, String principal, long firstId) {
    assertThat(r.out()).as(r.toString())
        .contains("Inserted 1 row", "Inserted a batch of 3 rows", "Committed a transaction of 2 rows",
            "Rolled back a transaction of 1 row", "Selected 6 rows written by this run",
            "UPDATE refused, as expected: SQLState 0A000", "VERIFY_CHAIN() = true")
        .containsPattern("(?m)^  " + firstId + "  ACME Corp +99\\.50  written by " + principal + "$")
        .containsPattern("(?m)^  " + (firstId + 5) + "  Wayne Enterprises +800\\.00  written by " + principal + "$")
        .doesNotContain("Never Paid");
  }

  private static void assertPooledJdbc(Result r) {
    assertThat(r.out()).as(r.toString()).contains("4 threads committed 20 transactions of 5 rows: 100 rows",
        "Read back 100 rows through the pool");
    for (int s = 1; s <= 4; s++) {
      assertThat(r.out()).containsPattern("sensor-" + s + " +25 readings");
    }
  }

  private void assertAuditTrail(Result r, String principal) throws IOException {
    assertThat(r.out()).as(r.toString())
        .contains("Recorded events 1 to 3", "Recorded events 4 to 5 after saving the digest",
            "✓ VERIFY_DIGEST(audit-digest.json) = true", "✓ VERIFY_CHAIN() = true",
            "✓ VERIFY_DIGEST(audit-digest-tampered.json) = false", "Audit trail proved intact")
        .containsPattern("✓ ROW_PROOF\\('AUDIT_EVENTS', 1\\) verified without the database: ledger entry \\d+, written by "
            + principal + ", in block \\d+ \\(covered by the saved digest\\)")
        .doesNotContain("✗");
    String saved = Files.readString(cwd.resolve("audit-digest.json")).strip();
    String tampered = Files.readString(cwd.resolve("audit-digest-tampered.json")).strip();
    assertThat(saved).startsWith("{\"format\":1,\"block_count\":").contains("\"root\":\"");
    assertThat(tampered).hasSameSizeAs(saved).isNotEqualTo(saved);
  }

  /** The rows the examples wrote, read back with the embedded driver once nothing else holds the data. */
  private static void assertDatabase(String url, String principal, int payments, int readings, int events)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      assertThat(rows(st, "SELECT COUNT(*), COUNT(DISTINCT LEDGER_PRINCIPAL), MIN(LEDGER_PRINCIPAL), MAX(ID) FROM PAYMENTS"))
          .isEqualTo(payments + " 1 " + principal + " " + payments);
      assertThat(rows(st, "SELECT COUNT(*) FROM PAYMENTS WHERE PAYEE = 'Never Paid Ltd'")).isEqualTo("0");
      assertThat(rows(st, "SELECT COUNT(*), COUNT(DISTINCT SENSOR), MIN(LEDGER_PRINCIPAL) FROM READINGS"))
          .isEqualTo(readings + " 4 " + principal);
      assertThat(rows(st, "SELECT COUNT(*), MIN(ACTOR), MIN(LEDGER_PRINCIPAL) FROM AUDIT_EVENTS"))
          .isEqualTo(events + " alice " + principal);
      assertThat(rows(st, "VALUES VERIFY_CHAIN()")).isEqualTo("true");
    }
  }

  private static String rows(Statement st, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          sb.append(sb.length() > 0 ? " " : "").append(rs.getString(i));
        }
      }
    }
    return sb.toString();
  }
}

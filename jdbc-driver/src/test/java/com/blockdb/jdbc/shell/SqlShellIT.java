package com.blockdb.jdbc.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end runs of the real {@code bin/blockdb-sql} (sqlline over the embedded driver), using the
 * jar and {@code target/lib} this build just packaged, against data directories on disk.
 */
class SqlShellIT {
  /** Generous: every run starts a JVM that loads Calcite. */
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir Path cwd;

  /** Exit code and output of one run. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Path launcher() {
    String p = System.getProperty("blockdb.sqlLauncher");
    Path launcher = p != null ? Path.of(p) : Path.of("..", "bin", "blockdb-sql");
    assertThat(launcher).as("launcher").isExecutable();
    return launcher.toAbsolutePath().normalize();
  }

  private Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), null, args);
  }

  /** Runs the launcher in {@link #cwd} with {@code stdin} piped in (an empty stdin when null). */
  private Result run(Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    // The developer's own settings must not leak in; and the jar under test is the one this build
    // packaged, never a rebuild of sources edited meanwhile.
    pb.environment().remove("BLOCKDB_DATA_DIR");
    pb.environment().remove("BLOCKDB_DEBUG");
    pb.environment().remove("BLOCKDB_JAVA_OPTS");
    pb.environment().put("BLOCKDB_NO_BUILD", "1");
    // sqlline keeps history and preferences under the home directory: keep them out of the user's.
    pb.environment().put("HOME", cwd.toString());
    pb.environment().putAll(env);
    // Files, not pipes: nothing can block on a full pipe buffer while we wait.
    File out = File.createTempFile("blockdb-sql-it", ".out");
    File err = File.createTempFile("blockdb-sql-it", ".err");
    try {
      Process p = pb.redirectOutput(out).redirectError(err).start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("blockdb-sql " + String.join(" ", args) + " timed out; stderr: "
            + Files.readString(err.toPath()));
      }
      return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      out.delete();
      err.delete();
    }
  }

  private static void assertNoStackTrace(Result r) {
    assertThat(r.err()).as(r.toString()).doesNotContain("\tat ", "Caused by:");
  }

  private Path script(String name, String text) throws IOException {
    return Files.writeString(cwd.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void aScriptFileCreatesInsertsAndSelectsAndTheRowsOutliveTheShell() throws Exception {
    script("setup.sql", """
        CREATE TABLE PEOPLE (ID INTEGER PRIMARY KEY, NAME VARCHAR(20) NOT NULL);
        INSERT INTO PEOPLE VALUES (1, 'Ada'), (2, 'Zoë');
        SELECT ID, NAME FROM PEOPLE ORDER BY ID;
        """);
    Result setup = run("data", "-f", "setup.sql");
    assertThat(setup.exitCode()).as(setup.toString()).isZero();
    assertThat(setup.out()).contains("Ada", "Zoë").containsPattern("\\| ID +\\| NAME +\\|");
    assertNoStackTrace(setup);

    // A second process, a JDBC URL and -e: the rows were written to the directory, durably.
    Result select = run("jdbc:blockdb:./data", "-e", "SELECT NAME FROM PEOPLE WHERE ID = 2",
        "-e", "SELECT COUNT(*) AS N FROM PEOPLE");
    assertThat(select.exitCode()).as(select.toString()).isZero();
    assertThat(select.out()).contains("Zoë").doesNotContain("Ada").containsPattern("\\| 2 +\\|");

    Result verify = run("data", "-e", "VALUES VERIFY_CHAIN()");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).containsPattern("\\| true +\\|");
  }

  @Test
  void aFailingStatementShowsTheSqlStateExitsNonZeroAndStopsTheScript() throws Exception {
    assertThat(run("data", "-e", "CREATE TABLE T (ID INTEGER PRIMARY KEY)").exitCode()).isZero();

    Result update = run("data", "-e", "UPDATE T SET ID = 2");
    assertThat(update.exitCode()).as(update.toString()).isNotZero();
    assertThat(update.err()).contains("UPDATE", "append-only", "state=0A000");
    assertNoStackTrace(update);

    // The statements after the failing one in a script do not run.
    script("stops.sql", """
        INSERT INTO T VALUES (1);
        DELETE FROM T;
        INSERT INTO T VALUES (2);
        """);
    Result stops = run("data", "-f", "stops.sql");
    assertThat(stops.exitCode()).as(stops.toString()).isNotZero();
    assertThat(stops.err()).contains("DELETE", "state=0A000");
    assertNoStackTrace(stops);

    // sqlline alone would exit 0 here: the last statement of the line succeeds.
    Result sameLine = run("data", "-e", "INSERT INTO T VALUES (1); SELECT ID FROM T ORDER BY ID");
    assertThat(sameLine.exitCode()).as(sameLine.toString()).isNotZero();
    assertThat(sameLine.err()).contains("state=23505");

    Result rows = run("data", "-e", "SELECT ID FROM T ORDER BY ID");
    assertThat(rows.exitCode()).as(rows.toString()).isZero();
    assertThat(rows.out()).containsPattern("\\| 1 +\\|").doesNotContainPattern("\\| 2 +\\|");
  }

  @Test
  void sqlPipedOnStdinRunsAsAScript() throws Exception {
    Result ok = run(Map.of(), "CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(5));\n"
        + "INSERT INTO T VALUES (7, 'seven');\nSELECT V FROM T;\n", "mem:piped");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("seven");

    Result failing = run(Map.of(), "VALUES 1;\nUPDATE KV SET VAL = 'x';\nVALUES 2;\n", "mem:piped");
    assertThat(failing.exitCode()).as(failing.toString()).isNotZero();
    assertThat(failing.err()).contains("state=0A000");
    assertNoStackTrace(failing);
  }

  @Test
  void aRowPutThroughTheEngineAsTheCliDoesIsInTheKvTable() throws Exception {
    // The CLI's put is this call on the same directory; its module is not built before this one
    // in the reactor (`mvn -pl jdbc-driver -am` leaves it out), so its launcher cannot be run here.
    try (BlockDb db = BlockDb.open(cwd.resolve("blockdb_data"))) {
      db.put("user:1001".getBytes(StandardCharsets.UTF_8), "John Doe".getBytes(StandardCharsets.UTF_8));
    }
    // No target: the CLI's default data directory, ./blockdb_data.
    Result kv = run("-e", "SELECT KEY, VAL, LEDGER_PRINCIPAL FROM KV");
    assertThat(kv.exitCode()).as(kv.toString()).isZero();
    assertThat(kv.out()).containsPattern("\\| user:1001 +\\| John Doe +\\|");

    // BLOCKDB_DATA_DIR names the default, as for the CLI.
    Files.move(cwd.resolve("blockdb_data"), cwd.resolve("elsewhere"));
    Result env = run(Map.of("BLOCKDB_DATA_DIR", "elsewhere"), null, "-e", "SELECT VAL FROM KV");
    assertThat(env.exitCode()).as(env.toString()).isZero();
    assertThat(env.out()).contains("John Doe");
  }

  @Test
  void sqllineTransactionsCommitAndRollBack() throws Exception {
    // sqlline connects with autoCommit on and its default isolation, REPEATABLE_READ, which BlockDB
    // reports for its snapshot isolation: no warning, and !autocommit off opens transactions.
    Result r = run(Map.of(), """
        CREATE TABLE T (ID INTEGER PRIMARY KEY);
        !autocommit off
        INSERT INTO T VALUES (1);
        !rollback
        INSERT INTO T VALUES (2);
        !commit
        !autocommit on
        SELECT COUNT(*) AS N, MAX(ID) AS HI FROM T;
        """, "data");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("\\| 1 +\\| 2 +\\|");
    assertThat(r.err()).contains("Rollback complete", "Commit complete").doesNotContain("not supported");
  }

  @Test
  void theLauncherRejectsConnectionOptionsItSetsItself() throws Exception {
    Result r = run("data", "-u", "jdbc:blockdb:mem:x");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(64);
    assertThat(r.err()).startsWith("error: ").contains("-u");

    // A user and password are for a server; the embedded database has none.
    Result user = run("data", "-n", "admin", "-e", "VALUES 1");
    assertThat(user.exitCode()).as(user.toString()).isEqualTo(64);
    assertThat(user.err()).isEqualTo("error: -n is for a server URL; the embedded database jdbc:blockdb:data "
        + "has no users (it records writes as 'local')\n");
    // BLOCKDB_USER may be set for other tools: embedded, it is ignored.
    Result env = run(Map.of("BLOCKDB_USER", "admin", "BLOCKDB_PASSWORD", "x"), null, "mem:x", "-e",
        "SELECT COUNT(*) AS N FROM KV");
    assertThat(env.exitCode()).as(env.toString()).isZero();

    Result other = run("jdbc:h2:mem:x");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(64);
    assertThat(other.err()).contains("not a BlockDB URL", "jdbc:blockdb:remote:http://HOST:PORT");

    Result missing = run("data", "-f", "no-such.sql");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(66);
    assertThat(missing.err()).isEqualTo("error: cannot read script file no-such.sql\n");
  }
}

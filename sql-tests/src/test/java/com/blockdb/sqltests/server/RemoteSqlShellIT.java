package com.blockdb.sqltests.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/blockdb-sql} (the jar this build packaged) on a blockdb-server process:
 * {@code http://host:port} and {@code jdbc:blockdb:remote:} targets, the user and password from
 * {@code -n}/{@code -p}, from BLOCKDB_USER/BLOCKDB_PASSWORD or from the URL, each connection running
 * as its user on the server; sqlline's transactions ({@code !autocommit off}, {@code !commit},
 * {@code !rollback}) at its default isolation; and refused credentials as one error line.
 */
class RemoteSqlShellIT {
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir
  static Path serverDir;

  private static ServerProcess server;

  @TempDir
  Path cwd;

  @BeforeAll
  static void startServer() throws Exception {
    server = ServerProcess.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      assertThat(server.terminate()).as(server.log()).isZero();
    }
  }

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

  private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    for (String v : List.of("BLOCKDB_DATA_DIR", "BLOCKDB_DEBUG", "BLOCKDB_JAVA_OPTS", "BLOCKDB_USER",
        "BLOCKDB_PASSWORD", "BLOCKDB_SQL_PASSWORD")) {
      pb.environment().remove(v);
    }
    pb.environment().put("BLOCKDB_NO_BUILD", "1"); // the jar this build packaged
    pb.environment().put("HOME", cwd.toString()); // sqlline's history and preferences
    pb.environment().putAll(env);
    File out = File.createTempFile("blockdb-sql-remote-it", ".out");
    File err = File.createTempFile("blockdb-sql-remote-it", ".err");
    try {
      // stdin is an empty pipe, as in a script or CI job: nobody at a terminal to ask for a password.
      Process p = pb.redirectOutput(out).redirectError(err).start();
      p.getOutputStream().close();
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

  @Test
  void aPlainServerAddressWithDashNAndDashPRunsAScriptAsThatUser() throws Exception {
    Files.writeString(cwd.resolve("setup.sql"), """
        CREATE TABLE PEOPLE (ID INTEGER PRIMARY KEY, NAME VARCHAR(20) NOT NULL);
        INSERT INTO PEOPLE VALUES (1, 'Ada'), (2, 'Zoë');
        SELECT ID, NAME, LEDGER_PRINCIPAL FROM PEOPLE ORDER BY ID;
        """);
    Result r = run(Map.of(), server.address, "-n", "local", "-p", TestServerMain.PASSWORD, "-f", "setup.sql");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("\\| 1 +\\| Ada +\\| local +\\|").containsPattern("\\| 2 +\\| Zoë +\\| local +\\|");
    // sqlline sets its default isolation, REPEATABLE_READ, on connect: BlockDB's remote driver takes it.
    assertThat(r.err()).as(r.toString()).doesNotContain("not supported", "Error:");
    assertNoStackTrace(r);
  }

  @Test
  void theEnvironmentGivesTheUserAndAReaderCannotWrite() throws Exception {
    Result create = run(Map.of("BLOCKDB_USER", "local", "BLOCKDB_PASSWORD", TestServerMain.PASSWORD),
        "jdbc:blockdb:remote:" + server.address, "-e", "CREATE TABLE NOTES (ID INTEGER PRIMARY KEY, T VARCHAR(10))",
        "-e", "INSERT INTO NOTES VALUES (1, 'mine')");
    assertThat(create.exitCode()).as(create.toString()).isZero();

    Map<String, String> rita = Map.of("BLOCKDB_USER", "rita", "BLOCKDB_PASSWORD", TestServerMain.PASSWORD);
    Result read = run(rita, server.address, "-e", "SELECT T, LEDGER_PRINCIPAL FROM NOTES");
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(read.out()).containsPattern("\\| mine +\\| local +\\|");

    Result write = run(rita, server.address, "-e", "INSERT INTO NOTES VALUES (2, 'hers')");
    assertThat(write.exitCode()).as(write.toString()).isEqualTo(2);
    assertThat(write.err()).contains("'rita'", "state=25006");
    assertNoStackTrace(write);

    // -n beats BLOCKDB_USER: the same environment, another user.
    Result asLocal = run(rita, server.address, "-n", "local", "-e", "INSERT INTO NOTES VALUES (3, 'again')");
    assertThat(asLocal.exitCode()).as(asLocal.toString()).isZero();
  }

  @Test
  void aUserInTheUrlTakesThePasswordFromTheEnvironment() throws Exception {
    Result r = run(Map.of("BLOCKDB_PASSWORD", TestServerMain.PASSWORD),
        "jdbc:blockdb:remote:" + server.address + ";user=rita", "-e", "SELECT COUNT(*) AS N FROM KV");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("\\| 0 +\\|");
  }

  @Test
  void sqllineTransactionsCommitAndRollBackOnTheServer() throws Exception {
    Files.writeString(cwd.resolve("txn.sql"), """
        CREATE TABLE TXN_ROWS (ID INTEGER PRIMARY KEY);
        !autocommit off
        INSERT INTO TXN_ROWS VALUES (1);
        !rollback
        INSERT INTO TXN_ROWS VALUES (2);
        INSERT INTO TXN_ROWS VALUES (3);
        !commit
        !autocommit on
        SELECT COUNT(*) AS N, MIN(ID) AS LO, MAX(ID) AS HI FROM TXN_ROWS;
        """);
    Result r = run(Map.of(), server.address, "-n", "local", "-p", TestServerMain.PASSWORD, "-f", "txn.sql");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("\\| 2 +\\| 2 +\\| 3 +\\|");
    assertNoStackTrace(r);
  }

  @Test
  void refusedOrMissingCredentialsAreOneLineAndANonZeroExit() throws Exception {
    Result wrong = run(Map.of(), server.address, "-n", "local", "-p", "not-the-password", "-e", "VALUES 1");
    assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(2);
    assertThat(wrong.err()).contains("refused the credentials", "state=28000");
    assertNoStackTrace(wrong);

    Result none = run(Map.of(), server.address, "-e", "VALUES 1");
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
    assertThat(none.err()).contains("state=28000");

    // No terminal to ask at: the launcher says what is missing instead of hanging or sending none.
    Result noPassword = run(Map.of(), server.address, "-n", "local", "-e", "VALUES 1");
    assertThat(noPassword.exitCode()).as(noPassword.toString()).isEqualTo(64);
    assertThat(noPassword.err()).isEqualTo("error: no password for user 'local': give -p PASSWORD or set "
        + "BLOCKDB_PASSWORD (only a shell at a terminal can ask for it)\n");
  }

  @Test
  void thePasswordIsNotOnTheJavaCommandLine() throws Exception {
    // Other users see a process's arguments (ps, /proc/PID/cmdline): the launcher hands the
    // password to the shell through the java process's environment instead.
    ProcessBuilder pb = new ProcessBuilder(launcher().toString(), server.address, "-n", "local", "-p",
        TestServerMain.PASSWORD, "-e", "VALUES VERIFY_CHAIN()").directory(cwd.toFile())
        .redirectOutput(cwd.resolve("out.txt").toFile()).redirectError(cwd.resolve("err.txt").toFile());
    pb.environment().put("BLOCKDB_NO_BUILD", "1");
    pb.environment().put("HOME", cwd.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    List<String> javaArgs = null;
    while (p.isAlive() && javaArgs == null) {
      javaArgs = p.descendants()
          .map(h -> h.info().arguments().map(List::of).orElse(List.of()))
          .filter(a -> a.contains("com.blockdb.jdbc.shell.SqlShellMain"))
          .findFirst().orElse(null);
      TimeUnit.MILLISECONDS.sleep(10);
    }
    assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(cwd.resolve("err.txt"))).isZero();
    assertThat(javaArgs).as("the shell's java process was seen running").isNotNull();
    assertThat(javaArgs).containsSubsequence("-n", "local").doesNotContain(TestServerMain.PASSWORD);
  }
}

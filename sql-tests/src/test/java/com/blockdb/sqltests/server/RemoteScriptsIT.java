package com.blockdb.sqltests.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.sqltests.OutcomeDiff;
import com.blockdb.sqltests.Script;
import com.blockdb.sqltests.ScriptResult;
import com.blockdb.sqltests.ScriptRunner;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL scripts, unchanged, against a blockdb-server process over {@code jdbc:blockdb:remote:}
 * (a fresh server and data directory per script, as ScriptTest gives each a fresh database): each
 * must pass, and its outcomes must equal an embedded run's (rows, column metadata, update counts,
 * exception classes, SQLStates, vendor codes). Then a HikariCP pool over the remote URL, and a
 * SIGTERM that must end the process with 0 and keep every committed row. The server is the one
 * users run: its own main with users kept in the ledger, the first admin from
 * {@code BLOCKDB_ADMIN_PASSWORD} ({@link ServerProcess#startReal}), the reader made through the
 * user endpoint.
 */
class RemoteScriptsIT {
  private static final AtomicInteger DBS = new AtomicInteger();

  @TempDir
  Path dir;

  private static final String READER = "rita";
  private static final String READER_PASSWORD = "rita-reader-pw";

  private static Properties login(String user) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", user.equals(READER) ? READER_PASSWORD : ServerProcess.REAL_ADMIN_PASSWORD);
    return p;
  }

  /** Makes the reader through the server's user endpoint, as the admin. */
  private static void createReader(ServerProcess server) throws IOException, InterruptedException {
    String admin = Base64.getEncoder().encodeToString((ServerProcess.REAL_ADMIN + ":"
        + ServerProcess.REAL_ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.address + "/api/v1/users")).header("Authorization", "Basic " + admin)
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + READER + "\",\"password\":\"" + READER_PASSWORD
            + "\",\"roles\":[\"reader\"]}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  static List<Path> scripts() {
    URL sql = RemoteScriptsIT.class.getClassLoader().getResource("sql");
    try (Stream<Path> files = Files.list(Path.of(sql.toURI()))) {
      return files.filter(f -> f.toString().endsWith(".sql") || f.toString().endsWith(".iq")).sorted().toList();
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list the sql/ scripts", e);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScriptPassesRemotelyWithTheEmbeddedOutcomes() {
    return scripts().stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
        script.toUri(), () -> play(script)));
  }

  private void play(Path file) throws Exception {
    Script script = Script.load(file);
    Path serverDir = Files.createDirectories(dir.resolve(file.getFileName().toString()));
    ScriptResult remote;
    try (ServerProcess server = ServerProcess.startReal(serverDir)) {
      remote = ScriptRunner.run(server.url(), login(ServerProcess.REAL_ADMIN), script);
      assertThat(server.terminate()).as(server.log()).isZero();
    }
    assertThat(remote.passed()).as(remote.report()).isTrue();
    String mem = "jdbc:blockdb:mem:remote_it_" + ProcessHandle.current().pid() + "_" + DBS.incrementAndGet();
    ScriptResult embedded = ScriptRunner.run(mem, script);
    List<String> diffs = OutcomeDiff.compare(embedded, remote);
    assertThat(diffs).as("embedded (first) and remote (second) outcomes differ:\n" + String.join("\n", diffs))
        .isEmpty();
  }

  @Test
  void aHikariPoolServesRemoteConnectionsThatReadersCannotWriteWith() throws Exception {
    try (ServerProcess server = ServerProcess.startReal(dir)) {
      createReader(server);
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(server.url());
      config.setUsername(ServerProcess.REAL_ADMIN);
      config.setPassword(ServerProcess.REAL_ADMIN_PASSWORD);
      config.setMaximumPoolSize(4);
      config.setConnectionTestQuery("VALUES 1"); // what README.md "Server" recommends with any Avatica client
      config.setMaxLifetime(300_000); // below the server's connection_expiry (600 s)
      try (HikariDataSource pool = new HikariDataSource(config)) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
          st.executeUpdate("CREATE TABLE POOLED (ID INTEGER PRIMARY KEY, V VARCHAR(10))");
        }
        for (int i = 0; i < 20; i++) {
          try (Connection c = pool.getConnection();
              PreparedStatement ps = c.prepareStatement("INSERT INTO POOLED VALUES (?, ?)")) {
            c.setAutoCommit(i % 2 == 0); // Hikari resets it on return; odd ones commit themselves
            ps.setInt(1, i);
            ps.setString(2, "v" + i);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
              c.commit();
            }
          }
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(LEDGER_PRINCIPAL) FROM POOLED")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(20);
          assertThat(rs.getString(2)).isEqualTo(ServerProcess.REAL_ADMIN);
        }
      }
      try (Connection reader = DriverManager.getConnection(server.url(), login(READER));
          Statement st = reader.createStatement()) {
        assertThatThrownBy(() -> st.executeUpdate("INSERT INTO POOLED VALUES (100, 'r')"))
            .isInstanceOfSatisfying(SQLException.class, e -> {
              assertThat(e.getSQLState()).isEqualTo("25006");
              assertThat(e.getMessage()).contains("'rita'");
            });
      }
      assertThat(server.terminate()).isZero();
    }
  }

  @Test
  void sigtermStopsTheServerWithExitCodeZeroKeepingCommittedRowsOnly() throws Exception {
    ServerProcess server = ServerProcess.startReal(dir);
    Connection open = DriverManager.getConnection(server.url(), login(ServerProcess.REAL_ADMIN));
    try (Connection c = DriverManager.getConnection(server.url(), login(ServerProcess.REAL_ADMIN));
        Statement st = c.createStatement(); Statement ot = open.createStatement()) {
      st.executeUpdate("CREATE TABLE KEPT (ID INTEGER PRIMARY KEY)");
      st.executeUpdate("INSERT INTO KEPT VALUES (1)");
      open.setAutoCommit(false);
      ot.executeUpdate("INSERT INTO KEPT VALUES (2)"); // in flight, never committed
      assertThat(server.terminate()).as(server.log()).isZero();
    }
    open.close(); // the server is gone: closing is quiet
    assertThat(server.log()).contains("SIGTERM received", "database closed").doesNotContain("Exception");
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + server.dataDir);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ID, LEDGER_BLOCK IS NOT NULL FROM KEPT ORDER BY ID")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getBoolean(2)).as("sealed at shutdown").isTrue();
      assertThat(rs.next()).isFalse();
    }
  }
}

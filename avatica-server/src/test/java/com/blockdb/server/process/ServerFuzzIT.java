package com.blockdb.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing a {@code bin/blockdb-server} process (the in-process REST fuzzing of the rest package,
 * now against the real process and every endpoint, JDBC included). Fuzzed SQL over remote JDBC
 * gets a result or an SQLException, never a dropped connection, an internal error or a hang, and
 * the connection and the server go on serving; fuzzed HTTP requests get a reply below 500 without
 * a stack trace, and the server goes on serving. Seeded: the seed is printed, and
 * {@code -Dblockdb.fuzz.seed=N} repeats a run.
 */
class ServerFuzzIT {
  private static final long SEED = Long.getLong("blockdb.fuzz.seed", new Random().nextLong());
  private static final int SQL_STATEMENTS = Integer.getInteger("blockdb.fuzz.sql", 400);
  private static final int HTTP_REQUESTS = Integer.getInteger("blockdb.fuzz.http", 1500);
  /** Statements between two checks that the connection still serves. */
  private static final int BATCH = 20;
  private static final String ADMIN_AUTH = ServerHttp.basic(LaunchedServer.ADMIN, LaunchedServer.ADMIN_PASSWORD);
  /** A bound per request, so that a hang fails the test instead of stalling it. */
  private static final String CONFIG = "[server]\nrequest_timeout = 20\nmax_body_bytes = 131072\n";

  /** Held, so that the level set stays (java.util.logging keeps loggers weakly). */
  private static final java.util.logging.Logger PROTOBUF_LOG = java.util.logging.Logger.getLogger("com.google.protobuf");

  @TempDir
  Path dir;

  @Test
  @Timeout(600)
  void fuzzedSqlAndHttpGetErrorsAndTheServerKeepsServing() throws Exception {
    System.out.println("ServerFuzzIT: seed " + SEED + " (-Dblockdb.fuzz.seed=" + SEED + " repeats it)");
    // Protobuf (in the client) logs a stack trace for every lone surrogate it sends as '?'.
    PROTOBUF_LOG.setLevel(java.util.logging.Level.SEVERE);
    try (LaunchedServer server = LaunchedServer.start(dir, CONFIG, "-Xmx512m")) {
      ServerHttp http = new ServerHttp(server.address());
      http.createUser(ADMIN_AUTH, "writer-fz", "pw-writer-fz", List.of("writer"));
      http.createUser(ADMIN_AUTH, "reader-fz", "pw-reader-fz", List.of("reader"));
      http.createUser(ADMIN_AUTH, "admin-fz", "pw-admin-fz", List.of("admin"));
      String url = server.jdbcUrl(";http_response_timeout=" + ServerHttp.REPLY_TIMEOUT.toMillis());
      try (Connection c = connect(url, "writer-fz", "pw-writer-fz"); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE FUZZ (ID INTEGER PRIMARY KEY, NAME VARCHAR(65536))");
        s.execute("INSERT INTO FUZZ VALUES (1, 'one'), (2, 'two'), (3, 'two')");
      }

      fuzzSql(url, "writer-fz", "pw-writer-fz", SEED);
      fuzzSql(url, "reader-fz", "pw-reader-fz", SEED + 1);
      fuzzHttp(server, http);

      assertThat(server.alive()).isTrue();
      assertThat(server.log()).doesNotContain("OutOfMemoryError", "StackOverflowError");
      try (Connection c = connect(url, "writer-fz", "pw-writer-fz"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT VERIFY_CHAIN()")) {
        assertThat(rs.next() && rs.getBoolean(1)).as("VERIFY_CHAIN()").isTrue();
      }
      assertThat(server.terminate()).as(server.log()).isZero();
    }
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  /**
   * Sends fuzzed SQL on one connection, half as plain statements and half prepared. Each gets a
   * result or an SQLException whose SQLState is neither a connection failure (class 08) nor an
   * internal error (class XX) and whose message holds no stack trace; every {@value #BATCH}
   * statements, {@code SELECT 1} must still work on the same connection.
   */
  private static void fuzzSql(String url, String user, String password, long seed) throws SQLException {
    SqlFuzz fuzz = new SqlFuzz(seed);
    Random rnd = new Random(seed);
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    try (Connection c = connect(url, user, password)) {
      for (int i = 0; i < SQL_STATEMENTS; i++) {
        String sql = fuzz.next();
        String outcome;
        try {
          if (rnd.nextBoolean()) {
            try (Statement s = c.createStatement()) {
              s.execute(sql);
            }
          } else {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              if (ps.getParameterMetaData().getParameterCount() == 0) {
                ps.execute();
              }
            }
          }
          outcome = "ok";
        } catch (SQLException e) {
          String state = String.valueOf(e.getSQLState());
          outcome = state;
          String message = String.valueOf(e.getMessage());
          if (state.startsWith("08") || state.startsWith("XX") || state.equals("null") || message.contains("\tat ")) {
            failures.add(state + " " + RawHttp.printable(message) + "\n    for: " + RawHttp.printable(sql));
          }
        }
        outcomes.merge(outcome, 1, Integer::sum);
        if (i % BATCH == BATCH - 1) {
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next() && rs.getInt(1) == 1).isTrue();
          } catch (SQLException e) {
            throw new AssertionError("the connection stopped serving after fuzzed statement " + i + ": " + e
                + "\nfailures so far:\n" + String.join("\n", failures), e);
          }
        }
      }
    }
    System.out.println("ServerFuzzIT: " + SQL_STATEMENTS + " fuzzed SQL strings as " + user + ": " + outcomes);
    assertThat(failures).as("fuzzed SQL as " + user + " that got a connection failure, internal error or trace")
        .isEmpty();
  }

  /**
   * Sends fuzzed requests on raw sockets. Each must get a status line with a status below 500 and
   * no stack trace in its reply; every {@value #BATCH} requests, /health and an authenticated
   * /stats must still answer 200.
   */
  private static void fuzzHttp(LaunchedServer server, ServerHttp http) throws Exception {
    int port = URI.create(server.address()).getPort();
    RestFuzz fuzz = new RestFuzz(SEED, ServerHttp.basic("writer-fz", "pw-writer-fz"),
        ServerHttp.basic("admin-fz", "pw-admin-fz"));
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < HTTP_REQUESTS; i++) {
      RestFuzz.Request r = fuzz.next();
      RawHttp.Reply reply = RawHttp.send(port, r.head(), r.body());
      statuses.merge(reply.status(), 1, Integer::sum);
      if (reply.status() < 100 || reply.status() >= 500 || reply.text().contains("\tat ")) {
        failures.add(reply.status() + " " + RawHttp.printable(reply.text()) + "\n    for: " + RawHttp.printable(r.head()));
      }
      if (i % BATCH == BATCH - 1) {
        assertThat(http.get("/health", null).status()).as("/health after fuzzed request " + i).isEqualTo(200);
        assertThat(http.get("/stats", ADMIN_AUTH).status()).as("/stats after fuzzed request " + i).isEqualTo(200);
      }
    }
    System.out.println("ServerFuzzIT: " + HTTP_REQUESTS + " fuzzed HTTP requests, statuses: " + statuses);
    assertThat(failures).as("fuzzed requests answered with 5xx, no status or a trace").isEmpty();
  }
}

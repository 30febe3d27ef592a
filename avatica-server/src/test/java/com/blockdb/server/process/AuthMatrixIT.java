package com.blockdb.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what, against a {@code bin/blockdb-server} process whose users are made through its
 * own user endpoints: every endpoint refuses requests without credentials (401) but /health; each
 * role gets exactly its permissions on every endpoint, over REST and JDBC (a reader or auditor
 * cannot write: 403, 25006; a writer cannot manage users nor back up); a user whose role is
 * revoked, who is disabled or whose password is reset is refused on its next request, over BASIC,
 * over a bearer token from /api/v1/login, and on a JDBC connection it had already open; and with
 * {@code allow_anonymous = true} a request without credentials may read, never write.
 */
class AuthMatrixIT {
  private static final String ADMIN_AUTH = ServerHttp.basic(LaunchedServer.ADMIN, LaunchedServer.ADMIN_PASSWORD);
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  @TempDir
  static Path dir;

  private static LaunchedServer server;
  private static ServerHttp http;
  private static String url;

  /** The roles of the matrix: a user of each, and one holding none. */
  enum As { NONE, READER, WRITER, AUDITOR, ADMIN }

  private static String user(As as) {
    return as == As.ADMIN ? LaunchedServer.ADMIN : as.name().toLowerCase() + "-u";
  }

  private static String password(As as) {
    return as == As.ADMIN ? LaunchedServer.ADMIN_PASSWORD : "pw-" + user(as);
  }

  private static String auth(As as) {
    return ServerHttp.basic(user(as), password(as));
  }

  @BeforeAll
  static void start() throws Exception {
    server = LaunchedServer.start(Files.createDirectories(dir.resolve("closed")), "", "-Xmx512m");
    http = new ServerHttp(server.address());
    url = server.jdbcUrl("");
    for (As as : As.values()) {
      if (as != As.ADMIN) {
        http.createUser(ADMIN_AUTH, user(as), password(as), as == As.NONE ? List.of() : List.of(as.name().toLowerCase()));
      }
    }
    http.createUser(ADMIN_AUTH, "target", "pw-target-1", List.of("reader"));
    assertThat(http.post("/api/v1/put", ADMIN_AUTH, "{\"key\":\"seed\",\"value\":\"s\"}").status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      assertThat(server.terminate()).as(server.log()).isZero();
    }
  }

  // ---- the endpoints ----

  /** One request: method, path and a body made fresh for each call (unique keys and names). */
  record Call(String name, String method, String path, Supplier<String> body) {
    ServerHttp.Reply send(ServerHttp http, String authorization) {
      String b = body == null ? null : body.get();
      return switch (method) {
        case "GET" -> http.get(path, authorization);
        case "PUT" -> http.put(path, authorization, b);
        default -> http.post(path, authorization, b);
      };
    }
  }

  private static Supplier<String> fresh(String template) {
    return () -> template.replace("#", Integer.toString(UNIQUE.incrementAndGet()));
  }

  /** Every endpoint but /health and /api/v1/login, with the status each role gets (in As order). */
  private static Map<Call, List<Integer>> matrix() {
    Map<Call, List<Integer>> m = new LinkedHashMap<>();
    //                                                                                       NONE READER WRITER AUDITOR ADMIN
    m.put(new Call("put", "POST", "/api/v1/put", fresh("{\"key\":\"k#\",\"value\":\"v\"}")), List.of(403, 403, 201, 403, 201));
    m.put(new Call("get", "GET", "/api/v1/get/seed", null), List.of(403, 200, 200, 200, 200));
    m.put(new Call("batch", "POST", "/api/v1/batch",
        fresh("{\"operations\":[{\"type\":\"put\",\"key\":\"b#\",\"value\":\"v\"}]}")), List.of(403, 403, 201, 403, 201));
    m.put(new Call("digest", "GET", "/api/v1/digest", null), List.of(403, 403, 403, 200, 200));
    m.put(new Call("proof", "GET", "/api/v1/proof/seed", null), List.of(403, 403, 403, 200, 200));
    m.put(new Call("stats", "GET", "/stats", null), List.of(403, 200, 200, 200, 200));
    m.put(new Call("verify", "POST", "/verify", null), List.of(403, 403, 403, 200, 200));
    m.put(new Call("metrics", "GET", "/metrics", null), List.of(403, 200, 200, 200, 200));
    m.put(new Call("backup", "POST", "/api/v1/backup", null), List.of(403, 403, 403, 403, 200));
    m.put(new Call("list users", "GET", "/api/v1/users", null), List.of(403, 403, 403, 403, 200));
    m.put(new Call("create user", "POST", "/api/v1/users",
        fresh("{\"user\":\"new#\",\"password\":\"pw-new-user\",\"roles\":[\"reader\"]}")), List.of(403, 403, 403, 403, 201));
    m.put(new Call("get user", "GET", "/api/v1/users/target", null), List.of(403, 403, 403, 200, 200));
    m.put(new Call("grant", "POST", "/api/v1/users/target/roles", () -> "{\"grant\":[\"reader\"]}"),
        List.of(403, 403, 403, 403, 200));
    m.put(new Call("set password", "PUT", "/api/v1/users/target/password", () -> "{\"password\":\"pw-target-1\"}"),
        List.of(403, 403, 403, 403, 200));
    m.put(new Call("disable", "POST", "/api/v1/users/target/disable", null), List.of(403, 403, 403, 403, 200));
    m.put(new Call("enable", "POST", "/api/v1/users/target/enable", null), List.of(403, 403, 403, 403, 200));
    m.put(new Call("history", "GET", "/api/v1/users/target/history", null), List.of(403, 403, 403, 200, 200));
    return m;
  }

  private static final String OPEN_CONNECTION = "{\"request\":\"openConnection\",\"connectionId\":\"raw-%d\"}";

  // ---- tests ----

  @Test
  void everyEndpointButHealthRefusesRequestsWithoutOrWithWrongCredentials() {
    List<String> wrong = new ArrayList<>();
    for (String authorization : new String[] {null, ServerHttp.basic("writer-u", "not its password"),
        ServerHttp.basic("nobody", "pw-nobody-x"), ServerHttp.bearer("no-such-token"), "Basic !!!"}) {
      for (Call c : matrix().keySet()) {
        ServerHttp.Reply r = c.send(http, authorization);
        if (r.status() != 401) {
          wrong.add(c.name() + " with " + authorization + ": " + r);
        }
      }
      ServerHttp.Reply jdbc = http.post("/", authorization, String.format(OPEN_CONNECTION, UNIQUE.incrementAndGet()));
      if (jdbc.status() != 401) {
        wrong.add("JDBC POST / with " + authorization + ": " + jdbc);
      }
      ServerHttp.Reply logout = http.post("/api/v1/logout", authorization, null);
      if (logout.status() != 401) {
        wrong.add("logout with " + authorization + ": " + logout);
      }
    }
    assertThat(wrong).isEmpty();
    ServerHttp.Reply unauthorized = http.get("/stats", null);
    assertThat(unauthorized.json().path("status").asInt()).isEqualTo(401);
    assertThat(http.get("/health", null).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/login", null, "{\"user\":\"writer-u\",\"password\":\"wrong password\"}").status())
        .isEqualTo(401);
    assertThatThrownBy(() -> DriverManager.getConnection(url)).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    assertThatThrownBy(() -> connect(url, "writer-u", "wrong password")).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
  }

  @Test
  void eachRoleGetsExactlyItsPermissionsOnEveryEndpoint() {
    List<String> wrong = new ArrayList<>();
    matrix().forEach((call, expected) -> {
      for (As as : As.values()) {
        ServerHttp.Reply r = call.send(http, auth(as));
        int want = expected.get(as.ordinal());
        if (r.status() != want) {
          wrong.add(call.name() + " as " + as + ": expected " + want + ", got " + r);
        }
      }
    });
    // Every user may read its own record, whatever its roles.
    for (As as : As.values()) {
      ServerHttp.Reply r = http.get("/api/v1/users/" + user(as), auth(as));
      if (r.status() != 200) {
        wrong.add("own user record as " + as + ": " + r);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void overJdbcReadersAndAuditorsCannotWriteAndAUserWithoutRolesCannotConnect() throws SQLException {
    try (Connection admin = connect(url, user(As.ADMIN), password(As.ADMIN)); Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE ROLES_T (ID INTEGER PRIMARY KEY, BY_USER VARCHAR(20))");
    }
    for (As as : List.of(As.READER, As.AUDITOR, As.WRITER, As.ADMIN)) {
      try (Connection c = connect(url, user(as), password(as)); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ROLES_T")) {
          assertThat(rs.next()).isTrue();
        }
        String insert = "INSERT INTO ROLES_T VALUES (" + (10 + as.ordinal()) + ", '" + user(as) + "')";
        if (as == As.READER || as == As.AUDITOR) {
          assertThatThrownBy(() -> s.executeUpdate(insert)).as(as + " INSERT").isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"))
              .hasMessageContaining(user(as));
          assertThatThrownBy(() -> s.execute("CREATE TABLE BY_" + as + " (A INTEGER PRIMARY KEY)"))
              .isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
          // setReadOnly(false) does not lift it.
          c.setReadOnly(false);
          assertThatThrownBy(() -> s.executeUpdate(insert)).isInstanceOf(SQLException.class);
        } else {
          assertThat(s.executeUpdate(insert)).isEqualTo(1);
        }
        if (as == As.AUDITOR) {
          try (ResultSet rs = s.executeQuery("SELECT VERIFY_CHAIN()")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("the auditor verifies").isTrue();
          }
        }
      }
    }
    try (Connection c = connect(url, user(As.ADMIN), password(As.ADMIN)); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ID, BY_USER, LEDGER_PRINCIPAL FROM ROLES_T ORDER BY ID")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
      assertThat(rows).as("only the writer's and the admin's rows, each recorded as its user")
          .containsExactly("12 writer-u writer-u", "14 admin admin");
    }
    assertThatThrownBy(() -> connect(url, user(As.NONE), password(As.NONE))).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
  }

  /**
   * A revoke applies to the very next request, also on a JDBC connection opened before it. That
   * connection cannot even be closed any more (its close request is refused like any other), so the
   * server keeps it until {@code connection_expiry}; a transaction it had open keeps its locks until
   * then.
   */
  @Test
  void aRevokedUserIsRefusedOnItsNextRequestOverBasicTokenAndAnOpenJdbcConnection() throws SQLException {
    http.createUser(ADMIN_AUTH, "revokee", "pw-revokee-1", List.of("writer"));
    String basic = ServerHttp.basic("revokee", "pw-revokee-1");
    String token = ServerHttp.bearer(http.login("revokee", "pw-revokee-1"));
    assertThat(http.post("/api/v1/put", token, "{\"key\":\"rv1\",\"value\":\"v\"}").status()).isEqualTo(201);
    Connection c = connect(url, "revokee", "pw-revokee-1");
    try {
      Statement s = c.createStatement();
      s.execute("CREATE TABLE REVOKED_T (ID INTEGER PRIMARY KEY)");
      assertThat(s.executeUpdate("INSERT INTO REVOKED_T VALUES (1)")).isEqualTo(1);

      assertThat(http.revoke(ADMIN_AUTH, "revokee", "writer").status()).isEqualTo(200);

      assertThat(http.post("/api/v1/put", basic, "{\"key\":\"rv2\",\"value\":\"v\"}").status()).isEqualTo(403);
      assertThat(http.get("/api/v1/get/rv1", basic).status()).as("no role left: not even READ").isEqualTo(403);
      assertThat(http.get("/api/v1/get/rv1", token).status()).as("the revoke ended the token").isEqualTo(401);
      // The connection opened before the revoke: its next request is refused, a write as a read.
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO REVOKED_T VALUES (2)")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM REVOKED_T")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    } finally {
      closeRefused(c);
    }
    assertThat(http.get("/api/v1/get/rv2", ADMIN_AUTH).status()).as("the refused put wrote nothing").isEqualTo(404);
    assertThat(rowsOf("REVOKED_T")).containsExactly(1);
  }

  @Test
  void revokingWriterFromAUserWhoStillReadsMakesItsOpenConnectionReadOnly() throws SQLException {
    http.createUser(ADMIN_AUTH, "demoted", "pw-demoted-1", List.of("writer", "reader"));
    try (Connection c = connect(url, "demoted", "pw-demoted-1"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE DEMOTED_T (ID INTEGER PRIMARY KEY)");
      assertThat(s.executeUpdate("INSERT INTO DEMOTED_T VALUES (1)")).isEqualTo(1);
      assertThat(http.revoke(ADMIN_AUTH, "demoted", "writer").status()).isEqualTo(200);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO DEMOTED_T VALUES (2)")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM DEMOTED_T")) {
        assertThat(rs.next() && rs.getInt(1) == 1).as("it still reads").isTrue();
      }
    }
    assertThat(rowsOf("DEMOTED_T")).containsExactly(1);
  }

  /**
   * Disabling refuses the user at once, on an open JDBC connection too; enabling restores its roles
   * and password but not its tokens. The connection that was refused stays refused after the
   * enable (Avatica's HTTP client gives up sending the credentials the server once refused): the
   * user opens a new one.
   */
  @Test
  void aDisabledUserIsRefusedUntilEnabledAndItsTokensStayEnded() throws SQLException {
    http.createUser(ADMIN_AUTH, "disablee", "pw-disablee-1", List.of("writer"));
    String basic = ServerHttp.basic("disablee", "pw-disablee-1");
    String token = ServerHttp.bearer(http.login("disablee", "pw-disablee-1"));
    Connection c = connect(url, "disablee", "pw-disablee-1");
    try {
      Statement s = c.createStatement();
      s.execute("CREATE TABLE DISABLED_T (ID INTEGER PRIMARY KEY)");
      assertThat(http.post("/api/v1/users/disablee/disable", ADMIN_AUTH, null).status()).isEqualTo(200);

      assertThat(http.get("/stats", basic).status()).isEqualTo(401);
      assertThat(http.get("/stats", token).status()).isEqualTo(401);
      assertThat(http.post("/api/v1/login", null, "{\"user\":\"disablee\",\"password\":\"pw-disablee-1\"}").status())
          .isEqualTo(401);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO DISABLED_T VALUES (1)")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
      assertThatThrownBy(() -> connect(url, "disablee", "pw-disablee-1")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    } finally {
      closeRefused(c);
    }
    assertThat(http.post("/api/v1/users/disablee/enable", ADMIN_AUTH, null).status()).isEqualTo(200);
    assertThat(http.get("/stats", basic).status()).as("enabled again: roles and password restored").isEqualTo(200);
    assertThat(http.get("/stats", token).status()).as("a token ended by disabling stays ended").isEqualTo(401);
    try (Connection again = connect(url, "disablee", "pw-disablee-1"); Statement s = again.createStatement()) {
      assertThat(s.executeUpdate("INSERT INTO DISABLED_T VALUES (2)")).isEqualTo(1);
    }
    assertThat(rowsOf("DISABLED_T")).containsExactly(2);
  }

  @Test
  void aPasswordResetEndsTheOldPasswordAndTokensAtOnceAndLogoutEndsAToken() {
    http.createUser(ADMIN_AUTH, "reset", "pw-reset-old", List.of("reader"));
    String old = ServerHttp.basic("reset", "pw-reset-old");
    assertThat(http.get("/stats", old).status()).isEqualTo(200); // now remembered in the password cache
    String token = ServerHttp.bearer(http.login("reset", "pw-reset-old"));
    assertThat(http.put("/api/v1/users/reset/password", ADMIN_AUTH, "{\"password\":\"pw-reset-new\"}").status())
        .isEqualTo(200);
    assertThat(http.get("/stats", old).status()).isEqualTo(401);
    assertThat(http.get("/stats", token).status()).isEqualTo(401);
    assertThat(http.get("/stats", ServerHttp.basic("reset", "pw-reset-new")).status()).isEqualTo(200);

    String fresh = ServerHttp.bearer(http.login("reset", "pw-reset-new"));
    assertThat(http.get("/stats", fresh).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/logout", fresh, null).status()).isEqualTo(204);
    assertThat(http.get("/stats", fresh).status()).isEqualTo(401);
    // A reader may not change another user's password, nor its own without the current one.
    assertThat(http.put("/api/v1/users/target/password", ServerHttp.basic("reset", "pw-reset-new"),
        "{\"password\":\"pw-stolen-1\"}").status()).isEqualTo(403);
    assertThat(http.put("/api/v1/users/reset/password", ServerHttp.basic("reset", "pw-reset-new"),
        "{\"password\":\"pw-reset-3rd\"}").status()).isEqualTo(400);
  }

  @Test
  void withAllowAnonymousARequestWithoutCredentialsReadsButNeverWrites() throws Exception {
    Path open = Files.createDirectories(dir.resolve("anonymous"));
    try (LaunchedServer anon = LaunchedServer.start(open, "[server]\nallow_anonymous = true\n", "-Xmx512m")) {
      ServerHttp h = new ServerHttp(anon.address());
      assertThat(h.post("/api/v1/put", ADMIN_AUTH, "{\"key\":\"a\",\"value\":\"v\"}").status()).isEqualTo(201);

      assertThat(h.get("/api/v1/get/a", null).status()).isEqualTo(200);
      assertThat(h.get("/stats", null).status()).isEqualTo(200);
      assertThat(h.get("/metrics", null).status()).isEqualTo(200);
      List<String> wrong = new ArrayList<>();
      for (Call c : matrix().keySet()) {
        if (List.of("get", "stats", "metrics").contains(c.name())) {
          continue;
        }
        ServerHttp.Reply r = c.send(h, null);
        // Anonymous access is read-only; credentials would help, hence 401 rather than 403.
        if (r.status() != 401) {
          wrong.add(c.name() + " anonymously: " + r);
        }
      }
      assertThat(wrong).isEmpty();
      assertThat(h.get("/api/v1/get/a", ServerHttp.basic("admin", "wrong password")).status())
          .as("wrong credentials are refused, not served as anonymous").isEqualTo(401);

      try (Connection c = DriverManager.getConnection(anon.jdbcUrl("")); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT VAL, LEDGER_PRINCIPAL FROM KV WHERE KEY = 'a'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1) + " by " + rs.getString(2)).isEqualTo("v by admin");
        }
        assertThatThrownBy(() -> s.executeUpdate("INSERT INTO KV (KEY, VAL) VALUES ('b', 'w')"))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"))
            .hasMessageContaining("anonymous");
      }
      assertThat(h.get("/api/v1/get/b", ADMIN_AUTH).status()).isEqualTo(404);
      assertThat(anon.terminate()).isZero();
    }
  }

  /**
   * With anonymous access on, a JDBC client that gives a user and password must run as that user.
   * It does not yet: Avatica's HTTP client sends BASIC credentials only in answer to a 401
   * challenge, and a server that serves requests without credentials as anonymous never sends one,
   * so the admin below gets the anonymous principal's read-only connection (25006 on CREATE
   * TABLE). The fix belongs in the remote driver: send BASIC preemptively (seed the client's auth
   * cache with a BasicScheme for the server, or set the Authorization header itself), which also
   * saves the extra 401 round trip every new connection costs now.
   */
  @Test
  @Disabled("remote driver: BASIC is not preemptive, so with allow_anonymous a JDBC user runs as"
      + " anonymous (see the javadoc)")
  void withAllowAnonymousAJdbcUserWithCredentialsRunsAsThatUser() throws Exception {
    Path open = Files.createDirectories(dir.resolve("anonymous-jdbc"));
    try (LaunchedServer anon = LaunchedServer.start(open, "[server]\nallow_anonymous = true\n", "-Xmx512m");
        Connection c = connect(anon.jdbcUrl(""), LaunchedServer.ADMIN, LaunchedServer.ADMIN_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE OPEN_T (ID INTEGER PRIMARY KEY)");
      s.execute("INSERT INTO OPEN_T VALUES (1)");
      try (ResultSet rs = s.executeQuery("SELECT LEDGER_PRINCIPAL FROM OPEN_T")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(LaunchedServer.ADMIN);
      }
    }
  }

  // ---- helpers ----

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  /** Closes a connection whose requests the server now refuses (its close request included). */
  private static void closeRefused(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Refused like every other request of the user: the server keeps it until connection_expiry.
    }
  }

  private static List<Integer> rowsOf(String table) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = connect(url, user(As.ADMIN), password(As.ADMIN)); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ID FROM " + table + " ORDER BY ID")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}

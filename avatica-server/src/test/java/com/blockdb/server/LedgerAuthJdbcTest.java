package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote JDBC against servers in this JVM that run as {@code blockdb-server} does (the standard
 * features: users kept in the ledger, the first admin from {@code BLOCKDB_ADMIN_PASSWORD}), over
 * {@code jdbc:blockdb:remote:} and Avatica's own {@code jdbc:avatica:remote:}: CURRENT_USER is the
 * authenticated user; with anonymous access on, a client that gives credentials runs as its user;
 * a revoked or disabled user can still close its open connections, which leave the server; wrong
 * credentials and a stopped server give 28000 and 08001 naming the problem.
 */
class LedgerAuthJdbcTest {
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "ledger-auth-admin-pw";
  private static final Pattern GAUGE = Pattern.compile("(?m)^blockdb_jdbc_connections(?:\\{[^}]*})? (\\S+)$");

  @TempDir
  static Path dir;

  private static BlockDbServer closed;
  private static BlockDbServer open;

  @BeforeAll
  static void start() throws IOException {
    closed = start("closed", "");
    open = start("open", "allow_anonymous = true\n");
    createUser(closed, "wendy", "pw-wendy", "writer");
    createUser(open, "wendy", "pw-wendy", "writer");
  }

  private static BlockDbServer start(String name, String serverToml) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Path config = d.resolve("blockdb.toml");
    Files.writeString(config, "[server]\n" + serverToml);
    ServerSettings settings = ServerSettingsResolver.resolve("127.0.0.1", 0, d.resolve("data").toString(), config,
        Map.of("BLOCKDB_ADMIN_PASSWORD", ADMIN_PASSWORD));
    BlockDbServer s = new BlockDbServer(settings, new StandardFeatures());
    s.start();
    return s;
  }

  @AfterAll
  static void stop() {
    for (BlockDbServer s : new BlockDbServer[] {closed, open}) {
      if (s != null) {
        s.stop();
      }
    }
  }

  // ---- HTTP helpers ----

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> http(BlockDbServer s, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.address() + path))
        .header("Authorization", basic(ADMIN, ADMIN_PASSWORD))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void createUser(BlockDbServer s, String user, String password, String role) {
    HttpResponse<String> r = http(s, "POST", "/api/v1/users",
        "{\"user\":\"" + user + "\",\"password\":\"" + password + "\",\"roles\":[\"" + role + "\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** The JDBC connection gauge of {@code /metrics}. */
  private static int gauge(BlockDbServer s) {
    HttpResponse<String> r = http(s, "GET", "/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    Matcher m = GAUGE.matcher(r.body());
    assertThat(m.find()).as("blockdb_jdbc_connections in /metrics").isTrue();
    return (int) Double.parseDouble(m.group(1));
  }

  // ---- JDBC helpers ----

  private static String blockdbUrl(BlockDbServer s) {
    return "jdbc:blockdb:remote:" + s.address();
  }

  private static String avaticaUrl(BlockDbServer s, String user, String password) {
    return "jdbc:avatica:remote:url=" + s.address() + ";serialization=protobuf;authentication=BASIC;avatica_user="
        + user + ";avatica_password=" + password;
  }

  /** Both remote URLs for {@code user}: BlockDB's driver, then Avatica's (which also gets user/password properties). */
  private static List<Connection> connectBoth(BlockDbServer s, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    List<Connection> both = new ArrayList<>();
    both.add(DriverManager.getConnection(blockdbUrl(s), p));
    both.add(DriverManager.getConnection(avaticaUrl(s, user, password), p));
    return both;
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  // ---- tests ----

  @Test
  void currentUserIsTheAuthenticatedUserTheLedgerRecordsOverBothUrls() throws SQLException {
    try (Connection c = DriverManager.getConnection(blockdbUrl(closed), ADMIN, ADMIN_PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE WHO (ID INTEGER PRIMARY KEY, SAID VARCHAR(40))");
    }
    int id = 0;
    for (Connection c : connectBoth(closed, "wendy", "pw-wendy")) {
      try (c; Statement st = c.createStatement()) {
        assertThat(List.of(one(c, "SELECT CURRENT_USER"), one(c, "SELECT SESSION_USER")))
            .as(c.getMetaData().getURL()).containsOnly("wendy");
        id++;
        st.executeUpdate("INSERT INTO WHO VALUES (" + id + ", CURRENT_USER)");
        assertThat(one(c, "SELECT SAID || ' ' || LEDGER_PRINCIPAL FROM WHO WHERE ID = " + id))
            .isEqualTo("wendy wendy");
      }
    }
    assertThat(id).isEqualTo(2);
  }

  @Test
  void withAnonymousAccessAClientGivingCredentialsRunsAsItsUserAndOneGivingNoneAsAnonymous() throws SQLException {
    try (Connection admin = DriverManager.getConnection(blockdbUrl(open), ADMIN, ADMIN_PASSWORD);
        Statement st = admin.createStatement()) {
      st.execute("CREATE TABLE OPEN_T (ID INTEGER PRIMARY KEY)");
    }
    int id = 0;
    for (Connection c : connectBoth(open, "wendy", "pw-wendy")) {
      try (c; Statement st = c.createStatement()) {
        id++;
        assertThat(st.executeUpdate("INSERT INTO OPEN_T VALUES (" + id + ")")).as(c.getMetaData().getURL())
            .isEqualTo(1);
        assertThat(one(c, "SELECT LEDGER_PRINCIPAL || ' ' || CURRENT_USER FROM OPEN_T WHERE ID = " + id))
            .isEqualTo("wendy wendy");
      }
    }
    // Without credentials, both clients still get the read-only anonymous connection.
    String avaticaAnonymous = "jdbc:avatica:remote:url=" + open.address() + ";serialization=protobuf";
    for (String url : List.of(blockdbUrl(open), avaticaAnonymous)) {
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        assertThat(one(c, "SELECT CURRENT_USER || ' ' || CAST(COUNT(*) AS VARCHAR(9)) FROM OPEN_T"))
            .isEqualTo("anonymous 2");
        assertThatThrownBy(() -> st.executeUpdate("INSERT INTO OPEN_T VALUES (9)"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
      }
    }
    // Wrong credentials are refused, not served as anonymous.
    assertThatThrownBy(() -> DriverManager.getConnection(blockdbUrl(open), "wendy", "not-her-password"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
  }

  @Test
  void aRevokedOrDisabledUserClosesItsOpenConnectionsWhichLeaveTheServer() throws SQLException {
    createUser(closed, "revokee", "pw-revokee", "writer");
    createUser(closed, "disablee", "pw-disablee", "writer");
    int before = closed.openConnections();
    List<Connection> revoked = connectBoth(closed, "revokee", "pw-revokee");
    List<Connection> disabled = connectBoth(closed, "disablee", "pw-disablee");
    List<Statement> statements = new ArrayList<>();
    for (Connection c : List.of(revoked.get(0), revoked.get(1), disabled.get(0), disabled.get(1))) {
      Statement st = c.createStatement();
      assertThat(one(c, "SELECT CURRENT_USER")).isNotEmpty();
      statements.add(st);
    }
    assertThat(closed.openConnections()).isEqualTo(before + 4);
    assertThat(gauge(closed)).isEqualTo(before + 4);

    assertThat(http(closed, "POST", "/api/v1/users/revokee/roles", "{\"revoke\":[\"writer\"]}").statusCode())
        .isEqualTo(200);
    assertThat(http(closed, "POST", "/api/v1/users/disablee/disable", null).statusCode()).isEqualTo(200);

    assertThatThrownBy(() -> one(revoked.get(0), "SELECT CURRENT_USER"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("28000");
          assertThat(e.getMessage()).contains("HTTP 403", "user 'revokee' lacks the READ permission");
        });
    assertThatThrownBy(() -> one(disabled.get(0), "SELECT CURRENT_USER"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("28000");
          assertThat(e.getMessage()).contains("HTTP 401", "user 'disablee' is disabled");
        });
    for (Connection c : List.of(revoked.get(1), disabled.get(1))) {
      // Avatica's own client reports the refusal as it does any HTTP status.
      assertThatThrownBy(() -> one(c, "SELECT CURRENT_USER")).hasMessageContaining("HTTP/40");
    }
    // A refused user's client may still release what it holds: statements, then connections.
    for (Statement st : statements.subList(0, 3)) {
      st.close();
    }
    for (Connection c : List.of(revoked.get(0), revoked.get(1), disabled.get(0))) {
      c.close();
    }
    assertThat(closed.openConnections()).isEqualTo(before + 1);
    assertThat(gauge(closed)).isEqualTo(before + 1);
    // Closing is all it may do: the refused clients' credentials still read nothing.
    assertThatThrownBy(() -> DriverManager.getConnection(blockdbUrl(closed), "revokee", "pw-revokee"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    // Avatica's own client drops the credentials a 401 refused: its close goes without them, cannot be
    // told from a stranger's and is refused; that connection stays until connection_expiry (README).
    assertThatThrownBy(() -> disabled.get(1).close()).isInstanceOf(SQLException.class);
    assertThat(closed.openConnections()).isEqualTo(before + 1);
  }

  @Test
  void wrongCredentialsGive28000AndAStoppedServer08001NamingTheProblem() throws Exception {
    assertThatThrownBy(() -> DriverManager.getConnection(blockdbUrl(closed), "wendy", "wrong"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("28000");
          assertThat(e.getMessage()).contains(closed.address(), "refused the credentials", "wrong user name or password")
              .doesNotContain("\tat ", "Exception");
        });
    assertThatThrownBy(() -> DriverManager.getConnection(blockdbUrl(closed), "nobody-here", "pw"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    BlockDbServer gone = start("gone", "");
    String address = gone.address();
    gone.stop();
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:blockdb:remote:" + address, ADMIN, ADMIN_PASSWORD))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("08001");
          assertThat(e.getMessage()).contains("cannot reach the BlockDB server at " + address);
        });
  }
}

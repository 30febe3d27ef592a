package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC through a server in this JVM, with {@code jdbc:blockdb:remote:} and the plain Avatica URL:
 * prepared statements, batches, transactions, metadata and ledger functions behave as embedded,
 * errors carry the same SQLStates, vendor codes, messages and exception classes, writes record the
 * authenticated user, readers cannot write, and connections are refused past max_connections.
 */
class RemoteJdbcTest {
  @TempDir
  static java.nio.file.Path dir;

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(dir, "max_connections = 20\nrequest_timeout = 1\n");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Connection connect(String user) throws SQLException {
    return DriverManager.getConnection(server.url(""), user, TestServer.PASSWORD);
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  @Test
  void preparedStatementsBatchesMetadataAndLedgerFunctionsWorkRemotely() throws SQLException {
    try (Connection c = connect("local"); Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("CREATE TABLE ITEMS (ID INTEGER PRIMARY KEY, NAME VARCHAR(20) NOT NULL)"))
          .isZero();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ITEMS VALUES (?, ?)")) {
        for (int i = 1; i <= 5; i++) {
          ps.setInt(1, i);
          ps.setString(2, "item" + i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
        ps.setInt(1, 6);
        ps.setString(2, "six");
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT NAME, LEDGER_PRINCIPAL FROM ITEMS WHERE ID = ?")) {
        ps.setInt(1, 6);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("six");
          assertThat(rs.getString(2)).isEqualTo("local");
          assertThat(rs.getStatement()).isSameAs(ps);
        }
      }
      DatabaseMetaData md = c.getMetaData();
      assertThat(md.supportsTransactions()).isTrue();
      assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "BLOCKDB", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("ITEMS", "KV");
      try (ResultSet rs = md.getColumns(null, "BLOCKDB", "ITEMS", "NAME")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("TYPE_NAME")).startsWith("VARCHAR");
      }
      try (ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
      try (ResultSet rs = st.executeQuery("SELECT OK, ENTRIES FROM TABLE(LEDGER_VERIFY())")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
  }

  @Test
  void transactionsCommitAndRollBackOnTheServer() throws SQLException {
    try (Connection a = connect("local"); Connection b = connect("local"); Statement sa = a.createStatement()) {
      sa.executeUpdate("CREATE TABLE ACCOUNTS (ID INTEGER PRIMARY KEY, OWNER VARCHAR(10))");
      a.setAutoCommit(false);
      assertThat(a.getAutoCommit()).isFalse();
      sa.executeUpdate("INSERT INTO ACCOUNTS VALUES (1, 'ann')");
      sa.executeUpdate("INSERT INTO ACCOUNTS VALUES (2, 'bob')");
      assertThat(count(a, "SELECT COUNT(*) FROM ACCOUNTS")).isEqualTo(2);
      assertThat(count(b, "SELECT COUNT(*) FROM ACCOUNTS")).isZero();
      a.commit();
      assertThat(count(b, "SELECT COUNT(*) FROM ACCOUNTS")).isEqualTo(2);
      sa.executeUpdate("INSERT INTO ACCOUNTS VALUES (3, 'cat')");
      a.rollback();
      assertThat(count(a, "SELECT COUNT(*) FROM ACCOUNTS")).isEqualTo(2);
      sa.executeUpdate("INSERT INTO ACCOUNTS VALUES (4, 'dan')");
      a.setAutoCommit(true); // commits, as JDBC specifies: visible to b at once
      assertThat(count(b, "SELECT COUNT(*) FROM ACCOUNTS WHERE ID = 4")).isEqualTo(1);
    }
  }

  /** Runs {@code sql} embedded and remotely after {@code setup}; both must fail alike. */
  private static void sameFailure(String setup, String sql) throws SQLException {
    String mem = "jdbc:blockdb:mem:remote-compare-" + System.nanoTime();
    SQLException embedded = failure(() -> DriverManager.getConnection(mem), setup, sql);
    SQLException remote = failure(() -> connect("local"), setup, sql);
    assertThat(remote.getSQLState()).as(sql).isEqualTo(embedded.getSQLState());
    assertThat(remote.getErrorCode()).as(sql).isEqualTo(embedded.getErrorCode());
    assertThat(remote.getMessage()).as(sql).isEqualTo(embedded.getMessage());
    assertThat(remote.getClass()).as(sql).isEqualTo(embedded.getClass());
  }

  private interface Opener {
    Connection open() throws SQLException;
  }

  private static SQLException failure(Opener opener, String setup, String sql) throws SQLException {
    try (Connection c = opener.open(); Statement st = c.createStatement()) {
      for (String s : setup.split(";")) {
        if (!s.isBlank()) {
          st.execute(s);
        }
      }
      try {
        st.execute(sql);
      } catch (SQLException e) {
        return e;
      }
      throw new AssertionError(sql + " did not fail");
    }
  }

  @Test
  void errorsCarryTheEmbeddedSqlStatesVendorCodesMessagesAndClasses() throws SQLException {
    sameFailure("CREATE TABLE D1 (ID INTEGER PRIMARY KEY); INSERT INTO D1 VALUES (1)", "INSERT INTO D1 VALUES (1)");
    sameFailure("CREATE TABLE D2 (ID INTEGER PRIMARY KEY)", "UPDATE D2 SET ID = 2");
    sameFailure("", "SELECT * FROM NO_SUCH_TABLE_X");
    sameFailure("", "SELEC 1");
    sameFailure("CREATE TABLE D3 (ID INTEGER PRIMARY KEY, N VARCHAR(2))", "INSERT INTO D3 VALUES (1, 'toolong')");
    try (Connection c = connect("local"); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE D4 (ID INTEGER PRIMARY KEY)");
      st.executeUpdate("INSERT INTO D4 VALUES (1)");
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO D4 VALUES (1)"))
          .isInstanceOf(SQLIntegrityConstraintViolationException.class)
          .hasMessageStartingWith("duplicate primary key (ID)=(1) in BLOCKDB.D4");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO D4 VALUES (?)")) {
        ps.setInt(1, 2);
        ps.addBatch();
        ps.setInt(1, 1);
        ps.addBatch();
        assertThatThrownBy(ps::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("23505");
          assertThat(e.getUpdateCounts()).containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
        });
      }
      assertThat(count(c, "SELECT COUNT(*) FROM D4")).isEqualTo(1); // the batch was atomic
    }
  }

  @Test
  void writesRecordTheAuthenticatedUserWhateverTheClientSends() throws SQLException {
    try (Connection c = connect("local"); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE AUDIT (ID INTEGER PRIMARY KEY)");
    }
    Properties p = new Properties();
    p.setProperty("user", "wendy");
    p.setProperty("password", TestServer.PASSWORD);
    try (Connection c = DriverManager.getConnection(server.url(""), p); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO AUDIT VALUES (1)");
    }
    // The plain Avatica client sends every property to the server; "user" must not choose the principal.
    String avatica = "jdbc:avatica:remote:url=" + server.server.address()
        + ";serialization=protobuf;authentication=BASIC;avatica_user=wendy;avatica_password=" + TestServer.PASSWORD;
    Properties spoof = new Properties();
    spoof.setProperty("user", "local");
    spoof.setProperty("model", "inline:{version:'1.0',schemas:[]}");
    try (Connection c = DriverManager.getConnection(avatica, spoof); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO AUDIT VALUES (2)");
      try (ResultSet rs = st.executeQuery("SELECT ID, LEDGER_PRINCIPAL FROM AUDIT ORDER BY ID")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("wendy");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("wendy");
      }
    }
  }

  @Test
  void aReaderGetsAReadOnlyConnectionThatStaysReadOnly() throws SQLException {
    try (Connection c = connect("local"); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE SEEN (ID INTEGER PRIMARY KEY)");
      st.executeUpdate("INSERT INTO SEEN VALUES (1)");
    }
    try (Connection c = connect("rita"); Statement st = c.createStatement()) {
      assertThat(c.isReadOnly()).isTrue();
      assertThat(count(c, "SELECT COUNT(*) FROM SEEN")).isEqualTo(1);
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO SEEN VALUES (2)"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("25006");
            assertThat(e.getMessage()).contains("'rita'");
          });
      c.setReadOnly(false);
      assertThat(c.isReadOnly()).isTrue();
      assertThatThrownBy(() -> st.executeUpdate("CREATE TABLE R2 (ID INTEGER PRIMARY KEY)"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
    }
  }

  @Test
  void missingOrWrongCredentialsAreRefusedWith28000() {
    assertThatThrownBy(() -> DriverManager.getConnection(server.url("")))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("28000");
          assertThat(e.getMessage()).contains("401");
        });
    assertThatThrownBy(() -> DriverManager.getConnection(server.url(""), "local", "wrong"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
  }

  /** What a prepared SELECT gives, row by row: every column's metadata and value as text. */
  private static List<String> preparedSelects(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    String sql = "SELECT ID, NAME, AMOUNT, WHEN_AT FROM " + table + " WHERE ID = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int round = 0; round < 3; round++) {
        for (int id = 0; id <= 4; id++) {
          ps.setInt(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              b.append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i)).append(':')
                  .append(md.getColumnClassName(i)).append(':').append(md.getPrecision(i)).append(':')
                  .append(md.getScale(i)).append(' ');
            }
            while (rs.next()) {
              b.append("| ").append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ')
                  .append(rs.getBigDecimal(3)).append(' ').append(rs.getTimestamp(4));
            }
            out.add(b.toString());
          }
        }
      }
    }
    return out;
  }

  @Test
  void preparedSelectsGiveTheSameColumnsAndRowsWhetherTheClientKeepsSignaturesOrNot() throws SQLException {
    // BlockDB's remote driver keeps each prepared statement's signature and the server leaves it out
    // of the results; Avatica's own client gets it every time. Both must read the same.
    String table = "SIGNATURES";
    try (Connection c = connect("local"); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE " + table + " (ID INTEGER PRIMARY KEY, NAME VARCHAR(20), AMOUNT DECIMAL(10,2),"
          + " WHEN_AT TIMESTAMP)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 3; i++) {
          ps.setInt(1, i);
          ps.setString(2, i == 2 ? null : "n" + i);
          ps.setBigDecimal(3, new java.math.BigDecimal(i + ".25"));
          ps.setTimestamp(4, java.sql.Timestamp.valueOf("2026-01-0" + i + " 10:00:00"));
          assertThat(ps.executeUpdate()).isEqualTo(1); // an update count between queries, no signature
        }
      }
    }
    List<String> kept;
    try (Connection c = connect("local")) {
      kept = preparedSelects(c, table);
    }
    String url = "jdbc:avatica:remote:url=" + server.server.address() + ";serialization=protobuf"
        + ";authentication=BASIC;avatica_user=local;avatica_password=" + TestServer.PASSWORD;
    List<String> sent;
    try (Connection c = DriverManager.getConnection(url)) {
      sent = preparedSelects(c, table);
    }
    List<String> json; // BlockDB's driver in JSON: Avatica's JSON service over the driver's own transport
    try (Connection c = DriverManager.getConnection(server.url(";serialization=json"), "local", TestServer.PASSWORD)) {
      json = preparedSelects(c, table);
    }
    assertThat(kept).hasSize(15).isEqualTo(sent).isEqualTo(json);
    assertThat(kept.get(1)).startsWith("ID:4:java.lang.Integer").contains("| 1 n1 1.25 2026-01-01 10:00:00.0");
    assertThat(kept.get(2)).contains("| 2 null 2.25");
    assertThat(kept.get(0)).doesNotContain("|"); // ID 0: no row, still its columns
  }

  @Test
  void thePlainAvaticaUrlWorksInProtobufAndJson() throws SQLException {
    for (String serialization : List.of("protobuf", "json")) {
      String url = "jdbc:avatica:remote:url=" + server.server.address() + ";serialization=" + serialization
          + ";authentication=BASIC;avatica_user=local;avatica_password=" + TestServer.PASSWORD;
      String table = "PLAIN_" + serialization.toUpperCase(java.util.Locale.ROOT);
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        st.executeUpdate("CREATE TABLE " + table + " (ID INTEGER PRIMARY KEY)");
        st.executeUpdate("INSERT INTO " + table + " VALUES (1)");
        assertThatThrownBy(() -> st.executeUpdate("INSERT INTO " + table + " VALUES (1)"))
            .isInstanceOfSatisfying(SQLException.class, e -> {
              assertThat(e.getSQLState()).isEqualTo("23505");
              assertThat(e.getErrorCode()).isEqualTo(1);
            });
        c.setAutoCommit(false);
        st.executeUpdate("INSERT INTO " + table + " VALUES (2)");
        c.commit(); // reaches BlockDB's transaction manager, though Avatica's metadata says "no transactions"
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(2);
        }
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theRequestTimeoutStopsARunawayRemoteQueryWith57014() throws SQLException {
    try (Connection c = connect("local"); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE BIG (ID INTEGER PRIMARY KEY)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO BIG VALUES (?)")) {
        for (int i = 0; i < 150; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      assertThatThrownBy(() -> {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM BIG A, BIG B, BIG C, BIG D")) {
          rs.next();
        }
      }).isInstanceOfSatisfying(SQLException.class, e -> {
        assertThat(e.getSQLState()).isEqualTo("57014");
        assertThat(e.getMessage()).contains("query timeout of 1 s");
      });
      assertThat(count(c, "SELECT COUNT(*) FROM BIG")).isEqualTo(150); // the connection goes on
    }
  }

  @Test
  void closedConnectionsLeaveNoneOnTheServerAndMaxConnectionsIsEnforced() throws SQLException {
    int before = server.server.openConnections();
    List<Connection> open = new ArrayList<>();
    try {
      SQLException refused = null;
      for (int i = 0; i < 25 && refused == null; i++) {
        try {
          open.add(connect("local"));
        } catch (SQLException e) {
          refused = e;
        }
      }
      assertThat((Throwable) refused).as("a connection past max_connections = 20").isNotNull();
      assertThat(refused.getSQLState()).isEqualTo("53300");
      assertThat(refused.getMessage()).contains("max_connections = 20");
      assertThat(open).hasSize(20 - before);
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
    assertThat(server.server.openConnections()).isEqualTo(before);
    try (Connection c = connect("local")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void remoteUrlsWithUnknownSettingsOrNoServerAreRefused() {
    Function<String, SQLException> connecting = url -> {
      try {
        DriverManager.getConnection(url, "local", TestServer.PASSWORD).close();
        return null;
      } catch (SQLException e) {
        return e;
      }
    };
    SQLException unknown = connecting.apply(server.url(";httpclient_impl=evil.Client"));
    assertThat(unknown.getSQLState()).isEqualTo("08001");
    assertThat(unknown.getMessage()).contains("unknown setting 'httpclient_impl=evil.Client'");
    SQLException noServer = connecting.apply("jdbc:blockdb:remote:localhost:8080");
    assertThat(noServer.getMessage()).contains("http://");
    SQLException unreachable = connecting.apply("jdbc:blockdb:remote:http://127.0.0.1:1");
    assertThat(unreachable.getSQLState()).isEqualTo("08001");
    assertThat(unreachable.getMessage()).contains("cannot reach the BlockDB server at http://127.0.0.1:1");
  }
}

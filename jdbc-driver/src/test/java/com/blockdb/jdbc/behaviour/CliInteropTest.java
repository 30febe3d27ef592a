package com.blockdb.jdbc.behaviour;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver and the CLI share data directories: what the CLI's engine calls store is visible to
 * SQL and the other way round; tables and their definitions survive a reopen and are ledger
 * entries; a directory held by another process is refused with a clear 08001.
 */
class CliInteropTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:blockdb:" + dir;
  }

  @Test
  void rowsPutByTheCliAreVisibleThroughSql() throws Exception {
    try (BlockDb db = BlockDb.open(dir)) {
      db.put("user:1001".getBytes(UTF_8), "John Doe".getBytes(UTF_8));
      db.put("user:1002".getBytes(UTF_8), new byte[] {(byte) 0xC3, (byte) 0xA9, 0x00, 0x7F});
    }
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT KEY, VAL FROM KV ORDER BY KEY")) {
        assertThat(DriverManagerAndHikariTest.rows(rs)).containsExactly("user:1001|John Doe", "user:1002|\u00e9\u0000\u007f");
      }
      try (ResultSet rs = s.executeQuery("SELECT VAL_BYTES FROM KV WHERE KEY = 'user:1002'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).containsExactly(0xC3, 0xA9, 0x00, 0x7F);
      }
    }
  }

  @Test
  void rowsInsertedThroughSqlAreReadByTheCli() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("INSERT INTO KV (KEY, VAL) VALUES ('user:2002', 'Jane Roe'), ('t:\u00e9', '\uD83D\uDE00')"))
          .isEqualTo(2);
      assertThat(s.executeUpdate("INSERT INTO KV (KEY, VAL_BYTES) VALUES ('raw', X'00FF10')")).isEqualTo(1);
    }
    try (BlockDb db = BlockDb.open(dir)) {
      assertThat(new String(db.get("user:2002".getBytes(UTF_8)), UTF_8)).isEqualTo("Jane Roe");
      assertThat(new String(db.get("t:\u00e9".getBytes(UTF_8)), UTF_8)).isEqualTo("\uD83D\uDE00");
      assertThat(db.get("raw".getBytes(UTF_8))).containsExactly(0x00, 0xFF, 0x10);
      assertThat(db.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void aCreatedTableSurvivesReopenWithItsRowsAndDefinition() throws Exception {
    long entriesBefore;
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      entriesBefore = ledgerEntries(s);
      s.executeUpdate("CREATE TABLE ACCOUNTS (ID BIGINT, BRANCH CHAR(3), OWNER VARCHAR(8) NOT NULL, "
          + "BALANCE DECIMAL(12,2), PRIMARY KEY (BRANCH, ID))");
      // The definition is a ledger transaction (the definition and its table id reservation),
      // and the ledger still verifies.
      assertThat(ledgerEntries(s)).isEqualTo(entriesBefore + 2);
      try (ResultSet rs = s.executeQuery("SELECT OK FROM TABLE(LEDGER_VERIFY())")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
      s.executeUpdate("INSERT INTO ACCOUNTS VALUES (7, 'NYC', 'ann', 10.50), (3, 'LON', 'bob', -2.25)");
    }
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      assertThat(ledgerEntries(s)).isEqualTo(entriesBefore + 4);
      com.blockdb.engine.BlockDb engine = c.unwrap(com.blockdb.jdbc.driver.BlockDbConnection.class).database().engine();
      com.blockdb.engine.Entry definition = engine.getEntry(com.blockdb.engine.Tables.CATALOG,
          "table:ACCOUNTS".getBytes(UTF_8), Long.MAX_VALUE);
      assertThat(definition).as("the catalog entry of ACCOUNTS").isNotNull();
      assertThat(engine.blockHeightOf(definition.sequence())).as("sealed in a block").isPositive();
      try (ResultSet rs = s.executeQuery("SELECT * FROM ACCOUNTS")) {
        assertThat(DriverManagerAndHikariTest.rows(rs)).containsExactly("3|LON|bob|-2.25", "7|NYC|ann|10.50");
      }
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getColumns(null, "BLOCKDB", "ACCOUNTS", "%")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("COLUMN_NAME")).isEqualTo("ID");
        assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.BIGINT);
      }
      try (ResultSet rs = md.getPrimaryKeys(null, "BLOCKDB", "ACCOUNTS")) {
        assertThat(DriverManagerAndHikariTest.rows(rs)).hasSize(2);
      }
      // The reopened definition still enforces its constraints.
      assertSqlState(() -> s.executeUpdate("INSERT INTO ACCOUNTS VALUES (1, 'PAR', 'much too long', 1)"), "22001");
      assertSqlState(() -> s.executeUpdate("INSERT INTO ACCOUNTS VALUES (1, 'PAR', NULL, 1)"), "23502");
      assertSqlState(() -> s.executeUpdate("INSERT INTO ACCOUNTS VALUES (7, 'NYC', 'dup', 1)"), "23505");
      assertSqlState(() -> s.executeUpdate("CREATE TABLE ACCOUNTS (ID INTEGER PRIMARY KEY)"), "42S01");
      assertThat(s.executeUpdate("CREATE TABLE IF NOT EXISTS ACCOUNTS (ID INTEGER PRIMARY KEY)")).isZero();
      try (ResultSet rs = s.executeQuery("VALUES VERIFY_CHAIN()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
  }

  @Test
  void aDirectoryHeldByAnotherProcessIsRefusedWith08001NamingIt() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        HoldDirectoryMain.class.getName(), dir.toString())).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("HOLDING"));
      assertThat(line).as("child holds the directory").isEqualTo("HOLDING");
      assertThatThrownBy(() -> DriverManager.getConnection(url()).close())
          .isInstanceOf(SQLException.class)
          .satisfies(e -> {
            assertThat(((SQLException) e).getSQLState()).isEqualTo("08001");
            assertThat(e.getMessage()).contains(dir.toString()).containsIgnoringCase("in use");
          });
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    // The holder is gone: the directory opens again.
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("VALUES VERIFY_CHAIN()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  private static long ledgerEntries(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT ENTRIES FROM TABLE(LEDGER_VERIFY())")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  /** A statement that must fail. */
  interface SqlCall {
    void run() throws SQLException;
  }

  static void assertSqlState(SqlCall call, String state) {
    assertThatThrownBy(call::run).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state));
  }
}

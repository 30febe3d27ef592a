package com.blockdb.jdbc.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.jdbc.driver.BlockDbConnection;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same statements give the same results through {@link DriverManager} and through a HikariCP
 * pool whose threads borrow connections concurrently; connections to one directory share one engine,
 * and closing the last of them releases the directory.
 */
class DriverManagerAndHikariTest {
  private static final int EMPLOYEES = 120;
  private static final String DDL_DEPT = "CREATE TABLE DEPT (ID INTEGER PRIMARY KEY, NAME VARCHAR(20) NOT NULL)";
  private static final String DDL_EMP = "CREATE TABLE EMP (ID INTEGER PRIMARY KEY, DEPT INTEGER NOT NULL, "
      + "NAME VARCHAR(30), SALARY DECIMAL(10,2))";
  private static final String INSERT_DEPTS = "INSERT INTO DEPT VALUES (1, 'Eng'), (2, 'Ops'), (3, 'Sales')";
  private static final String INSERT_EMP = "INSERT INTO EMP (ID, DEPT, NAME, SALARY) VALUES (?, ?, ?, ?)";
  private static final List<String> QUERIES = List.of(
      "SELECT d.NAME, COUNT(*) AS N, SUM(e.SALARY) AS TOTAL, MIN(e.ID) AS FIRST_ID FROM EMP e "
          + "JOIN DEPT d ON e.DEPT = d.ID GROUP BY d.NAME ORDER BY d.NAME",
      "SELECT ID, NAME, SALARY FROM EMP WHERE ID BETWEEN 10 AND 20 ORDER BY ID",
      "SELECT COUNT(*), SUM(SALARY), MAX(NAME) FROM EMP",
      "SELECT NAME FROM EMP WHERE ID = 77",
      "VALUES VERIFY_CHAIN()",
      "SELECT OK, FIRST_BAD_BLOCK FROM TABLE(LEDGER_VERIFY())");

  @TempDir Path dir;

  @Test
  void driverManagerAndAHikariPoolGiveIdenticalResults() throws Exception {
    Path viaDm = dir.resolve("dm");
    List<String> expected;
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + viaDm)) {
      assertThat(c.isWrapperFor(BlockDbConnection.class)).isTrue();
      createAndFillSchema(c);
      try (PreparedStatement ps = c.prepareStatement(INSERT_EMP)) {
        for (int id = 1; id <= EMPLOYEES; id++) {
          bindEmployee(ps, id);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertThat(counts).hasSize(EMPLOYEES).containsOnly(1);
      }
      expected = runQueries(c);
    }
    assertThat(expected.get(0)).contains("Eng|40|").contains("Ops|40|").contains("Sales|40|");
    assertThat(expected.get(4)).isEqualTo("[true]");

    Path viaPool = dir.resolve("pool");
    try (HikariDataSource pool = pool(viaPool, 4)) {
      try (Connection c = pool.getConnection()) {
        createAndFillSchema(c);
      }
      // Four threads insert disjoint id ranges as prepared batches, each on a borrowed connection.
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Future<int[]>> batches = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int first = t * (EMPLOYEES / 4) + 1;
          batches.add(threads.submit(() -> {
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_EMP)) {
              for (int id = first; id < first + EMPLOYEES / 4; id++) {
                bindEmployee(ps, id);
                ps.addBatch();
              }
              return ps.executeBatch();
            }
          }));
        }
        for (Future<int[]> f : batches) {
          assertThat(f.get(60, TimeUnit.SECONDS)).containsOnly(1);
        }
        // Concurrent readers on borrowed connections all see the same answers.
        List<Future<List<String>>> reads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          reads.add(threads.submit(() -> {
            try (Connection c = pool.getConnection()) {
              return runQueries(c);
            }
          }));
        }
        for (Future<List<String>> f : reads) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        }
      } finally {
        threads.shutdownNow();
      }
    }
    // The pool is closed: every connection is closed, so the directory is free again.
    try (BlockDb engine = BlockDb.open(viaPool)) {
      assertThat(engine.verify(null, null).ok()).isTrue();
    }
    try (BlockDb engine = BlockDb.open(viaDm)) {
      assertThat(engine.verify(null, null).ok()).isTrue();
    }
  }

  @Test
  void connectionsToOneDirectoryShareOneEngineAndSeeEachOthersRowsAtOnce() throws Exception {
    Path db = dir.resolve("shared");
    String url = "jdbc:blockdb:" + db;
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url + ";fastpath=false")) {
      assertThat(a.unwrap(BlockDbConnection.class).database().engine())
          .isSameAs(b.unwrap(BlockDbConnection.class).database().engine());
      try (Statement s = a.createStatement()) {
        s.executeUpdate("CREATE TABLE T (K INTEGER PRIMARY KEY, V VARCHAR(10))");
      }
      // The table created on one connection is known to the other at once.
      try (Statement s = b.createStatement()) {
        assertThat(s.executeUpdate("INSERT INTO T VALUES (1, 'from b')")).isEqualTo(1);
      }
      try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery("SELECT V FROM T WHERE K = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("from b");
      }
      try (PreparedStatement ps = a.prepareStatement("INSERT INTO KV (KEY, VAL) VALUES (?, ?)")) {
        ps.setString(1, "k1");
        ps.setString(2, "from a");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = b.prepareStatement("SELECT VAL FROM KV WHERE KEY = ?")) {
        ps.setString(1, "k1");
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("from a");
        }
      }
      // A connection still open keeps the directory: a second engine in this JVM is refused.
      a.close();
      assertThat(b.isClosed()).isFalse();
      assertThatOpenFails(db);
      try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
    try (BlockDb engine = BlockDb.open(db)) {
      assertThat(new String(engine.get("k1".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("from a");
    }
  }

  @Test
  void aPreparedInsertWithoutAColumnListTakesParameters() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("bare"))) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("CREATE TABLE T (K INTEGER PRIMARY KEY, V VARCHAR(10))");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "one");
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT K, V FROM T")) {
        assertThat(rows(rs)).containsExactly("1|one");
      }
    }
  }

  private static void assertThatOpenFails(Path db) {
    try (BlockDb engine = BlockDb.open(db)) {
      throw new AssertionError("BlockDb.open succeeded while a JDBC connection holds " + db);
    } catch (com.blockdb.engine.BlockDbException expected) {
      assertThat(expected.code()).isEqualTo(com.blockdb.engine.ErrorCode.DIRECTORY_IN_USE);
    }
  }

  private static HikariDataSource pool(Path db, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:blockdb:" + db);
    config.setDriverClassName("com.blockdb.jdbc.BlockDbDriver");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.setPoolName("blockdb-test");
    return new HikariDataSource(config);
  }

  private static void createAndFillSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(DDL_DEPT)).isZero();
      assertThat(s.executeUpdate(DDL_EMP)).isZero();
      assertThat(s.executeUpdate(INSERT_DEPTS)).isEqualTo(3);
    }
  }

  private static void bindEmployee(PreparedStatement ps, int id) throws SQLException {
    ps.setInt(1, id);
    ps.setInt(2, id % 3 + 1);
    ps.setString(3, "emp-" + id);
    ps.setBigDecimal(4, BigDecimal.valueOf(1000L + id * 7L, 2));
  }

  /** Each query's rows, one string per query, columns joined with '|'. */
  static List<String> runQueries(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String q : QUERIES) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
        out.add(rows(rs).toString());
      }
    }
    return out;
  }

  static List<String> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        if (i > 1) {
          sb.append('|');
        }
        sb.append(rs.getString(i));
      }
      rows.add(sb.toString());
    }
    return rows;
  }
}

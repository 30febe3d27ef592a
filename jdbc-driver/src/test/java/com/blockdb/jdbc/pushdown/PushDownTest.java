package com.blockdb.jdbc.pushdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Stats;
import com.blockdb.jdbc.driver.BlockDbConnection;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key filters narrow what the engine reads, proven with the engine's read counters: equality on the
 * primary key is a point get, ranges and {@code LIKE 'prefix%'} scan about their range, composite
 * keys narrow by their leading columns, IN lists become point gets; and every query returns the
 * same rows with {@code pushdown=false} (which reads whole tables).
 */
class PushDownTest {
  /** Rows of the wide table W, spread over {@link #SSTABLES} SSTables whose key ranges all overlap. */
  private static final int ROWS = 20_000;
  private static final int SSTABLES = 4;
  private static final int GROUPS = 100;
  private static final int PER_GROUP = 100;
  private static final String[] PREFIXES = {"acct:", "item:", "user:"};
  private static final int PER_PREFIX = 3_000;

  @TempDir static Path dir;
  private static Connection conn;
  private static Connection fullScan;
  private static Connection calciteOnly;
  private static BlockDb engine;

  @BeforeAll
  static void fill() throws SQLException {
    String url = "jdbc:blockdb:" + dir.resolve("db");
    conn = DriverManager.getConnection(url);
    fullScan = DriverManager.getConnection(url + ";pushdown=false;fastpath=false");
    calciteOnly = DriverManager.getConnection(url + ";fastpath=false");
    engine = conn.unwrap(BlockDbConnection.class).database().engine();
    try (Statement s = conn.createStatement()) {
      s.executeUpdate("CREATE TABLE W (ID INTEGER PRIMARY KEY, NAME VARCHAR(40), C1 INTEGER, C2 VARCHAR(20), "
          + "C3 BIGINT, C4 VARCHAR(20), C5 DECIMAL(12,3), C6 VARCHAR(20), C7 DOUBLE, C8 VARCHAR(30))");
      s.executeUpdate("CREATE TABLE P (A INTEGER, B INTEGER, V VARCHAR(20), PRIMARY KEY (A, B))");
      s.executeUpdate("CREATE TABLE S (K VARCHAR(20) PRIMARY KEY, N INTEGER)");
    }
    // Each batch takes every SSTABLES-th id, so all SSTables span the whole key range and only the
    // bloom filters and the index can keep a point get from reading them all.
    for (int part = 0; part < SSTABLES; part++) {
      try (PreparedStatement w = conn.prepareStatement(
              "INSERT INTO W (ID, NAME, C1, C2, C3, C4, C5, C6, C7, C8) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement p = conn.prepareStatement("INSERT INTO P (A, B, V) VALUES (?, ?, ?)");
          PreparedStatement s = conn.prepareStatement("INSERT INTO S (K, N) VALUES (?, ?)")) {
        for (int id = part; id < ROWS; id += SSTABLES) {
          w.setInt(1, id);
          w.setString(2, "name-" + id);
          w.setInt(3, id * 3);
          w.setString(4, "c2-" + id);
          w.setLong(5, id * 1_000_000_007L);
          w.setString(6, "c4-" + id);
          w.setBigDecimal(7, java.math.BigDecimal.valueOf(id * 7L, 3));
          w.setString(8, "c6-" + id);
          w.setDouble(9, id / 4.0);
          w.setString(10, "the eighth column of " + id);
          w.addBatch();
        }
        w.executeBatch();
        for (int i = part; i < GROUPS * PER_GROUP; i += SSTABLES) {
          p.setInt(1, i / PER_GROUP);
          p.setInt(2, i % PER_GROUP);
          p.setString(3, "v" + i);
          p.addBatch();
        }
        p.executeBatch();
        for (int i = part; i < PREFIXES.length * PER_PREFIX; i += SSTABLES) {
          s.setString(1, PREFIXES[i / PER_PREFIX] + String.format("%05d", i % PER_PREFIX));
          s.setInt(2, i);
          s.addBatch();
        }
        s.executeBatch();
      }
      engine.flush();
    }
    assertThat(engine.stats().sstables()).as("live SSTables").isGreaterThanOrEqualTo(SSTABLES);
    assertThat(engine.stats().memtableBytes()).as("nothing left in the memtable").isLessThan(1024);
  }

  @AfterAll
  static void close() throws SQLException {
    for (Connection c : new Connection[] {conn, fullScan, calciteOnly}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void primaryKeyEqualityIsOnePointGetReadingAtMostOneBlockPerSstable() throws SQLException {
    for (Connection c : List.of(conn, calciteOnly)) {
      Reads literal = reads(c, "SELECT ID, NAME, C8 FROM W WHERE ID = 12345");
      assertThat(literal.rows).containsExactly("12345|name-12345|the eighth column of 12345");
      assertPointGets(literal, 1);

      Reads reversed = reads(c, "SELECT NAME FROM W WHERE 777 = ID");
      assertThat(reversed.rows).containsExactly("name-777");
      assertPointGets(reversed, 1);

      Reads prepared = reads(c, "SELECT ID, NAME, C8 FROM W WHERE ID = ?", 12346);
      assertThat(prepared.rows).containsExactly("12346|name-12346|the eighth column of 12346");
      assertPointGets(prepared, 1);

      Reads missing = reads(c, "SELECT NAME FROM W WHERE ID = ?", ROWS + 5);
      assertThat(missing.rows).isEmpty();
      assertPointGets(missing, 1);
    }
    assertSameAsFullScan("SELECT ID, NAME, C8 FROM W WHERE ID = 12345");
    assertSameAsFullScan("SELECT NAME FROM W WHERE ID = ?", 12346);
  }

  private static void assertPointGets(Reads r, int gets) {
    assertThat(r.delta.pointGets()).as("point gets of %s", r.sql).isEqualTo(gets);
    assertThat(r.delta.entriesScanned()).as("entries scanned by %s", r.sql).isZero();
    assertThat(r.delta.dataBlocksRead()).as("data blocks read by %s", r.sql).isLessThanOrEqualTo((long) gets * SSTABLES);
  }

  @Test
  void rangesOnTheLeadingKeyColumnScanOnlyTheirRange() throws SQLException {
    assertRange("SELECT COUNT(*), SUM(C1) FROM W WHERE ID BETWEEN 1000 AND 1999", 1000, "1000|4498500");
    assertRange("SELECT COUNT(*) FROM W WHERE ID > 19900", 99, "99");
    assertRange("SELECT COUNT(*) FROM W WHERE ID >= 19900", 100, "100");
    assertRange("SELECT COUNT(*) FROM W WHERE ID < 50", 50, "50");
    assertRange("SELECT COUNT(*) FROM W WHERE ID <= 50", 51, "51");
    assertRange("SELECT COUNT(*) FROM W WHERE ID > 5000 AND ID < 5100", 99, "99");
    assertRange("SELECT COUNT(*) FROM W WHERE ID > 5000 AND ID < 5100 AND ID >= 5050", 50, "50");
    assertRange("SELECT ID FROM W WHERE ID BETWEEN ? AND ? ORDER BY ID DESC", 5, "9004", 9000, 9004);
    assertThat(reads(fullScan, "SELECT COUNT(*) FROM W WHERE ID BETWEEN 1000 AND 1999").delta.entriesScanned())
        .as("pushdown=false reads the whole table").isGreaterThanOrEqualTo(ROWS);
  }

  @Test
  void likeWithAPrefixScansOnlyThePrefix() throws SQLException {
    assertRange("SELECT COUNT(*), MIN(K), MAX(N) FROM S WHERE K LIKE 'item:%'", PER_PREFIX,
        "3000|item:00000|5999");
    assertRange("SELECT K FROM S WHERE K LIKE 'user:0012%' ORDER BY K", 10, "user:00120");
    assertRange("SELECT K FROM S WHERE K LIKE ?", 10, "user:00120", "user:0012%");
    assertRange("SELECT COUNT(*) FROM S WHERE K LIKE 'zzz%'", 0, "0");
  }

  @Test
  void compositeKeysNarrowByTheirLeadingColumns() throws SQLException {
    assertRange("SELECT B, V FROM P WHERE A = 42 AND B BETWEEN 10 AND 19 ORDER BY B", 10, "10|v4210");
    assertRange("SELECT B, V FROM P WHERE A = ? AND B > ? ORDER BY B", 9, "91|v4291", 42, 90);
    assertRange("SELECT COUNT(*), MIN(B), MAX(B) FROM P WHERE A = 7", PER_GROUP, "100|0|99");
    assertRange("SELECT COUNT(*) FROM P WHERE A BETWEEN 10 AND 12", 3 * PER_GROUP, "300");
    Reads exact = reads(conn, "SELECT V FROM P WHERE A = 3 AND B = 4");
    assertThat(exact.rows).containsExactly("v304");
    assertPointGets(exact, 1);
    assertSameAsFullScan("SELECT V FROM P WHERE A = 3 AND B = 4");
    Reads grid = reads(conn, "SELECT A, B FROM P WHERE A IN (1, 2, 3) AND B = 4 ORDER BY A");
    assertThat(grid.rows).containsExactly("1|4", "2|4", "3|4");
    assertPointGets(grid, 3);
    assertSameAsFullScan("SELECT A, B FROM P WHERE A IN (1, 2, 3) AND B = 4 ORDER BY A");
    // B alone is not a leading column: the whole table is read, and the answer is still right.
    Reads second = reads(conn, "SELECT COUNT(*) FROM P WHERE B = 4");
    assertThat(second.rows).containsExactly(String.valueOf(GROUPS));
    assertSameAsFullScan("SELECT COUNT(*) FROM P WHERE B = 4");
  }

  @Test
  void inListsBecomePointGets() throws SQLException {
    Reads r = reads(conn, "SELECT ID, C2 FROM W WHERE ID IN (5, 500, 5000, 19999, 20001) ORDER BY ID");
    assertThat(r.rows).containsExactly("5|c2-5", "500|c2-500", "5000|c2-5000", "19999|c2-19999");
    assertPointGets(r, 5);
    assertSameAsFullScan("SELECT ID, C2 FROM W WHERE ID IN (5, 500, 5000, 19999, 20001) ORDER BY ID");
    Reads keys = reads(conn, "SELECT K, N FROM S WHERE K IN ('user:00001', 'acct:02999', 'nope') ORDER BY K");
    assertThat(keys.rows).containsExactly("acct:02999|2999", "user:00001|6001");
    assertPointGets(keys, 3);
    Reads params = reads(conn, "SELECT ID FROM W WHERE ID IN (?, ?) ORDER BY ID", 7, 8);
    assertThat(params.rows).containsExactly("7", "8");
    assertThat(params.delta.entriesScanned()).as("entries scanned by %s", params.sql).isZero();
  }

  @Test
  void projectionsOfOneColumnOfAWideTableReturnTheRightValues() throws SQLException {
    assertThat(reads(conn, "SELECT C5 FROM W WHERE ID = 4321").rows).containsExactly("30.247");
    assertThat(reads(conn, "SELECT C3 FROM W WHERE ID = ?", 9999).rows).containsExactly("9999000069993");
    assertThat(reads(conn, "SELECT C7, C1 FROM W WHERE ID = 10").rows).containsExactly("2.5|30");
    assertThat(reads(conn, "SELECT C8 FROM W WHERE ID BETWEEN 3 AND 5 ORDER BY ID").rows)
        .containsExactly("the eighth column of 3", "the eighth column of 4", "the eighth column of 5");
    assertThat(reads(conn, "SELECT C6 FROM W WHERE ID BETWEEN 3 AND 5 ORDER BY C6 DESC").rows)
        .containsExactly("c6-5", "c6-4", "c6-3");
    assertThat(reads(conn, "SELECT SUM(C1) FROM W").rows).containsExactly(String.valueOf(3L * ROWS * (ROWS - 1) / 2));
    for (String sql : List.of("SELECT C5 FROM W WHERE ID = 4321", "SELECT C4, C2 FROM W WHERE ID BETWEEN 17 AND 40",
        "SELECT LEDGER_SEQ IS NOT NULL, C6 FROM W WHERE ID = 5")) {
      assertSameAsFullScan(sql);
    }
  }

  /** Runs a query that should scan about {@code inRange} stored entries, checks its first row and the full-scan answer. */
  private static void assertRange(String sql, int inRange, String firstRow, Object... params) throws SQLException {
    for (Connection c : List.of(conn, calciteOnly)) {
      Reads r = reads(c, sql, params);
      if (firstRow != null) {
        assertThat(r.rows).as(sql).isNotEmpty();
        assertThat(r.rows.get(0)).as(sql).isEqualTo(firstRow);
      }
      // Inclusive bounds and one look past the end in each SSTable may add a few entries, never a table's worth.
      assertThat(r.delta.entriesScanned()).as("entries scanned by %s", sql)
          .isGreaterThanOrEqualTo(inRange).isLessThanOrEqualTo(inRange + 4L * SSTABLES + 2);
    }
    assertSameAsFullScan(sql, params);
  }

  private static void assertSameAsFullScan(String sql, Object... params) throws SQLException {
    assertThat(reads(conn, sql, params).rows).as("%s with and without push-down", sql)
        .isEqualTo(reads(fullScan, sql, params).rows);
  }

  /** A query's rows (columns joined with '|') and the engine counters it moved. */
  private record Reads(String sql, List<String> rows, Stats delta) {}

  private static Reads reads(Connection c, String sql, Object... params) throws SQLException {
    Stats before = engine.stats();
    List<String> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            sb.append(i > 1 ? "|" : "").append(rs.getString(i));
          }
          rows.add(sb.toString());
        }
      }
    }
    Stats after = engine.stats();
    Stats delta = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null,
        after.dataBlocksRead() - before.dataBlocksRead(), after.pointGets() - before.pointGets(),
        after.entriesScanned() - before.entriesScanned());
    return new Reads(sql, rows, delta);
  }
}

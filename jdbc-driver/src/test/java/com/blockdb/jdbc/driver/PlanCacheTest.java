package com.blockdb.jdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Literal lifting and the plan cache: plain-text SQL gives the same answers as Calcite alone. */
class PlanCacheTest {
  private Connection fast;
  private Connection slow;

  @BeforeEach
  void open() throws SQLException {
    String name = "plancache-" + UUID.randomUUID();
    fast = DriverManager.getConnection("jdbc:blockdb:mem:" + name);
    slow = DriverManager.getConnection("jdbc:blockdb:mem:" + name + ";fastpath=false");
    try (Statement s = fast.createStatement()) {
      s.execute("CREATE TABLE T (ID BIGINT PRIMARY KEY, NAME VARCHAR(10) NOT NULL, AMT DECIMAL(12, 2), R DOUBLE)");
      for (int i = 0; i < 20; i++) {
        s.executeUpdate("INSERT INTO T VALUES (" + i + ", 'n" + i + "', " + i + ".25, " + (i / 4.0) + ")");
      }
    }
  }

  @AfterEach
  void close() throws SQLException {
    fast.close();
    slow.close();
  }

  @Test
  void liftsComparisonAndInsertLiteralsOnly() {
    assertThat(LiteralLifter.lift("SELECT * FROM T WHERE ID = 5").text()).isEqualTo("SELECT * FROM T WHERE ID = ?");
    LiteralLifter.Lifted l = LiteralLifter.lift("select x from t where name = 'it''s' and id between -3 and 7");
    assertThat(l.text()).isEqualTo("select x from t where name = ? and id between ? and ?");
    assertThat(l.literals()).extracting(LiteralLifter.Literal::value)
        .containsExactly("it's", new BigDecimal("-3"), new BigDecimal("7"));
    assertThat(LiteralLifter.lift("INSERT INTO T (A, B) VALUES (1, 'x'), (2, 'y')").text())
        .isEqualTo("INSERT INTO T (A, B) VALUES (?, ?), (?, ?)");
    for (String kept : List.of("SELECT 1, 'a' FROM T", "SELECT * FROM T ORDER BY 1 LIMIT 5 OFFSET 2",
        "SELECT * FROM T WHERE D = DATE '2020-01-01'", "SELECT * FROM T WHERE B = X'00ff'",
        "SELECT CAST(ID AS VARCHAR(10)) FROM T", "INSERT INTO T SELECT 1, 'a' FROM T")) {
      assertThat(LiteralLifter.lift(kept).text()).as(kept).isEqualTo(kept);
    }
    assertThat(LiteralLifter.lift("SELECT * FROM T WHERE ID = ?")).isNull();
    assertThat(LiteralLifter.lift("SELECT * FROM T WHERE R = 1e5")).isNull();
  }

  @Test
  void cachedPlansAnswerAsCalciteDoes() throws SQLException {
    List<String> queries = List.of(
        "SELECT * FROM T WHERE ID = 5", "SELECT * FROM T WHERE ID = 6", "SELECT NAME FROM T WHERE ID = 5.5",
        "SELECT NAME FROM T WHERE ID = 5.0", "SELECT ID FROM T WHERE AMT = 3.25", "SELECT ID FROM T WHERE AMT = 3.251",
        "SELECT ID FROM T WHERE AMT > 3.2 ORDER BY ID", "SELECT ID FROM T WHERE R = 0.25",
        "SELECT ID FROM T WHERE NAME = 'n7'", "SELECT ID FROM T WHERE NAME LIKE 'n1%' ORDER BY ID",
        "SELECT ID FROM T WHERE ID BETWEEN 3 AND 6 ORDER BY ID", "SELECT ID FROM T WHERE ID = 99999999999",
        "SELECT ID FROM T WHERE ID = -1", "SELECT COUNT(*) FROM T WHERE ID >= 10");
    for (String q : queries) {
      // twice each: the second run comes from the cache
      assertThat(run(fast, q)).as(q).isEqualTo(run(slow, q));
      assertThat(run(fast, q)).as(q + " (cached)").isEqualTo(run(slow, q));
    }
    for (String bad : List.of("SELECT ID FROM T WHERE NAME = 5", "SELECT ID FROM T WHERE ID = 'x'")) {
      assertThat(run(fast, bad)).as(bad).isEqualTo(run(slow, bad)).startsWith("ERROR");
    }
  }

  @Test
  void anOpenResultSetSurvivesTheSameTextRunningAgain() throws SQLException {
    try (Statement a = fast.createStatement(); Statement b = fast.createStatement()) {
      ResultSet first = a.executeQuery("SELECT ID FROM T WHERE ID >= 1 ORDER BY ID");
      assertThat(first.next()).isTrue();
      ResultSet second = b.executeQuery("SELECT ID FROM T WHERE ID >= 1 ORDER BY ID");
      int n = 0;
      while (second.next()) {
        n++;
      }
      assertThat(n).isEqualTo(19);
      assertThat(first.getLong(1)).isEqualTo(1);
      assertThat(first.next()).isTrue();
      assertThat(first.getLong(1)).isEqualTo(2);
      assertThat(first.getStatement()).isSameAs(a);
    }
  }

  @Test
  void plainInsertsShareAPlanAndStayAtomic() throws SQLException {
    try (Statement s = fast.createStatement()) {
      assertThat(s.executeUpdate("INSERT INTO T (ID, NAME) VALUES (100, 'a')")).isEqualTo(1);
      assertThat(s.executeUpdate("INSERT INTO T (ID, NAME) VALUES (101, 'b')")).isEqualTo(1);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO T (ID, NAME) VALUES (100, 'c')"))
          .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class)
          .hasMessageContaining("(ID)=(100)");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO T (ID, NAME) VALUES (102, 'much too long')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22001"));
      assertThat(run(fast, "SELECT ID, NAME FROM T WHERE ID >= 100 ORDER BY ID")).isEqualTo("ID|NAME;100|a;101|b;");
    }
  }

  /** Column labels and types, then rows, or the error's SQLState and vendor code. */
  private static String run(Connection c, String sql) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      StringBuilder b = new StringBuilder();
      ResultSetMetaData md = rs.getMetaData();
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        labels.add(md.getColumnLabel(i) + (md.getColumnType(i) == java.sql.Types.VARCHAR ? "" : ""));
      }
      b.append(String.join("|", labels)).append(';');
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        b.append(String.join("|", row)).append(';');
      }
      return b.toString();
    } catch (SQLException e) {
      return "ERROR " + e.getSQLState() + " " + e.getErrorCode();
    }
  }
}

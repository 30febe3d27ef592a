package com.blockdb.jdbc;

import java.sql.*;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static void q(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      boolean rs = s.execute(sql);
      if (rs) {
        ResultSet r = s.getResultSet();
        ResultSetMetaData md = r.getMetaData();
        StringBuilder h = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) h.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(" | ");
        System.out.println(sql + "\n  " + h);
        int n = 0;
        while (r.next() && n++ < 10) {
          StringBuilder b = new StringBuilder();
          for (int i = 1; i <= md.getColumnCount(); i++) b.append(r.getString(i)).append(" | ");
          System.out.println("  " + b);
        }
      } else {
        System.out.println(sql + "\n  count=" + s.getUpdateCount());
      }
    } catch (SQLException e) {
      System.out.println(sql + "\n  ERROR " + e.getSQLState() + "/" + e.getErrorCode() + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (Throwable t) {
      System.out.println(sql + "\n  THROWABLE " + t);
      t.printStackTrace(System.out);
    }
  }

  @Test
  void smoke() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:mem:smoke")) {
      q(c, "CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(5) NOT NULL, AMT DECIMAL(10,2), TS TIMESTAMP)");
      q(c, "INSERT INTO T VALUES (1, 'a', 1.5, TIMESTAMP '2020-01-01 10:00:00.123')");
      q(c, "INSERT INTO T (ID, NAME) VALUES (2, 'b'), (3, 'c')");
      q(c, "INSERT INTO T (ID, NAME) VALUES (4, 'd'), (1, 'dup')");
      q(c, "INSERT INTO T (ID, NAME) VALUES (5, 'toolongvalue')");
      q(c, "INSERT INTO T (ID, NAME) VALUES (6, NULL)");
      q(c, "INSERT INTO T (ID, NAME) VALUES ('x', 'y')");
      q(c, "SELECT * FROM T ORDER BY ID");
      q(c, "SELECT ID, LEDGER_SEQ, LEDGER_BLOCK, LEDGER_TS, LEDGER_PRINCIPAL FROM T WHERE ID = 2");
      q(c, "SELECT * FROM T WHERE ID >= 2 AND ID < 3");
      q(c, "SELECT COUNT(*) FROM T");
      q(c, "INSERT INTO T (ID, NAME, LEDGER_SEQ) VALUES (9, 'z', 5)");
      q(c, "UPDATE T SET NAME = 'q'");
      q(c, "DELETE FROM T");
      q(c, "SELEC 1");
      q(c, "SELECT NOPE FROM T");
      q(c, "SELECT * FROM NOPE");
      q(c, "VALUES VERIFY_CHAIN()");
      q(c, "SELECT * FROM TABLE(LEDGER_VERIFY())");
      q(c, "SELECT * FROM TABLE(LEDGER_DIGEST())");
      q(c, "SELECT * FROM TABLE(LEDGER_BLOCKS())");
      q(c, "VALUES ROW_PROOF('T', 1)");
      q(c, "INSERT INTO KV (KEY, VAL) VALUES ('k1', 'v1')");
      q(c, "SELECT * FROM KV");
      q(c, "SELECT KEY, VAL_BYTES, LEDGER_SEQ FROM KV WHERE KEY LIKE 'k%'");
      q(c, "EXPLAIN PLAN FOR SELECT * FROM T WHERE ID = 2");
      q(c, "INSERT INTO T (ID, NAME) SELECT ID + 100, NAME FROM T");
      q(c, "SELECT ID FROM T ORDER BY ID DESC LIMIT 3");
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM T WHERE ID = ?")) {
        ps.setInt(1, 2);
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) System.out.println("  prepared: " + r.getInt(1) + " " + r.getString(2) + " " + r.getObject(3) + " " + r.getTimestamp(4) + " " + r.getClass().getSimpleName());
        }
        ps.setInt(1, 1);
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) System.out.println("  prepared: " + r.getInt(1) + " " + r.getString(2) + " " + r.getObject(3) + " " + r.getTimestamp(4));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, NAME) VALUES (?, ?)")) {
        for (int i = 200; i < 210; i++) { ps.setInt(1, i); ps.setString(2, "n" + i); ps.addBatch(); }
        System.out.println("  batch " + java.util.Arrays.toString(ps.executeBatch()));
        for (int i = 210; i < 215; i++) { ps.setInt(1, i); ps.setString(2, "n" + i); ps.addBatch(); }
        ps.setInt(1, 200); ps.setString(2, "dup"); ps.addBatch();
        try { ps.executeBatch(); } catch (BatchUpdateException e) { System.out.println("  batch dup " + e.getSQLState() + " " + e.getMessage()); }
      }
      q(c, "SELECT COUNT(*) FROM T");
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet r = md.getPrimaryKeys(null, "BLOCKDB", "T")) { while (r.next()) System.out.println("  pk " + r.getString("COLUMN_NAME")); }
      try (ResultSet r = md.getColumns(null, "BLOCKDB", "T", null)) { while (r.next()) System.out.println("  col " + r.getString("COLUMN_NAME") + " " + r.getString("TYPE_NAME")); }
    }
  }
}

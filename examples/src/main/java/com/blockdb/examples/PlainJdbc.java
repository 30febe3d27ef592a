package com.blockdb.examples;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** BlockDB through plain JDBC: a table, inserts one by one and in a batch, a query, a transaction and a ledger check. */
public final class PlainJdbc {
  private PlainJdbc() {}

  public static void main(String[] args) {
    ExampleSettings settings = ExampleSettings.fromArgs(PlainJdbc.class, args);
    try {
      run(settings);
    } catch (SQLException e) {
      System.exit(ExampleSettings.fail(e));
    }
  }

  static void run(ExampleSettings settings) throws SQLException {
    // The driver registers itself (META-INF/services): DriverManager finds it by the URL's
    // "jdbc:blockdb:" prefix. The same code opens a directory embedded in this JVM or a server.
    try (Connection conn = DriverManager.getConnection(settings.url(), settings.login())) {
      System.out.println("Connected to " + conn.getMetaData().getURL() + " as "
          + conn.getMetaData().getUserName());

      try (Statement st = conn.createStatement()) {
        // Every table needs a primary key. IF NOT EXISTS lets the example run again on the same data.
        st.executeUpdate("CREATE TABLE IF NOT EXISTS PAYMENTS ("
            + "ID BIGINT PRIMARY KEY, PAYEE VARCHAR(100) NOT NULL, AMOUNT DECIMAL(12, 2) NOT NULL)");
      }

      // A key is written once and never changed: a new run continues after the highest ID so far.
      long first = nextId(conn);

      // One row with a PreparedStatement: the values travel as parameters, never spliced into the
      // SQL text. With autoCommit on (the JDBC default) the row is durable when executeUpdate returns.
      try (PreparedStatement insert = conn.prepareStatement("INSERT INTO PAYMENTS (ID, PAYEE, AMOUNT) VALUES (?, ?, ?)")) {
        insert.setLong(1, first);
        insert.setString(2, "ACME Corp");
        insert.setBigDecimal(3, new BigDecimal("99.50"));
        System.out.println("Inserted " + insert.executeUpdate() + " row");

        // A batch: the rows go as one ledger transaction, all of them or (on any error) none.
        String[] payees = {"Globex", "Initech", "Umbrella"};
        for (int i = 0; i < payees.length; i++) {
          insert.setLong(1, first + 1 + i);
          insert.setString(2, payees[i]);
          insert.setBigDecimal(3, new BigDecimal(10 * (i + 1)).add(new BigDecimal("0.25")));
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        System.out.println("Inserted a batch of " + counts.length + " rows");
      }

      // A transaction: autoCommit off, then the rows become visible to others at commit, together.
      conn.setAutoCommit(false);
      try (PreparedStatement insert = conn.prepareStatement("INSERT INTO PAYMENTS (ID, PAYEE, AMOUNT) VALUES (?, ?, ?)")) {
        insert.setLong(1, first + 4);
        insert.setString(2, "Stark Industries");
        insert.setBigDecimal(3, new BigDecimal("1200.00"));
        insert.executeUpdate();
        insert.setLong(1, first + 5);
        insert.setString(2, "Wayne Enterprises");
        insert.setBigDecimal(3, new BigDecimal("800.00"));
        insert.executeUpdate();
        conn.commit();
        System.out.println("Committed a transaction of 2 rows");

        // Rollback: the row is discarded and leaves no trace, not even in the ledger.
        insert.setLong(1, first + 6);
        insert.setString(2, "Never Paid Ltd");
        insert.setBigDecimal(3, new BigDecimal("1.00"));
        insert.executeUpdate();
        conn.rollback();
        System.out.println("Rolled back a transaction of 1 row");
      } finally {
        conn.setAutoCommit(true); // commits anything still open; back to one transaction per statement
      }

      // A query. LEDGER_PRINCIPAL and LEDGER_SEQ are system columns every table has: who wrote the
      // row (the server's user; "local" embedded) and its entry number in the ledger.
      try (PreparedStatement query = conn.prepareStatement(
          "SELECT ID, PAYEE, AMOUNT, LEDGER_PRINCIPAL FROM PAYMENTS WHERE ID >= ? ORDER BY ID")) {
        query.setLong(1, first);
        try (ResultSet rs = query.executeQuery()) {
          int rows = 0;
          while (rs.next()) {
            rows++;
            System.out.printf("  %d  %-20s %10s  written by %s%n", rs.getLong("ID"), rs.getString("PAYEE"),
                rs.getBigDecimal("AMOUNT"), rs.getString("LEDGER_PRINCIPAL"));
          }
          System.out.println("Selected " + rows + " rows written by this run");
        }
      }

      // Append-only: UPDATE and DELETE are refused (SQLState 0A000) before anything runs.
      try (Statement st = conn.createStatement()) {
        st.executeUpdate("UPDATE PAYMENTS SET AMOUNT = 0 WHERE ID = " + first);
        System.out.println("UPDATE was accepted: not what BlockDB promises");
      } catch (SQLException e) {
        System.out.println("UPDATE refused, as expected: SQLState " + e.getSQLState());
      }

      // VERIFY_CHAIN() re-reads and re-hashes every entry and rebuilds the hash chain of blocks.
      try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
        rs.next();
        boolean ok = rs.getBoolean(1);
        System.out.println("VERIFY_CHAIN() = " + ok);
        if (!ok) {
          throw new SQLException("the ledger does not verify: run SELECT * FROM TABLE(LEDGER_VERIFY()) for details");
        }
      }
    }
  }

  /** One past the highest ID in the table (1 for an empty table). */
  private static long nextId(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(ID) FROM PAYMENTS")) {
      rs.next();
      return rs.getLong(1) + 1; // getLong gives 0 for NULL, the MAX of an empty table
    }
  }
}

package com.blockdb.jdbc.memory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child process of {@link MemoryGuardIT}, run in a small heap: fills a table, then runs a sorted
 * cross join far larger than the heap, a grouping of it and the sort again on one connection while a second connection runs point
 * queries all along. Prints one line per step ({@code RUNAWAY state=... message=...},
 * {@code SMALL ok=... failed=...}) and {@code DONE}; any other failure exits non-zero.
 */
public final class MemoryGuardMain {
  /**
   * A cross join of 1000 x 1000 rows of 600-character strings, sorted (about 700 MB of rows), then
   * grouped by that string (a million groups), then sorted again.
   */
  static final String[] RUNAWAYS = {
      "SELECT A.ID, B.ID, A.S || B.S AS X FROM T A CROSS JOIN T B ORDER BY X",
      "SELECT A.S || B.S AS X, COUNT(*) FROM T A CROSS JOIN T B GROUP BY A.S || B.S",
      "SELECT A.ID, B.ID, A.S || B.S AS X FROM T A CROSS JOIN T B ORDER BY X"};

  private MemoryGuardMain() {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:blockdb:" + args[0] + (args.length > 1 ? args[1] : "");
    try (Connection big = DriverManager.getConnection(url); Connection small = DriverManager.getConnection(url)) {
      try (Statement s = big.createStatement()) {
        s.execute("CREATE TABLE T (ID INT PRIMARY KEY, S VARCHAR(400) NOT NULL)");
      }
      try (PreparedStatement ps = big.prepareStatement("INSERT INTO T (ID, S) VALUES (?, ?)")) {
        for (int i = 0; i < 1000; i++) {
          ps.setInt(1, i);
          ps.setString(2, (i + "-").repeat(300).substring(0, 300));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      Thread reader = new Thread(() -> {
        try (PreparedStatement ps = small.prepareStatement("SELECT S FROM T WHERE ID = ?")) {
          for (int i = 0; !stop.get(); i++) {
            try {
              ps.setInt(1, i % 1000);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1).length() == 300) {
                  ok.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                }
              }
            } catch (SQLException e) {
              failed.incrementAndGet();
              firstFailure.compareAndSet(null, e.getSQLState() + " " + e.getMessage());
            }
          }
        } catch (SQLException e) {
          firstFailure.compareAndSet(null, e.getSQLState() + " " + e.getMessage());
        }
      }, "small-queries");
      reader.start();
      for (String runaway : RUNAWAYS) {
        try (Statement s = big.createStatement(); ResultSet rs = s.executeQuery(runaway)) {
          long rows = 0;
          while (rs.next()) {
            rows++;
          }
          System.out.println("RUNAWAY state=none rows=" + rows);
        } catch (SQLException e) {
          System.out.println("RUNAWAY state=" + e.getSQLState() + " message=" + e.getMessage());
        }
        try (Statement s = big.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
          rs.next();
          System.out.println("AFTER count=" + rs.getLong(1));
        }
      }
      stop.set(true);
      reader.join();
      System.out.println("SMALL ok=" + ok.get() + " failed=" + failed.get() + " first=" + firstFailure.get());
    }
    System.out.println("DONE");
  }
}

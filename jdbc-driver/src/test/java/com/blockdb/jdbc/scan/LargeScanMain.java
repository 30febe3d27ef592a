package com.blockdb.jdbc.scan;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Child process of {@link LargeScanIT}: writes N rows through JDBC batches, then reads them all
 * back through one streaming SELECT and a COUNT(*), in whatever heap its JVM was given. Prints one
 * {@code OK} line, or fails with a non-zero exit.
 */
public final class LargeScanMain {
  private LargeScanMain() {}

  public static void main(String[] args) throws Exception {
    String dir = args[0];
    long rows = Long.parseLong(args[1]);
    int batch = 10_000;
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + dir)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE BIG (ID BIGINT PRIMARY KEY, NAME VARCHAR(40) NOT NULL, AMOUNT DECIMAL(12, 2))");
      }
      long t0 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO BIG (ID, NAME, AMOUNT) VALUES (?, ?, ?)")) {
        for (long i = 0; i < rows; i++) {
          ps.setLong(1, i);
          ps.setString(2, "customer-" + i);
          ps.setBigDecimal(3, BigDecimal.valueOf(i % 100_000, 2));
          ps.addBatch();
          if ((i + 1) % batch == 0 || i == rows - 1) {
            ps.executeBatch();
          }
        }
      }
      long t1 = System.nanoTime();
      long seen = 0;
      long expectId = 0;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ID, NAME, AMOUNT FROM BIG")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if (id != expectId || !rs.getString(2).equals("customer-" + id)) {
            throw new AssertionError("row " + seen + " is " + id + " " + rs.getString(2) + ", expected " + expectId);
          }
          expectId++;
          seen++;
        }
      }
      long t2 = System.nanoTime();
      long counted;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(AMOUNT) FROM BIG")) {
        rs.next();
        counted = rs.getLong(1);
      }
      if (seen != rows || counted != rows) {
        throw new AssertionError("scanned " + seen + " and counted " + counted + " of " + rows + " rows");
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf("OK rows=%d maxHeapMiB=%d insertSeconds=%.1f scanSeconds=%.1f%n", rows,
          rt.maxMemory() >> 20, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
  }
}

package com.blockdb.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** BlockDB behind a HikariCP connection pool: several threads insert in transactions, with the settings a remote server needs. */
public final class PooledJdbc {
  static final int THREADS = 4;
  static final int TRANSACTIONS_PER_THREAD = 5;
  static final int ROWS_PER_TRANSACTION = 5;
  /** SQLState of a deadlock victim or a lock wait that timed out: the whole transaction may be retried. */
  private static final String RETRY = "40001";

  private PooledJdbc() {}

  public static void main(String[] args) {
    ExampleSettings settings = ExampleSettings.fromArgs(PooledJdbc.class, args);
    try {
      run(settings);
    } catch (SQLException e) {
      System.exit(ExampleSettings.fail(e));
    }
  }

  /** The pool settings: fine embedded, and what a connection to a blockdb-server needs. */
  static HikariConfig poolConfig(ExampleSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    if (settings.user() != null) {
      config.setUsername(settings.user());
      config.setPassword(settings.password());
    }
    config.setPoolName("blockdb-example");
    config.setMaximumPoolSize(THREADS);
    // Connections come out of the pool with autoCommit off: the code commits each transaction of
    // several inserts itself, and the pool rolls back whatever a borrower left uncommitted.
    config.setAutoCommit(false);
    // A server closes a connection idle for connection_expiry (default 600 s) and rolls back its
    // transaction. A test query is a round trip that notices such a connection before the pool
    // hands it out (Avatica's own client answers isValid() without asking the server)...
    config.setConnectionTestQuery("VALUES 1");
    // ...and the pool retires connections well before the server would expire them,
    config.setMaxLifetime(Duration.ofMinutes(5).toMillis());
    config.setIdleTimeout(Duration.ofMinutes(4).toMillis());
    // and keeps idle ones alive with a test query every 2 minutes.
    config.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
    // Give up on a server that does not answer rather than hang.
    config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
    return config;
  }

  static void run(ExampleSettings settings) throws SQLException {
    try (HikariDataSource pool = openPool(poolConfig(settings))) {
      long first;
      try (Connection conn = pool.getConnection(); Statement st = conn.createStatement()) {
        // CREATE TABLE takes effect at once, whatever the connection's transaction does.
        st.executeUpdate("CREATE TABLE IF NOT EXISTS READINGS ("
            + "ID BIGINT PRIMARY KEY, SENSOR VARCHAR(20) NOT NULL, CELSIUS DOUBLE NOT NULL)");
        try (ResultSet rs = st.executeQuery("SELECT MAX(ID) FROM READINGS")) {
          rs.next();
          first = rs.getLong(1) + 1; // keys are written once: a new run continues after the last
        }
        conn.commit(); // end the read transaction before the connection goes back to the pool
      }

      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          long from = first + (long) t * TRANSACTIONS_PER_THREAD * ROWS_PER_TRANSACTION;
          String sensor = "sensor-" + (t + 1);
          done.add(threads.submit(() -> insertReadings(pool, sensor, from)));
        }
        int rows = 0;
        for (Future<Integer> f : done) {
          rows += await(f);
        }
        System.out.println(THREADS + " threads committed " + THREADS * TRANSACTIONS_PER_THREAD
            + " transactions of " + ROWS_PER_TRANSACTION + " rows: " + rows + " rows");
      } finally {
        threads.shutdown();
      }

      try (Connection conn = pool.getConnection(); Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT SENSOR, COUNT(*) AS N, ROUND(AVG(CELSIUS), 1) AS AVG_C "
              + "FROM READINGS WHERE ID >= " + first + " GROUP BY SENSOR ORDER BY SENSOR")) {
        long total = 0;
        while (rs.next()) {
          total += rs.getLong("N");
          System.out.printf("  %-10s %3d readings, average %.1f C%n", rs.getString("SENSOR"), rs.getLong("N"),
              rs.getDouble("AVG_C"));
        }
        conn.commit();
        System.out.println("Read back " + total + " rows through the pool");
      }
    }
  }

  /**
   * One thread's work: each transaction borrows a connection, inserts its rows and commits. A
   * transaction chosen as a deadlock victim (SQLState 40001) was rolled back by BlockDB and is
   * retried as a whole; with disjoint keys, as here, it does not happen.
   */
  private static int insertReadings(HikariDataSource pool, String sensor, long from) throws SQLException {
    int rows = 0;
    for (int tx = 0; tx < TRANSACTIONS_PER_THREAD; tx++) {
      long id = from + (long) tx * ROWS_PER_TRANSACTION;
      for (int attempt = 1; ; attempt++) {
        try (Connection conn = pool.getConnection();
            PreparedStatement insert = conn.prepareStatement("INSERT INTO READINGS VALUES (?, ?, ?)")) {
          try {
            for (int i = 0; i < ROWS_PER_TRANSACTION; i++) {
              insert.setLong(1, id + i);
              insert.setString(2, sensor);
              insert.setDouble(3, 20 + (id + i) % 7 * 0.5);
              insert.executeUpdate();
            }
            conn.commit();
            rows += ROWS_PER_TRANSACTION;
            break;
          } catch (SQLException e) {
            conn.rollback(); // after a 40001 the connection refuses statements until rollback()
            if (!RETRY.equals(e.getSQLState()) || attempt == 3) {
              throw e;
            }
          }
        }
      }
    }
    return rows;
  }

  /** A started pool; it fails, as DriverManager would, when it cannot open its first connection. */
  private static HikariDataSource openPool(HikariConfig config) throws SQLException {
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s; // unreachable server (08001), wrong user or password (28000), ...
      }
      throw e;
    }
  }

  private static int await(Future<Integer> f) throws SQLException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw new IllegalStateException("a writer thread failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the writer threads", "HY008", e);
    }
  }
}

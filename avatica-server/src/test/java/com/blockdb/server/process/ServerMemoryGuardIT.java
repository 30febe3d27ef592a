package com.blockdb.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory guard in a {@code bin/blockdb-server} process with a 256 MiB heap: a remote client's
 * sorted cross join, which would need several times that heap, is stopped with 53200 (twice, so the
 * first one's rows were freed), while other remote clients' queries are served throughout without
 * one error; afterwards the server is healthy (GET /health 200), serves a new connection and stops
 * cleanly.
 */
class ServerMemoryGuardIT {
  /** A cross join of 1000 x 1000 rows of 600-character strings, sorted: about 700 MB of rows. */
  private static final String RUNAWAY = "SELECT A.ID, B.ID, A.S || B.S AS X FROM T A CROSS JOIN T B ORDER BY X";
  private static final int SMALL_CLIENTS = 3;

  @TempDir
  Path dir;

  private static Connection connect(LaunchedServer server) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", LaunchedServer.ADMIN);
    p.setProperty("password", LaunchedServer.ADMIN_PASSWORD);
    return DriverManager.getConnection(server.jdbcUrl(""), p);
  }

  @Test
  void aRemoteRunawaySortIsStoppedWith53200WhileOtherClientsAreServed() throws Exception {
    try (LaunchedServer server = LaunchedServer.start(dir, "", "-Xmx256m")) {
      try (Connection c = connect(server); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INT PRIMARY KEY, S VARCHAR(400) NOT NULL)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, S) VALUES (?, ?)")) {
          for (int i = 0; i < 1000; i++) {
            ps.setInt(1, i);
            ps.setString(2, (i + "-").repeat(300).substring(0, 300));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong served = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < SMALL_CLIENTS; t++) {
        int offset = t;
        Thread client = new Thread(() -> {
          try (Connection c = connect(server); PreparedStatement ps = c.prepareStatement("SELECT S FROM T WHERE ID = ?")) {
            for (int i = offset; !stop.get(); i++) {
              try {
                ps.setInt(1, i % 1000);
                try (ResultSet rs = ps.executeQuery()) {
                  if (rs.next() && rs.getString(1).length() == 300) {
                    served.incrementAndGet();
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
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e.getSQLState() + " " + e.getMessage());
          }
        }, "small-client-" + t);
        client.start();
        clients.add(client);
      }

      List<String> outcomes = new ArrayList<>();
      long servedBefore;
      try (Connection c = connect(server)) {
        for (int round = 0; round < 2; round++) {
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(RUNAWAY)) {
            long rows = 0;
            while (rs.next()) {
              rows++;
            }
            outcomes.add("none: " + rows + " rows");
          } catch (SQLException e) {
            outcomes.add(e.getSQLState() + ": " + e.getMessage());
          }
        }
        servedBefore = served.get();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).as("the runaway's connection goes on").isEqualTo(1000);
        }
      }
      while (served.get() < servedBefore + 10 && failed.get() == 0) {
        Thread.onSpinWait(); // the small clients go on being served after the runaways
      }
      stop.set(true);
      for (Thread client : clients) {
        client.join();
      }

      System.out.println("runaway queries: " + outcomes + "; small queries served: " + served.get());
      assertThat(outcomes).as(server.log()).hasSize(2).allSatisfy(o -> assertThat(o)
          .startsWith("53200: query stopped: the heap was ")
          .contains("over memory_guard 80%")
          .contains("this query held the most of the running queries"));
      assertThat(failed.get()).as("small queries that failed; first: %s", firstFailure.get()).isZero();
      assertThat(served.get()).isGreaterThan(servedBefore);
      assertThat(server.log()).contains("memory guard: query stopped").doesNotContain("OutOfMemoryError");

      ServerHttp http = new ServerHttp(server.address());
      assertThat(http.get("/health", null).status()).isEqualTo(200);
      try (Connection c = connect(server); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1000);
      }
      assertThat(server.terminate()).as(server.log()).isZero();
    }
  }
}

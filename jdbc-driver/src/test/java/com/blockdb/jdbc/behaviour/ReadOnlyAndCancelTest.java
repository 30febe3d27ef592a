package com.blockdb.jdbc.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.jdbc.ServerSupport;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a server relies on in the embedded driver: read-only connections refuse every write with
 * 25006 naming the user (and a locked one cannot be made writable), a connection opened for a user
 * records that user in LEDGER_PRINCIPAL, and a query timeout or Statement.cancel() stops a query
 * that would otherwise run for minutes, with 57014.
 */
class ReadOnlyAndCancelTest {
  private static final AtomicInteger DBS = new AtomicInteger();
  /** Rows of the table whose four-fold cross join (about 5e8 rows) no test waits for. */
  private static final int ROWS = 150;
  private static final String RUNAWAY = "SELECT COUNT(*) FROM T A, T B, T C, T D";

  private String url;
  private Connection keeper;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:blockdb:mem:readonly" + DBS.incrementAndGet();
    keeper = DriverManager.getConnection(url);
    try (Statement st = keeper.createStatement()) {
      st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(10))");
    }
    try (PreparedStatement ps = keeper.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        ps.setInt(1, i);
        ps.setString(2, "v" + i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @AfterEach
  void close() throws SQLException {
    keeper.close();
  }

  private static void assertState(Throwable e, String state, String... words) {
    assertThat(e).isInstanceOf(SQLException.class);
    assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state);
    if (words.length > 0) {
      assertThat(e.getMessage()).contains(words);
    }
  }

  @Test
  void aReadOnlyConnectionRefusesEveryWriteWith25006AndStillReads() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      c.setReadOnly(true);
      assertThat(c.isReadOnly()).isTrue();
      assertThat(c.getMetaData().isReadOnly()).isTrue();
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO T VALUES (1000, 'x')"))
          .satisfies(e -> assertState(e, "25006", "'local'", "read-only", "INSERT"));
      assertThatThrownBy(() -> st.executeUpdate("CREATE TABLE U (ID INTEGER PRIMARY KEY)"))
          .satisfies(e -> assertState(e, "25006", "CREATE TABLE"));
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO KV (KEY, VAL) VALUES ('k', 'v')"))
          .satisfies(e -> assertState(e, "25006"));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
        ps.setInt(1, 1001);
        ps.setString(2, "y");
        assertThatThrownBy(ps::executeUpdate).satisfies(e -> assertState(e, "25006"));
        ps.addBatch();
        assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class)
            .satisfies(e -> assertState(e, "25006"));
      }
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM T")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(ROWS); // nothing of the refused writes is there
      }
      c.setReadOnly(false);
      assertThat(st.executeUpdate("INSERT INTO T VALUES (1002, 'z')")).isEqualTo(1);
    }
  }

  @Test
  void aConnectionOpenedForAUserRecordsItAndALockedOneCannotBeMadeWritable() throws SQLException {
    try (Connection alice = ServerSupport.connectAs(url, new Properties(), "alice");
        Statement st = alice.createStatement()) {
      st.executeUpdate("INSERT INTO T VALUES (2000, 'a')");
      try (ResultSet rs = st.executeQuery("SELECT LEDGER_PRINCIPAL FROM T WHERE ID = 2000")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("alice");
      }
    }
    try (Connection reader = ServerSupport.connectAs(url, new Properties(), "rita");
        Statement st = reader.createStatement()) {
      ServerSupport.lockReadOnly(reader);
      assertThat(ServerSupport.readOnlyLocked(reader)).isTrue();
      assertThatThrownBy(() -> reader.setReadOnly(false)).satisfies(e -> assertState(e, "25006", "'rita'"));
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO T VALUES (2001, 'r')"))
          .satisfies(e -> assertState(e, "25006", "'rita'"));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aQueryTimeoutStopsARunawayQueryWith57014AndTheStatementRunsAgain() throws SQLException {
    try (Statement st = keeper.createStatement()) {
      st.setQueryTimeout(1);
      assertThat(st.getQueryTimeout()).isEqualTo(1);
      assertThatThrownBy(() -> st.executeQuery(RUNAWAY).next())
          .satisfies(e -> assertState(e, "57014", "query timeout of 1 s"));
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM T")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(ROWS);
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theConnectionsQueryTimeoutIsEveryStatementsDefault() throws SQLException {
    try (Connection c = DriverManager.getConnection(url + ";query_timeout=1");
        PreparedStatement ps = c.prepareStatement(RUNAWAY)) {
      assertThat(ps.getQueryTimeout()).isEqualTo(1);
      assertThatThrownBy(() -> ps.executeQuery().next()).satisfies(e -> assertState(e, "57014"));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void cancelFromAnotherThreadStopsTheQueryWith57014() throws Exception {
    try (Statement st = keeper.createStatement()) {
      CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = st.executeQuery(RUNAWAY)) {
          return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
          return e;
        }
      });
      // cancel() only acts on a running execution: repeat it until the query has seen it.
      while (!running.isDone()) {
        st.cancel();
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertState((Throwable) running.get(), "57014", "Statement.cancel()");
    }
  }
}

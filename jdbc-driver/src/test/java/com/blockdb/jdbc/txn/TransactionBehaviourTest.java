package com.blockdb.jdbc.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.txn.TransactionManager;
import com.blockdb.jdbc.driver.BlockDbConnection;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JDBC transactions as an application meets them: a second inserter of a key waits for the first
 * and then fails (23505) or goes on; deadlocks of two and three connections are broken by detection
 * (the youngest gets 40001, the others commit); a lock wait past {@code transaction_timeout} gets
 * 40001; after it all, no lock, waiter or open transaction is left.
 */
class TransactionBehaviourTest {
  private static final AtomicInteger DBS = new AtomicInteger();
  private String url;
  private Connection keeper;

  @BeforeEach
  void open() throws SQLException {
    // A long timeout: deadlock tests must end by detection; a timeout would show as its message.
    url = "jdbc:blockdb:mem:txn" + DBS.incrementAndGet() + ";transaction_timeout=600";
    keeper = DriverManager.getConnection(url);
    try (Statement st = keeper.createStatement()) {
      st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(10))");
    }
  }

  @AfterEach
  void close() throws SQLException {
    keeper.close();
  }

  private Connection txn() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    c.setAutoCommit(false);
    return c;
  }

  private TransactionManager manager() throws SQLException {
    return keeper.unwrap(BlockDbConnection.class).database().transactions();
  }

  private static void insert(Connection c, int id, String v) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO T VALUES (" + id + ", '" + v + "')");
    }
  }

  private List<String> rows() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = keeper.createStatement(); ResultSet rs = st.executeQuery("SELECT ID, V FROM T ORDER BY ID")) {
      while (rs.next()) {
        out.add(rs.getInt(1) + "=" + rs.getString(2));
      }
    }
    return out;
  }

  /** Waits (without a time limit of its own) until {@code n} transactions wait for a lock. */
  private void awaitWaiters(int n) throws Exception {
    while (manager().locks().waitingCount() < n) {
      Thread.sleep(2);
    }
  }

  /** The SQLException an asynchronous insert failed with. */
  private static SQLException sqlError(CompletableFuture<Void> f) {
    try {
      f.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable t = e.getCause();
      while (t != null && !(t instanceof SQLException)) {
        t = t.getCause();
      }
      if (t != null) {
        return (SQLException) t;
      }
      throw e;
    }
    throw new AssertionError("the insert did not fail");
  }

  private void assertBaseline() throws SQLException {
    assertThat(manager().locks().lockedResourceCount()).isZero();
    assertThat(manager().locks().gatedCount()).isZero();
    assertThat(manager().locks().waitingCount()).isZero();
    assertThat(manager().openTransactions()).isZero();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aSecondInserterWaitsThenFailsWhenTheFirstCommits() throws Exception {
    try (Connection first = txn(); Connection second = txn()) {
      insert(first, 1, "first");
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try {
          insert(second, 1, "second");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitWaiters(1);
      assertThat(waiting).isNotDone();
      first.commit();
      SQLException failed = sqlError(waiting);
      assertThat((Throwable) failed).isInstanceOf(SQLIntegrityConstraintViolationException.class).hasMessageContaining("(ID)=(1)");
      assertThat(failed.getSQLState()).isEqualTo("23505");
      second.commit(); // nothing of the failed statement is left to commit
    }
    assertThat(rows()).containsExactly("1=first");
    assertBaseline();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aSecondInserterGoesOnWhenTheFirstRollsBack() throws Exception {
    try (Connection first = txn(); Connection second = txn()) {
      insert(first, 1, "first");
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try {
          insert(second, 1, "second");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitWaiters(1);
      first.rollback();
      waiting.join();
      second.commit();
    }
    assertThat(rows()).containsExactly("1=second");
    assertBaseline();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anAutocommitInsertWaitsForAnOpenTransaction() throws Exception {
    try (Connection first = txn(); Connection auto = DriverManager.getConnection(url)) {
      insert(first, 1, "first");
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try {
          insert(auto, 1, "auto");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitWaiters(1);
      first.commit();
      assertThat((Throwable) sqlError(waiting)).isInstanceOf(SQLIntegrityConstraintViolationException.class);
    }
    assertThat(rows()).containsExactly("1=first");
    assertBaseline();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTwoWayDeadlockIsBrokenByDetectionAndTheYoungestIsTheVictim() throws Exception {
    try (Connection older = txn(); Connection younger = txn()) {
      insert(older, 1, "older");
      insert(younger, 2, "younger");
      CompletableFuture<Void> olderWaits = CompletableFuture.runAsync(() -> {
        try {
          insert(older, 2, "older");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitWaiters(1);
      // This wait closes the cycle: the younger transaction is rolled back at once.
      assertThatThrownBy(() -> insert(younger, 1, "younger"))
          .isInstanceOf(SQLTransactionRollbackException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"))
          .hasMessageContaining("deadlock");
      olderWaits.join();
      older.commit();
      // The victim's transaction is gone: statements are refused until rollback, commit says so.
      assertThatThrownBy(() -> insert(younger, 3, "late")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
      assertThatThrownBy(younger::commit).isInstanceOf(SQLTransactionRollbackException.class);
      insert(younger, 3, "retry");
      younger.commit();
    }
    assertThat(rows()).containsExactly("1=older", "2=older", "3=retry");
    assertBaseline();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aThreeWayDeadlockIsBrokenByDetection() throws Exception {
    try (Connection a = txn(); Connection b = txn(); Connection c = txn()) {
      insert(a, 1, "a");
      insert(b, 2, "b");
      insert(c, 3, "c");
      CompletableFuture<Void> aWaits = CompletableFuture.runAsync(() -> {
        try {
          insert(a, 2, "a");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitWaiters(1);
      CompletableFuture<Void> bWaits = CompletableFuture.runAsync(() -> {
        try {
          insert(b, 3, "b");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitWaiters(2);
      assertThatThrownBy(() -> insert(c, 1, "c")).isInstanceOf(SQLTransactionRollbackException.class)
          .hasMessageContaining("deadlock");
      c.rollback();
      bWaits.join(); // b got key 3 from the victim
      b.commit();
      // a waited for key 2, which b has now committed: a duplicate, while a's transaction goes on.
      assertThat(sqlError(aWaits).getSQLState()).isEqualTo("23505");
      a.commit();
    }
    assertThat(rows()).containsExactly("1=a", "2=b", "3=b");
    assertBaseline();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aLockWaitPastTheTimeoutRollsBackWith40001() throws Exception {
    String shortUrl = "jdbc:blockdb:mem:txn-timeout" + DBS.incrementAndGet() + ";transaction_timeout=0.2";
    try (Connection holder = DriverManager.getConnection(shortUrl); Connection waiter = DriverManager.getConnection(shortUrl)) {
      try (Statement st = holder.createStatement()) {
        st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
      }
      holder.setAutoCommit(false);
      waiter.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.executeUpdate("INSERT INTO T VALUES (1)");
      }
      try (Statement st = waiter.createStatement()) {
        st.executeUpdate("INSERT INTO T VALUES (2)");
        assertThatThrownBy(() -> st.executeUpdate("INSERT INTO T VALUES (1)"))
            .isInstanceOf(SQLTransactionRollbackException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"))
            .hasMessageContaining("timeout");
      }
      waiter.rollback();
      holder.commit();
      try (Statement st = waiter.createStatement(); ResultSet rs = st.executeQuery("SELECT ID FROM T ORDER BY ID")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.next()).isFalse(); // key 2 of the rolled-back transaction is not there
      }
      waiter.commit(); // ends the read-only transaction the SELECT began
      TransactionManager m = holder.unwrap(BlockDbConnection.class).database().transactions();
      assertThat(m.locks().lockedResourceCount()).isZero();
      assertThat(m.locks().gatedCount()).isZero();
      assertThat(m.openTransactions()).isZero();
    }
  }

  @Test
  void closingWithoutCommitLeavesNothing() throws Exception {
    try (Connection c = txn()) {
      insert(c, 1, "lost");
    }
    assertThat(rows()).isEmpty();
    assertBaseline();
  }

  @Test
  void savepointsAreRefusedClearly() throws Exception {
    try (Connection c = txn()) {
      assertThatThrownBy(c::setSavepoint).isInstanceOf(SQLFeatureNotSupportedException.class);
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
      assertThatThrownBy(() -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE))
          .isInstanceOf(SQLException.class).hasMessageContaining("SERIALIZABLE");
    }
  }

  @Test
  void aCommittedTransactionIsOneContiguousRunInOneBlock() throws Exception {
    try (Connection c = txn()) {
      for (int i = 1; i <= 50; i++) {
        insert(c, i, "v" + i);
        insert(keeper, 1000 + i, "x"); // autocommit rows interleave with the open transaction
      }
      c.commit();
    }
    try (Statement st = keeper.createStatement()) {
      keeper.unwrap(BlockDbConnection.class).database().engine().seal();
      try (ResultSet rs = st.executeQuery("SELECT MIN(LEDGER_SEQ), MAX(LEDGER_SEQ), COUNT(DISTINCT LEDGER_BLOCK), "
          + "COUNT(DISTINCT LEDGER_TS) FROM T WHERE ID <= 50")) {
        rs.next();
        assertThat(rs.getLong(2) - rs.getLong(1)).isEqualTo(49);
        assertThat(rs.getInt(3)).isEqualTo(1);
        assertThat(rs.getInt(4)).isEqualTo(1);
      }
    }
  }

  @Test
  void aHikariPoolWithAutoCommitOffCommitsAndRollsBack() throws Exception {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setAutoCommit(false);
    cfg.setMaximumPoolSize(3);
    try (HikariDataSource ds = new HikariDataSource(cfg)) {
      try (Connection c = ds.getConnection()) {
        assertThat(c.getAutoCommit()).isFalse();
        insert(c, 1, "kept");
        c.commit();
        insert(c, 2, "dropped");
        c.rollback();
        insert(c, 3, "left"); // HikariCP rolls back a connection returned with work pending
      }
      try (Connection c = ds.getConnection()) {
        insert(c, 4, "kept");
        c.commit();
      }
    }
    assertThat(rows()).containsExactly("1=kept", "4=kept");
    assertBaseline();
  }
}

package com.blockdb.jdbc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.Tables;
import com.blockdb.jdbc.driver.SqlErrors;
import com.blockdb.jdbc.error.VendorCodes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SQL layer offers a cluster node: a database adopted over an engine opened elsewhere
 * (connections to its name share it; releasing it leaves the engine open), catalogs that reload
 * when told another node changed the catalog table, open transactions that a leader change ends
 * with 40001 at their next statement, and the cluster's SQLStates.
 */
class ClusterHooksTest {
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

  @TempDir
  Path dir;

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void connectionsToAnAdoptedNameShareItsEngineWhichOutlivesTheLastRelease() throws SQLException {
    BlockDb engine = BlockDb.open(dir.resolve("engine"));
    String name = dir.resolve("node").toString();
    Database db = DatabaseRegistry.adopt(name, engine, TIMEOUT, 3);
    assertThatThrownBy(() -> DatabaseRegistry.adopt(name, engine, TIMEOUT)).isInstanceOf(IllegalStateException.class);
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + name)) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        st.executeUpdate("INSERT INTO T VALUES (1)");
      }
      assertThat(c.unwrap(com.blockdb.jdbc.driver.BlockDbConnection.class).database()).isSameAs(db);
    }
    assertThat(db.transactions().begin("x").id() & com.blockdb.engine.txn.TransactionManager.MAX_ID_TAG)
        .isEqualTo(3);
    DatabaseRegistry.release(db);
    assertThat(engine.lastSequence()).isPositive(); // still open: the adopter closes it
    engine.close();
  }

  @Test
  void aCatalogReloadsWhenTheCatalogTableChangedUnderIt() throws SQLException {
    BlockDb engine = BlockDb.open(dir.resolve("engine"));
    // Two databases over one engine stand for two nodes holding the same replicated state.
    Database first = DatabaseRegistry.adopt(dir.resolve("a").toString(), engine, TIMEOUT);
    Database second = DatabaseRegistry.adopt(dir.resolve("b").toString(), engine, TIMEOUT);
    try (Connection a = DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("a"));
        Connection b = DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("b"))) {
      assertThat(count(b, "SELECT * FROM KV")).isZero(); // the second's catalog is loaded (empty)
      try (Statement st = a.createStatement()) {
        st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        st.executeUpdate("INSERT INTO T VALUES (1)");
      }
      assertThat(second.catalog().table("T")).as("not told yet").isNull();
      second.tablesChanged(new int[] {Tables.KV, Tables.CATALOG});
      assertThat(second.catalog().table("T")).isNotNull();
      assertThat(count(b, "SELECT * FROM T")).isEqualTo(1);

      // A table defined through the first one while the second's catalog is stale: the second's
      // CREATE TABLE is refused by the ledger (same table id), reloads and succeeds with a new id.
      try (Statement st = a.createStatement()) {
        st.executeUpdate("CREATE TABLE U (ID INTEGER PRIMARY KEY)");
      }
      try (Statement st = b.createStatement()) {
        st.executeUpdate("CREATE TABLE V (ID INTEGER PRIMARY KEY)");
        st.executeUpdate("INSERT INTO V VALUES (7)");
      }
      assertThat(second.catalog().table("U").id()).isNotEqualTo(second.catalog().table("V").id());
      first.tablesChanged(null);
      assertThat(count(a, "SELECT * FROM V")).isEqualTo(1);
    } finally {
      DatabaseRegistry.release(first);
      DatabaseRegistry.release(second);
      engine.close();
    }
  }

  @Test
  void aTableCreatedThroughAnotherNodeIsFoundOnceTheLookupHasCaughtUpWithTheCluster() throws SQLException {
    BlockDb engine = BlockDb.open(dir.resolve("engine"));
    // The second node's engine: a cluster's read barrier (lastSequence) returns once the node has
    // applied everything committed, and applying the CREATE TABLE told its catalog (here: then).
    java.util.concurrent.atomic.AtomicReference<Database> secondRef = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger barriers = new java.util.concurrent.atomic.AtomicInteger();
    BlockDb lagging = (BlockDb) java.lang.reflect.Proxy.newProxyInstance(BlockDb.class.getClassLoader(),
        new Class<?>[] {BlockDb.class}, (proxy, method, args) -> {
          if (method.getName().equals("lastSequence") && secondRef.get() != null) {
            barriers.incrementAndGet();
            secondRef.get().tablesChanged(new int[] {Tables.CATALOG});
          }
          try {
            return method.invoke(engine, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Database first = DatabaseRegistry.adopt(dir.resolve("a").toString(), engine, TIMEOUT);
    Database second = DatabaseRegistry.adopt(dir.resolve("b").toString(), lagging, TIMEOUT);
    try (Connection a = DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("a"));
        Connection b = DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("b"))) {
      assertThat(count(b, "SELECT * FROM KV")).isZero(); // the second's catalog is loaded (empty)
      secondRef.set(second);
      try (Statement st = a.createStatement()) {
        st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        st.executeUpdate("INSERT INTO T VALUES (1)");
      }
      assertThat(second.catalog().table("T")).as("not applied on the second node yet").isNull();
      // Preparing plans the statement before any execution's read barrier: the lookup catches up.
      int before = barriers.get();
      try (java.sql.PreparedStatement ps = b.prepareStatement("SELECT ID FROM T WHERE ID >= ?")) {
        assertThat(barriers.get()).as("the lookup waited for the cluster").isGreaterThan(before);
        ps.setInt(1, 0);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(1);
        }
      }
      // a table nobody created: still unknown after catching up, with its usual SQLState
      assertThatThrownBy(() -> b.prepareStatement("SELECT * FROM T2"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"));
    } finally {
      DatabaseRegistry.release(first);
      DatabaseRegistry.release(second);
      engine.close();
    }
  }

  @Test
  void aTransactionEndedByALeaderChangeFailsItsNextStatementWith40001ThenAsAFailedTransaction()
      throws SQLException {
    String url = "jdbc:blockdb:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO T VALUES (1)");
        Database db = c.unwrap(com.blockdb.jdbc.driver.BlockDbConnection.class).database();
        assertThat(db.transactions().abortOpen("the cluster's leader changed")).isEqualTo(1);
        assertThatThrownBy(() -> st.executeQuery("SELECT * FROM T"))
            .isInstanceOfSatisfying(SQLTransactionRollbackException.class, e -> {
              assertThat(e.getSQLState()).isEqualTo("40001");
              assertThat(e.getMessage()).contains("the cluster's leader changed");
            });
        assertThatThrownBy(() -> st.executeUpdate("INSERT INTO T VALUES (2)"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
        assertThatThrownBy(c::commit)
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40001"));
        st.executeUpdate("INSERT INTO T VALUES (3)");
        c.commit();
      }
      c.setAutoCommit(true);
      assertThat(count(c, "SELECT * FROM T")).as("only the retried transaction's row").isEqualTo(1);
    }
  }

  @Test
  void clusterErrorsHaveTheirOwnSqlStates() {
    SQLException noQuorum = SqlErrors.map(new BlockDbException(ErrorCode.NO_QUORUM, "node n1 has no quorum"));
    assertThat((Object) noQuorum).isInstanceOf(SQLTransientException.class);
    assertThat(noQuorum.getSQLState()).isEqualTo("58Q01").doesNotStartWith("08");
    assertThat(noQuorum.getErrorCode()).isEqualTo(VendorCodes.NO_QUORUM);
    assertThat(noQuorum.getMessage()).isEqualTo("node n1 has no quorum");
    SQLException unknown = SqlErrors.map(new BlockDbException(ErrorCode.OUTCOME_UNKNOWN, "commit outcome unknown"));
    assertThat(unknown.getSQLState()).isEqualTo("08007");
    assertThat(unknown.getErrorCode()).isEqualTo(VendorCodes.OUTCOME_UNKNOWN);
    // The remote driver rebuilds exceptions from the SQLState alone: the same classes come back.
    assertThat((Object) SqlErrors.create("58Q01", 12, "m", null)).isInstanceOf(SQLTransientException.class);
  }
}

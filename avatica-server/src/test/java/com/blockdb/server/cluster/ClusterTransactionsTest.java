package com.blockdb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.txn.TransactionManager;
import com.blockdb.jdbc.xa.BlockDbXADataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on a three-node cluster through the SQL layer of each node (what a server runs):
 * locks are per node and the replicated commit decides between nodes (the loser gets 23505); a
 * leader change ends open transactions with 40001 and never half-applies them; an XA branch
 * prepared through a node survives that node's failure and is recovered and committed through
 * another; tables created on one node are seen on the others; a node without a quorum refuses
 * with SQLState 58Q01.
 */
class ClusterTransactionsTest {

  @TempDir
  Path tmp;

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static List<Integer> ids(Connection c, String table) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ID FROM " + table + " ORDER BY ID")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  private static TransactionManager tm(ClusterRuntime r) {
    return r.database().transactions();
  }

  @Test
  void locksArePerNodeAndTheReplicatedCommitDecidesSoTheSecondCommitOfAKeyGets23505() throws Exception {
    try (LocalCluster c = new LocalCluster(tmp, 3).startAll()) {
      ClusterRuntime leader = c.awaitLeader();
      ClusterRuntime follower = c.follower();
      try (Connection onLeader = DriverManager.getConnection(c.url(leader.node().id()));
          Connection onFollower = DriverManager.getConnection(c.url(follower.node().id()))) {
        exec(onFollower, "CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(20))");
        assertThat(ids(onLeader, "T")).as("the table created through the follower, seen on the leader").isEmpty();
        onLeader.setAutoCommit(false);
        onFollower.setAutoCommit(false);
        exec(onLeader, "INSERT INTO T VALUES (1, 'leader')");
        // No wait: the leader's transaction holds the key's lock on its own node only.
        exec(onFollower, "INSERT INTO T VALUES (1, 'follower')");
        onLeader.commit();
        assertThatThrownBy(onFollower::commit).isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        onLeader.setAutoCommit(true);
        onFollower.setAutoCommit(true);
        for (ClusterRuntime r : c.nodes.values()) {
          try (Connection any = DriverManager.getConnection(c.url(r.node().id()))) {
            assertThat(ids(any, "T")).as("rows on " + r.node().id()).containsExactly(1);
          }
        }
      }
    }
  }

  @Test
  void tablesCreatedThroughAnyNodeAreSeenOnEveryNodeAlsoAfterARestart() throws Exception {
    try (LocalCluster c = new LocalCluster(tmp, 3).startAll()) {
      ClusterRuntime leader = c.awaitLeader();
      ClusterRuntime follower = c.follower();
      try (Connection a = DriverManager.getConnection(c.url(follower.node().id()))) {
        exec(a, "CREATE TABLE Q (ID INTEGER PRIMARY KEY)");
      }
      try (Connection b = DriverManager.getConnection(c.url(leader.node().id()))) {
        exec(b, "CREATE TABLE IF NOT EXISTS T (ID INTEGER PRIMARY KEY)");
        exec(b, "INSERT INTO T VALUES (5)");
      }
      for (String id : List.copyOf(c.nodes.keySet())) {
        try (Connection any = DriverManager.getConnection(c.url(id))) {
          assertThat(ids(any, "T")).as("T on " + id).containsExactly(5);
          assertThat(ids(any, "Q")).as("Q on " + id).isEmpty();
        }
      }
      String restarted = follower.node().id();
      c.stop(restarted);
      c.start(restarted).awaitReady(() -> false);
      try (Connection again = DriverManager.getConnection(c.url(restarted))) {
        assertThat(ids(again, "T")).as("T on " + restarted + " after its restart").containsExactly(5);
      }
      c.join("node4");
      try (Connection joined = DriverManager.getConnection(c.url("node4"))) {
        assertThat(ids(joined, "T")).as("T on a node that joined").containsExactly(5);
      }
    }
  }

  @Test
  void aLeaderChangeEndsOpenTransactionsWith40001AndNothingOfThemIsWritten() throws Exception {
    try (LocalCluster c = new LocalCluster(tmp, 3).startAll()) {
      ClusterRuntime leader = c.awaitLeader();
      ClusterRuntime follower = c.follower();
      try (Connection conn = DriverManager.getConnection(c.url(follower.node().id()))) {
        exec(conn, "CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        conn.setAutoCommit(false);
        exec(conn, "INSERT INTO T VALUES (1)");
        exec(conn, "INSERT INTO T VALUES (2)");
        assertThat(tm(follower).locks().lockedResourceCount()).isEqualTo(2);

        c.stop(leader.node().id());
        ClusterRuntime next = c.awaitLeader();
        // The follower learns of the new leader and ends its open transaction (locks freed at once).
        LocalCluster.await("the open transaction ended on " + follower.node().id(),
            () -> tm(follower).locks().lockedResourceCount() == 0);
        assertThatThrownBy(() -> exec(conn, "INSERT INTO T VALUES (3)")).isInstanceOfSatisfying(SQLException.class,
            e -> {
              assertThat(e.getSQLState()).isEqualTo("40001");
              assertThat(e.getMessage()).contains("leader changed");
            });
        assertThatThrownBy(conn::commit).isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("40001"));
        // Retried as a whole under the new leader.
        exec(conn, "INSERT INTO T VALUES (1)");
        exec(conn, "INSERT INTO T VALUES (2)");
        conn.commit();
        conn.setAutoCommit(true);
        try (Connection viaNext = DriverManager.getConnection(c.url(next.node().id()))) {
          assertThat(ids(viaNext, "T")).containsExactly(1, 2);
        }
      }
    }
  }

  @Test
  void aPreparedXaBranchSurvivesItsNodesFailureAndIsCommittedThroughAnother() throws Exception {
    try (LocalCluster c = new LocalCluster(tmp, 3).startAll()) {
      ClusterRuntime leader = c.awaitLeader();
      try (Connection setup = DriverManager.getConnection(c.url(leader.node().id()))) {
        exec(setup, "CREATE TABLE T (ID INTEGER PRIMARY KEY)");
      }
      Xid xid = new ClusterXid("global-1", "branch-a");
      BlockDbXADataSource onLeader = new BlockDbXADataSource();
      onLeader.setUrl(c.url(leader.node().id()));
      XAConnection xa = onLeader.getXAConnection();
      XAResource res = xa.getXAResource();
      res.start(xid, XAResource.TMNOFLAGS);
      exec(xa.getConnection(), "INSERT INTO T VALUES (42)");
      res.end(xid, XAResource.TMSUCCESS);
      assertThat(res.prepare(xid)).isEqualTo(XAResource.XA_OK);
      xa.close();
      // The replicated PREPARE record reserves the key on every node: each one's transaction
      // manager adopts the branch with its key's lock (no XA call went to them).
      for (ClusterRuntime r : c.nodes.values()) {
        LocalCluster.await("the branch's lock on " + r.node().id(), () -> tm(r).locks().lockedResourceCount() == 1);
      }

      String failed = leader.node().id();
      c.stop(failed); // the node the branch was prepared through (and the leader) fails
      ClusterRuntime next = c.awaitLeader();
      // The new leader holds the branch and its lock (rebuilt from the replicated PREPARE record).
      assertThat(tm(next).locks().lockedResourceCount()).isEqualTo(1);
      assertThat(tm(next).inDoubtXids()).hasSize(1);

      ClusterRuntime other = c.nodes.values().stream().filter(r -> r != next).findFirst().orElseThrow();
      BlockDbXADataSource onOther = new BlockDbXADataSource();
      onOther.setUrl(c.url(other.node().id()));
      XAConnection xa2 = onOther.getXAConnection();
      XAResource res2 = xa2.getXAResource();
      Xid[] inDoubt = res2.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
      assertThat(inDoubt).hasSize(1);
      assertThat(inDoubt[0].getGlobalTransactionId()).isEqualTo(xid.getGlobalTransactionId());
      try (Connection before = DriverManager.getConnection(c.url(other.node().id()))) {
        assertThat(ids(before, "T")).as("prepared, not visible").isEmpty();
      }
      res2.commit(inDoubt[0], false);
      xa2.close();
      for (ClusterRuntime r : c.nodes.values()) {
        try (Connection any = DriverManager.getConnection(c.url(r.node().id()))) {
          assertThat(ids(any, "T")).as("rows on " + r.node().id()).containsExactly(42);
        }
      }
      // The branch, decided through one node, ends on the other too: the replicated DECISION
      // releases its lock there (no XA call went to it).
      LocalCluster.await("the branch's lock released on " + next.node().id(),
          () -> tm(next).locks().lockedResourceCount() == 0);
      assertThat(tm(next).inDoubtXids()).isEmpty();
    }
  }

  @Test
  void aNodeWithoutAQuorumRefusesWithSqlState58Q01AndRecoversWhenAPeerReturns() throws Exception {
    try (LocalCluster c = new LocalCluster(tmp, 3).startAll()) {
      ClusterRuntime leader = c.awaitLeader();
      try (Connection setup = DriverManager.getConnection(c.url(leader.node().id()))) {
        exec(setup, "CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        exec(setup, "INSERT INTO T VALUES (1)");
      }
      List<String> ids = new ArrayList<>(c.nodes.keySet());
      String survivor = ids.get(0);
      c.stop(ids.get(1));
      c.stop(ids.get(2));
      // A leader keeps counting stopped followers as live for up to twice the election timeout; a
      // write it proposes meanwhile gets 08007 (outcome unknown), not a refusal. Once the node
      // itself sees no quorum, a write is refused before anything is proposed.
      LocalCluster.await("node " + survivor + " to see that it has no quorum",
          () -> !c.nodes.get(survivor).node().hasQuorum());
      try (Connection alone = DriverManager.getConnection(c.url(survivor))) {
        assertThatThrownBy(() -> exec(alone, "INSERT INTO T VALUES (2)")).isInstanceOfSatisfying(
            SQLTransientException.class, e -> {
              assertThat(e.getSQLState()).isEqualTo("58Q01");
              assertThat(e.getMessage()).contains("no quorum").contains("written");
            });
        c.start(ids.get(1));
        // Recovered: the same INSERT goes through once the two nodes have elected a leader (until
        // then it is refused the same way, never half-done).
        LocalCluster.await("the INSERT accepted again", () -> {
          try {
            exec(alone, "INSERT INTO T VALUES (2)");
            return true;
          } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
              return true; // an earlier attempt (reported 08007) was committed after all
            }
            // refused (58Q01), or proposed while the new leader was being elected (08007)
            assertThat(e.getSQLState()).as(e.getMessage()).isIn("58Q01", "08007");
            return false;
          }
        });
        assertThat(ids(alone, "T")).containsExactly(1, 2);
      }
    }
  }

  /** An Xid as a transaction manager makes one. */
  private record ClusterXid(String global, String branch) implements Xid {
    @Override
    public int getFormatId() {
      return 0x4244;
    }

    @Override
    public byte[] getGlobalTransactionId() {
      return global.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getBranchQualifier() {
      return branch.getBytes(StandardCharsets.UTF_8);
    }
  }
}

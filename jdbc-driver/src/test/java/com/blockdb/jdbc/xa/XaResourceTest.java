package com.blockdb.jdbc.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.XAConnection;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BlockDB's XAResource driven as a transaction manager drives it, with H2 as a second resource
 * manager in the same global transaction: both commit or neither does, a prepared branch survives
 * closing and reopening the database (its keys stay locked) and is listed by recover.
 */
class XaResourceTest {
  @TempDir Path dir;

  private BlockDbXADataSource blockdb(String settings) {
    BlockDbXADataSource ds = new BlockDbXADataSource();
    ds.setUrl("jdbc:blockdb:" + dir.resolve("db") + settings);
    return ds;
  }

  private static JdbcDataSource h2(Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:" + dir.resolve("h2").toAbsolutePath());
    return ds;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private List<Integer> ids(String url, String table) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ID FROM " + table + " ORDER BY ID")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  private String url() {
    return "jdbc:blockdb:" + dir.resolve("db");
  }

  private void createTable() throws SQLException {
    try (Connection c = DriverManager.getConnection(url())) {
      exec(c, "CREATE TABLE PAYMENTS (ID INTEGER PRIMARY KEY, AMOUNT INTEGER)");
    }
  }

  @Test
  void twoPhaseCommitWithH2CommitsBothBranches() throws Exception {
    createTable();
    JdbcDataSource h2 = h2(dir);
    try (Connection c = h2.getConnection()) {
      exec(c, "CREATE TABLE AUDIT (ID INTEGER PRIMARY KEY, NOTE VARCHAR(20))");
    }
    XAConnection bx = blockdb("").getXAConnection();
    XAConnection hx = h2.getXAConnection();
    try {
      Xid b = new TestXid("g1", "blockdb");
      Xid h = new TestXid("g1", "h2");
      XAResource br = bx.getXAResource();
      XAResource hr = hx.getXAResource();
      br.start(b, XAResource.TMNOFLAGS);
      hr.start(h, XAResource.TMNOFLAGS);
      try (Connection c = bx.getConnection()) {
        exec(c, "INSERT INTO PAYMENTS VALUES (1, 100), (2, 200)");
        // Inside a global transaction the connection does not commit on its own.
        assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("2D000"));
      }
      Connection hc = hx.getConnection(); // H2 completes a prepared branch only while its handle is open
      exec(hc, "INSERT INTO AUDIT VALUES (1, 'paid')");
      br.end(b, XAResource.TMSUCCESS);
      hr.end(h, XAResource.TMSUCCESS);
      assertThat(ids(url(), "PAYMENTS")).isEmpty(); // not visible before the decision
      assertThat(br.prepare(b)).isEqualTo(XAResource.XA_OK);
      assertThat(hr.prepare(h)).isEqualTo(XAResource.XA_OK);
      assertThat(ids(url(), "PAYMENTS")).isEmpty(); // prepared is not committed
      br.commit(b, false);
      hr.commit(h, false);
      hc.close();
    } finally {
      bx.close();
      hx.close();
    }
    assertThat(ids(url(), "PAYMENTS")).containsExactly(1, 2);
    try (Connection c = h2.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM AUDIT")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aPreparedBranchRolledBackLeavesNothing() throws Exception {
    createTable();
    XAConnection x = blockdb("").getXAConnection();
    try {
      Xid xid = new TestXid("g2", "b");
      XAResource r = x.getXAResource();
      r.start(xid, XAResource.TMNOFLAGS);
      try (Connection c = x.getConnection()) {
        exec(c, "INSERT INTO PAYMENTS VALUES (5, 500)");
      }
      r.end(xid, XAResource.TMSUCCESS);
      assertThat(r.prepare(xid)).isEqualTo(XAResource.XA_OK);
      r.rollback(xid);
      assertThat(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).isEmpty();
      // The key is free again.
      try (Connection c = DriverManager.getConnection(url())) {
        exec(c, "INSERT INTO PAYMENTS VALUES (5, 1)");
      }
    } finally {
      x.close();
    }
    assertThat(ids(url(), "PAYMENTS")).containsExactly(5);
  }

  @Test
  void aReadOnlyBranchPreparesAsReadOnlyAndOnePhaseCommitWorks() throws Exception {
    createTable();
    XAConnection x = blockdb("").getXAConnection();
    try {
      XAResource r = x.getXAResource();
      Xid ro = new TestXid("g3", "ro");
      r.start(ro, XAResource.TMNOFLAGS);
      try (Connection c = x.getConnection()) {
        exec(c, "SELECT COUNT(*) FROM PAYMENTS");
      }
      r.end(ro, XAResource.TMSUCCESS);
      assertThat(r.prepare(ro)).isEqualTo(XAResource.XA_RDONLY);

      Xid one = new TestXid("g4", "one");
      r.start(one, XAResource.TMNOFLAGS);
      try (Connection c = x.getConnection()) {
        exec(c, "INSERT INTO PAYMENTS VALUES (7, 700)");
      }
      r.end(one, XAResource.TMSUCCESS);
      r.commit(one, true);
    } finally {
      x.close();
    }
    assertThat(ids(url(), "PAYMENTS")).containsExactly(7);
  }

  @Test
  void protocolErrorsGetTheirXaCodes() throws Exception {
    createTable();
    XAConnection x = blockdb("").getXAConnection();
    try {
      XAResource r = x.getXAResource();
      Xid xid = new TestXid("g5", "b");
      assertThat(xaCode(() -> r.commit(xid, false))).isEqualTo(XAException.XAER_NOTA);
      assertThat(xaCode(() -> r.rollback(xid))).isEqualTo(XAException.XAER_NOTA);
      r.start(xid, XAResource.TMNOFLAGS);
      assertThat(xaCode(() -> r.start(new TestXid("g6", "b"), XAResource.TMNOFLAGS))).isEqualTo(XAException.XAER_PROTO);
      assertThat(xaCode(() -> r.prepare(xid))).isEqualTo(XAException.XAER_PROTO); // not ended yet
      r.end(xid, XAResource.TMSUCCESS);
      XAResource other = blockdb("").getXAConnection().getXAResource();
      assertThat(xaCode(() -> other.start(xid, XAResource.TMNOFLAGS))).isEqualTo(XAException.XAER_DUPID);
      assertThat(other.isSameRM(r)).isTrue();
      r.rollback(xid);
    } finally {
      x.close();
    }
  }

  @Test
  void aPreparedBranchSurvivesReopeningLocksItsKeysAndIsRecovered() throws Exception {
    createTable();
    Xid xid = new TestXid("g7", "b");
    XAConnection x = blockdb("").getXAConnection();
    XAResource r = x.getXAResource();
    r.start(xid, XAResource.TMNOFLAGS);
    try (Connection c = x.getConnection()) {
      exec(c, "INSERT INTO PAYMENTS VALUES (9, 900)");
    }
    r.end(xid, XAResource.TMSUCCESS);
    assertThat(r.prepare(xid)).isEqualTo(XAResource.XA_OK);
    x.close(); // the last connection: the engine closes with the branch in doubt

    XAConnection again = blockdb(";transaction_timeout=0.2").getXAConnection();
    try {
      XAResource r2 = again.getXAResource();
      assertThat(r2.recover(XAResource.TMSTARTRSCAN)).containsExactly(xid);
      assertThat(r2.recover(XAResource.TMENDRSCAN)).isEmpty();
      // The in-doubt branch still holds key 9: another insert of it waits and times out.
      try (Connection c = DriverManager.getConnection(url())) {
        assertThatThrownBy(() -> exec(c, "INSERT INTO PAYMENTS VALUES (9, 1)")).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
      }
      assertThat(ids(url(), "PAYMENTS")).isEmpty();
      r2.commit(xid, false);
      assertThat(r2.recover(XAResource.TMSTARTRSCAN)).isEmpty();
      assertThat(ids(url(), "PAYMENTS")).containsExactly(9);
    } finally {
      again.close();
    }
  }

  /** The XA error code {@code call} fails with. */
  private static int xaCode(XaCall call) {
    try {
      call.run();
    } catch (XAException e) {
      return e.errorCode;
    }
    throw new AssertionError("no XAException");
  }

  /** An XA call expected to fail. */
  private interface XaCall {
    void run() throws XAException;
  }
}

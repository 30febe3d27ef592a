package com.blockdb.jdbc.xa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM prepares an XA branch (and, in the second case, commits it) and is killed with
 * SIGKILL; the reopened database lists the prepared branch in recover and shows none of its rows
 * until the decision, and keeps a committed branch's rows.
 */
class XaCrashTest {
  @TempDir Path dir;

  /** The child: prepares branch g-crash/b inserting IDs 1..3, optionally commits, says so, waits to be killed. */
  public static void main(String[] args) throws Exception {
    BlockDbXADataSource ds = new BlockDbXADataSource();
    ds.setUrl("jdbc:blockdb:" + args[0]);
    XAConnection x = ds.getXAConnection();
    XAResource r = x.getXAResource();
    Xid xid = new TestXid("g-crash", "b");
    r.start(xid, XAResource.TMNOFLAGS);
    try (Connection c = x.getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO T VALUES (1), (2), (3)");
    }
    r.end(xid, XAResource.TMSUCCESS);
    r.prepare(xid);
    if (args[1].equals("commit")) {
      r.commit(xid, false);
    }
    System.out.println("DONE " + args[1]);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private void runAndKill(Path db, String mode) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + db); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE IF NOT EXISTS T (ID INTEGER PRIMARY KEY)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        XaCrashTest.class.getName(), db.toString(), mode)).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      List<String> seen = new ArrayList<>();
      while ((line = out.readLine()) != null && !line.equals("DONE " + mode)) {
        seen.add(line);
      }
      assertThat(line).as("child output: %s", seen).isEqualTo("DONE " + mode);
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<Integer> ids(Path db) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ID FROM T ORDER BY ID")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aBranchPreparedBeforeTheKillIsInDoubtThenCommitted() throws Exception {
    Path db = dir.resolve("prepared");
    runAndKill(db, "prepare");
    BlockDbXADataSource ds = new BlockDbXADataSource();
    ds.setUrl("jdbc:blockdb:" + db);
    XAConnection x = ds.getXAConnection();
    try {
      XAResource r = x.getXAResource();
      assertThat(r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).containsExactly(new TestXid("g-crash", "b"));
      assertThat(ids(db)).isEmpty();
      r.commit(new TestXid("g-crash", "b"), false);
      assertThat(ids(db)).containsExactly(1, 2, 3);
      try (Connection c = x.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    } finally {
      x.close();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aBranchCommittedBeforeTheKillKeepsItsRows() throws Exception {
    Path db = dir.resolve("committed");
    runAndKill(db, "commit");
    BlockDbXADataSource ds = new BlockDbXADataSource();
    ds.setUrl("jdbc:blockdb:" + db);
    XAConnection x = ds.getXAConnection();
    try {
      assertThat(x.getXAResource().recover(XAResource.TMSTARTRSCAN)).isEmpty();
      assertThat(ids(db)).containsExactly(1, 2, 3);
    } finally {
      x.close();
    }
  }
}

package com.blockdb.jdbc.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.jdbc.ServerSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code CURRENT_USER}, {@code SESSION_USER} and {@code USER} name the connection's user, the one
 * its writes record in {@code LEDGER_PRINCIPAL} (Calcite alone answers "sa"): the engine's principal
 * for a plain embedded connection, the given user for one a server opens for it; in a projection,
 * a WHERE clause and a prepared statement reused across connections of different users.
 */
class CurrentUserTest {
  private static final AtomicInteger DBS = new AtomicInteger();

  private static List<String> row(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        values.add(rs.getString(i));
      }
      return values;
    }
  }

  @Test
  void theUserFunctionsNameThePrincipalTheConnectionsWritesRecord() throws SQLException {
    String url = "jdbc:blockdb:mem:current_user" + DBS.incrementAndGet();
    try (Connection local = DriverManager.getConnection(url);
        Connection alice = ServerSupport.connectAs(url, new Properties(), "alice");
        Statement st = local.createStatement(); Statement as = alice.createStatement()) {
      st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
      st.executeUpdate("CREATE TABLE SAID (ID INTEGER PRIMARY KEY, BY_USER VARCHAR(40))");
      as.executeUpdate("INSERT INTO SAID VALUES (1, CURRENT_USER)");
      assertThat(row(local, "SELECT BY_USER FROM SAID")).containsExactly("alice");
      st.executeUpdate("INSERT INTO T VALUES (1)");
      as.executeUpdate("INSERT INTO T VALUES (2)");

      String principalOf1 = row(local, "SELECT LEDGER_PRINCIPAL FROM T WHERE ID = 1").get(0);
      assertThat(row(local, "SELECT CURRENT_USER, SESSION_USER, USER")).containsOnly(principalOf1);
      assertThat(row(alice, "SELECT CURRENT_USER, SESSION_USER, USER")).containsOnly("alice");
      assertThat(row(alice, "SELECT ID FROM T WHERE LEDGER_PRINCIPAL = CURRENT_USER")).containsExactly("2");
      assertThat(row(local, "SELECT ID FROM T WHERE LEDGER_PRINCIPAL = CURRENT_USER")).containsExactly("1");
      // Evaluated per execution, never folded into a plan another connection reuses.
      for (Connection c : List.of(local, alice, local)) {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_USER FROM T WHERE ID = ?")) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(c == alice ? "alice" : principalOf1);
          }
        }
      }
    }
  }
}

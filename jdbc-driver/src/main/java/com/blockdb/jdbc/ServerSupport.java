package com.blockdb.jdbc;

import com.blockdb.jdbc.driver.BlockDbConnection;
import com.blockdb.jdbc.driver.DriverSupport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What a server that embeds the driver needs beyond JDBC: connections opened for an authenticated
 * user (whose name every ledger entry they write records), locked read-only for users who may not
 * write, and query timeouts restarted per request.
 */
public final class ServerSupport {
  private ServerSupport() {}

  /**
   * Opens the embedded {@code jdbc:blockdb:} {@code url} for {@code user}: the connection's writes
   * record {@code user} as their principal ({@code LEDGER_PRINCIPAL}), whatever {@code info} holds.
   */
  public static Connection connectAs(String url, Properties info, String user) throws SQLException {
    return DriverSupport.connectAs(url, info, user);
  }

  /** The user a connection of this driver records as the principal of its writes. */
  public static String userOf(Connection connection) throws SQLException {
    return connection.unwrap(BlockDbConnection.class).session().principal();
  }

  /**
   * Makes {@code connection} read-only for good: INSERT and CREATE TABLE fail with SQLState 25006
   * naming the user, and {@code setReadOnly(false)} is refused.
   */
  public static void lockReadOnly(Connection connection) throws SQLException {
    connection.unwrap(BlockDbConnection.class).lockReadOnly();
  }

  /** Whether {@link #lockReadOnly} was called on {@code connection}. */
  public static boolean readOnlyLocked(Connection connection) throws SQLException {
    return connection.unwrap(BlockDbConnection.class).readOnlyLocked();
  }

  /**
   * Starts the query timeout of {@code statement}'s running execution over, when it has one: a
   * server calls this for each request that fetches more of its rows, so that the timeout bounds
   * each request rather than the whole reading of a large result. Other drivers' statements are
   * left alone.
   */
  public static void restartQueryTimeout(Statement statement) throws SQLException {
    if (statement.isWrapperFor(QueryTimeouts.class)) {
      statement.unwrap(QueryTimeouts.class).restartQueryTimeout();
    }
  }

  /** Implemented by this driver's statements: see {@link #restartQueryTimeout}. */
  public interface QueryTimeouts {
    /** Starts the timeout of the running execution over (no-op when there is none). */
    void restartQueryTimeout();
  }
}

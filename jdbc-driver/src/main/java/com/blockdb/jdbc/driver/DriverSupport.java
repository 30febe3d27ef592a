package com.blockdb.jdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** The entry point the public driver calls: URL parsing and opening connections. */
public final class DriverSupport {
  private DriverSupport() {}

  public static boolean accepts(String url) {
    return ConnectionUrl.accepts(url);
  }

  /** Opens {@code url}: embedded, or through a blockdb-server for {@code jdbc:blockdb:remote:}. */
  public static Connection connect(String url, Properties info) throws SQLException {
    if (url.startsWith(ConnectionUrl.REMOTE_PREFIX)) {
      return RemoteConnections.open(url, info);
    }
    return BlockDbConnection.open(ConnectionUrl.parse(url, info));
  }

  /**
   * Opens an embedded {@code url} whose writes are recorded as written by {@code principal}: a
   * server's connection for an authenticated user.
   */
  public static BlockDbConnection connectAs(String url, Properties info, String principal) throws SQLException {
    if (principal == null || principal.isEmpty()) {
      throw new IllegalArgumentException("a connection opened for a user needs the user's name");
    }
    return BlockDbConnection.open(ConnectionUrl.parse(url, info), principal);
  }
}

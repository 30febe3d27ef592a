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

  public static Connection connect(String url, Properties info) throws SQLException {
    return BlockDbConnection.open(ConnectionUrl.parse(url, info));
  }
}

package com.blockdb.jdbc;

import com.blockdb.jdbc.driver.DriverSupport;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The BlockDB JDBC driver: {@code jdbc:blockdb:<dir>} opens a data directory embedded (the one the
 * CLI uses), {@code jdbc:blockdb:mem:<name>} an in-memory database, and
 * {@code jdbc:blockdb:remote:http://host:port} a database served by {@code blockdb-server} (through
 * Avatica's remote client, made to behave as the embedded driver); settings follow after {@code ;}
 * (e.g. {@code ;fastpath=false}). Connections to one embedded URL in a JVM share one open engine.
 * Registered with {@link DriverManager} through {@code META-INF/services/java.sql.Driver}.
 */
public final class BlockDbDriver implements Driver {
  static {
    try {
      DriverManager.registerDriver(new BlockDbDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // JDBC: another driver's URL
    }
    return DriverSupport.connect(url, info);
  }

  @Override
  public boolean acceptsURL(String url) {
    return DriverSupport.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo fast = new DriverPropertyInfo("fastpath", info == null ? "true" : info.getProperty("fastpath", "true"));
    fast.description = "false runs every statement through Calcite (no point-get, batch or plan-cache fast paths)";
    fast.choices = new String[] {"true", "false"};
    return new DriverPropertyInfo[] {fast};
  }

  @Override
  public int getMajorVersion() {
    return Version.MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return Version.MINOR;
  }

  @Override
  public boolean jdbcCompliant() {
    return false; // no updates or deletes, by design
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("BlockDB logs through System.Logger, not java.util.logging");
  }
}

package com.blockdb.jdbc.xa;

import com.blockdb.jdbc.driver.BlockDbConnection;
import com.blockdb.jdbc.BlockDbDriver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.XAConnection;
import javax.sql.XADataSource;

/**
 * BlockDB's XA data source, configured like the driver with a {@code jdbc:blockdb:} URL (a bean
 * property, so transaction managers that create data sources by class name can set it).
 */
public final class BlockDbXADataSource implements XADataSource {
  private String url;
  private String user;
  private String password;
  private int loginTimeout;
  private PrintWriter logWriter;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  @Override
  public XAConnection getXAConnection() throws SQLException {
    return getXAConnection(user, password);
  }

  @Override
  public XAConnection getXAConnection(String user, String password) throws SQLException {
    if (url == null) {
      throw new SQLException("BlockDbXADataSource has no URL: call setUrl(\"jdbc:blockdb:<dir>\") first", "08001");
    }
    Properties info = new Properties();
    if (user != null) {
      info.setProperty("user", user);
    }
    if (password != null) {
      info.setProperty("password", password);
    }
    Connection c = new BlockDbDriver().connect(url, info);
    if (c == null) {
      throw new SQLException("not a BlockDB URL: " + url, "08001");
    }
    return new BlockDbXAConnection(c.unwrap(BlockDbConnection.class));
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("BlockDB logs through SLF4J");
  }
}

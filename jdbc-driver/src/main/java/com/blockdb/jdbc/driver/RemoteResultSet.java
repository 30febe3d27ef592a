package com.blockdb.jdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A result set of a remote statement: errors while rows are fetched carry the server's SQLState. */
final class RemoteResultSet extends ForwardingResultSet {
  private final Statement owner;
  private final RemoteConnection connection;

  RemoteResultSet(Statement owner, ResultSet avatica, RemoteConnection connection) {
    super(avatica);
    this.owner = owner;
    this.connection = connection;
  }

  ResultSet delegate() {
    return delegate;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return connection.translate(e);
  }

  @Override
  public Statement getStatement() {
    return owner;
  }

  /** Closing after the server went away is no error: the server dropped everything of it. */
  @Override
  public void close() throws SQLException {
    try {
      super.close();
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
        throw e;
      }
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : super.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || super.isWrapperFor(iface);
  }
}

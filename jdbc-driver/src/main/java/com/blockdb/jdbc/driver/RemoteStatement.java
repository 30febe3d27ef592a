package com.blockdb.jdbc.driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement of a {@link RemoteConnection}: the server's SQLStates, result sets that answer
 * this statement, and a failing batch reported as a {@code BatchUpdateException} (atomic: every
 * command {@code EXECUTE_FAILED}), as the embedded driver does.
 */
final class RemoteStatement extends ForwardingStatement {
  private final RemoteConnection connection;
  private int batched;
  private ResultSet wrapped; // the wrapper of the delegate's current result set

  RemoteStatement(RemoteConnection connection, Statement avatica) {
    super(avatica);
    this.connection = connection;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return connection.translate(e);
  }

  private ResultSet wrap(ResultSet rs) {
    if (rs == null) {
      return null;
    }
    if (wrapped == null || ((RemoteResultSet) wrapped).delegate() != rs) {
      wrapped = new RemoteResultSet(this, rs, connection);
    }
    return wrapped;
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    return wrap(super.executeQuery(sql));
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return wrap(super.getResultSet());
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    super.addBatch(sql);
    batched++;
  }

  @Override
  public void clearBatch() throws SQLException {
    super.clearBatch();
    batched = 0;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    int n = batched;
    batched = 0;
    try {
      return delegate.executeBatch();
    } catch (SQLException | RuntimeException e) {
      throw RemotePreparedStatement.batchFailure(translate(e), n);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    int n = batched;
    batched = 0;
    try {
      return delegate.executeLargeBatch();
    } catch (SQLException | RuntimeException e) {
      throw RemotePreparedStatement.batchFailure(translate(e), n);
    }
  }

  @Override
  public Connection getConnection() {
    return connection;
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

package com.blockdb.jdbc.driver;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/** A prepared statement of a {@link RemoteConnection}: as {@link RemoteStatement}, for prepared SQL. */
final class RemotePreparedStatement extends ForwardingPreparedStatement {
  private final RemoteConnection connection;
  private int batched;
  private ResultSet wrapped;

  RemotePreparedStatement(RemoteConnection connection, PreparedStatement avatica) {
    super(avatica);
    this.connection = connection;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return connection.translate(e);
  }

  /** The BatchUpdateException of a failed batch of {@code n} commands, none of them written. */
  static BatchUpdateException batchFailure(SQLException cause, int n) {
    if (cause instanceof BatchUpdateException b) {
      return b;
    }
    int[] failed = new int[n];
    Arrays.fill(failed, Statement.EXECUTE_FAILED);
    return SqlErrors.batch(cause, failed);
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
  public ResultSet executeQuery() throws SQLException {
    return wrap(super.executeQuery());
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
  public void addBatch() throws SQLException {
    super.addBatch();
    batched++;
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
      throw batchFailure(translate(e), n);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    int n = batched;
    batched = 0;
    try {
      return delegate.executeLargeBatch();
    } catch (SQLException | RuntimeException e) {
      throw batchFailure(translate(e), n);
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

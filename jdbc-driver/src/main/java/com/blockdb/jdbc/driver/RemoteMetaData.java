package com.blockdb.jdbc.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * DatabaseMetaData of a remote connection: Avatica's, except where its client answers for every
 * server alike. Avatica reports no transactions; BlockDB's server runs them (commit and rollback
 * reach it), so this answers as the embedded driver does.
 */
final class RemoteMetaData extends ForwardingDatabaseMetaData {
  private final RemoteConnection connection;

  RemoteMetaData(RemoteConnection connection, DatabaseMetaData avatica) {
    super(avatica);
    this.connection = connection;
  }

  @Override
  protected SQLException translate(Throwable e) {
    return connection.translate(e);
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public String getURL() {
    return connection.url();
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_REPEATABLE_READ;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_REPEATABLE_READ;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() {
    return true;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return connection.isReadOnly();
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

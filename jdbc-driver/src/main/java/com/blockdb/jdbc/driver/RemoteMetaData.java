package com.blockdb.jdbc.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * DatabaseMetaData of a remote connection: Avatica's, except where its client answers for every
 * server alike. Avatica reports no transactions; BlockDB's server runs them (commit and rollback
 * reach it), so this answers as the embedded driver does. Avatica's protocol carries catalogs,
 * schemas, tables, columns, table types and types, and its client answers every other result-set
 * call with an empty result: primary keys are read with {@code TABLE(PRIMARY_KEYS())} instead,
 * and BlockDB's functions are the embedded driver's list, so a tool's tree (DBeaver's) shows keys
 * and functions remotely as embedded.
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
    return false; // as embedded: CREATE TABLE takes effect at once and leaves the open transaction open
  }

  @Override
  public String getUserName() {
    return connection.user();
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) throws SQLException {
    return holdability == getResultSetHoldability(); // Avatica's client throws "todo: implement this method"
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    List<Object[]> keys = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, KEY_SEQ, PK_NAME "
            + "FROM TABLE(PRIMARY_KEYS())")) {
      while (rs.next()) {
        keys.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getShort(4), rs.getString(5)});
      }
    }
    return BlockDbDatabaseMetaData.primaryKeys(keys, schema, table);
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String namePattern) {
    return BlockDbDatabaseMetaData.functions(schemaPattern, namePattern);
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

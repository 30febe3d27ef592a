package com.blockdb.jdbc.driver;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * Avatica's JDBC object factory for the remote driver: Avatica's own, but its connections know
 * their time zone once and for all. Avatica's connection parses all of its properties again to find
 * the time zone on every query (about a tenth of the client's time for a point SELECT); a
 * connection's properties never change, so neither does its time zone.
 */
final class RemoteAvaticaFactory implements AvaticaFactory {
  private final AvaticaFactory avatica;

  RemoteAvaticaFactory(AvaticaFactory avatica) {
    this.avatica = avatica;
  }

  @Override
  public int getJdbcMajorVersion() {
    return avatica.getJdbcMajorVersion();
  }

  @Override
  public int getJdbcMinorVersion() {
    return avatica.getJdbcMinorVersion();
  }

  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
      Properties info) throws SQLException {
    return new Connection(driver, factory, url, info);
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return avatica.newStatement(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return avatica.newPreparedStatement(connection, h, signature, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    return avatica.newResultSet(statement, state, signature, timeZone, firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return avatica.newDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature)
      throws SQLException {
    return avatica.newResultSetMetaData(statement, signature);
  }

  /** Avatica's connection, with its time zone read once from its properties. */
  private static final class Connection extends AvaticaConnection {
    private volatile TimeZone timeZone;

    Connection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
      super(driver, factory, url, info);
    }

    @Override
    public TimeZone getTimeZone() {
      TimeZone tz = timeZone;
      if (tz == null) {
        tz = super.getTimeZone();
        timeZone = tz;
      }
      return (TimeZone) tz.clone(); // callers may change theirs
    }
  }
}

package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;

/**
 * Avatica's remote client under BlockDB's name (its DatabaseMetaData reports BlockDB's driver),
 * the way Phoenix's thin client extends it. Not registered with {@link java.sql.DriverManager}:
 * {@code jdbc:blockdb:remote:} URLs reach it through BlockDB's driver, which translates the URL.
 */
final class RemoteAvaticaDriver extends org.apache.calcite.avatica.remote.Driver {
  private static final String PREFIX = "jdbc:blockdb:remote-avatica:";
  static final RemoteAvaticaDriver INSTANCE = new RemoteAvaticaDriver();

  private RemoteAvaticaDriver() {}

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  /** Avatica's factory, with connections that read their time zone once ({@link RemoteAvaticaFactory}). */
  @Override
  protected AvaticaFactory createFactory() {
    return new RemoteAvaticaFactory(super.createFactory());
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion(Version.DRIVER_NAME + " (remote)", Version.VERSION, Version.PRODUCT_NAME,
        Version.VERSION, false, Version.MAJOR, Version.MINOR, Version.MAJOR, Version.MINOR);
  }

  /** Avatica's connection to the server of {@code url}. */
  Connection open(RemoteUrl url) throws SQLException {
    return connect(PREFIX, url.avatica());
  }
}

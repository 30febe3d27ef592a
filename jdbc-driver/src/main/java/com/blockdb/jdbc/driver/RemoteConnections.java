package com.blockdb.jdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Opens {@code jdbc:blockdb:remote:} URLs: Avatica's client, wrapped to behave as the embedded driver. */
final class RemoteConnections {
  private RemoteConnections() {}

  static Connection open(String url, Properties info) throws SQLException {
    RemoteUrl remote = RemoteUrl.parse(url, info);
    Connection avatica;
    try {
      avatica = RemoteAvaticaDriver.INSTANCE.open(remote);
    } catch (SQLException | RuntimeException e) {
      throw RemoteErrors.translate(e, remote.serverUrl());
    }
    RemoteConnection c = new RemoteConnection(avatica, remote.serverUrl(), RemoteUrl.redact(url),
        remote.avatica().getProperty("avatica_user"));
    try {
      // Avatica opens the server-side connection lazily; do it now, so that an unreachable server
      // or refused credentials fail here, as connecting to an embedded database would.
      c.ping();
    } catch (SQLException e) {
      try {
        avatica.close();
      } catch (SQLException | RuntimeException ignored) {
        // the connection never worked: nothing to release on the server
      }
      throw e;
    }
    return c;
  }
}

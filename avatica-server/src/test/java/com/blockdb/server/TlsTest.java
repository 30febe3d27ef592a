package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.server.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code tls_keystore} set the server speaks HTTPS, and remote JDBC connects with a trust
 * store, sending its credentials with the first request.
 */
class TlsTest {
  @TempDir
  Path dir;

  @Test
  void remoteJdbcWorksOverHttpsWithTheServersCertificateTrusted() throws Exception {
    Path keystore = keystore();
    Path config = dir.resolve("blockdb.toml");
    Files.writeString(config, "[server]\ntls_keystore = \"" + keystore.toString().replace("\\", "\\\\") + "\"\n");
    ServerSettings settings = ServerSettingsResolver.resolve(null, 0, dir.resolve("data").toString(), config,
        Map.of("BLOCKDB_TLS_KEYSTORE_PASSWORD", "changeit"));
    StaticAuthenticator users = new StaticAuthenticator().add("local", "pw", Role.ADMIN);
    BlockDbServer s = new BlockDbServer(settings, ctx -> new ServerFeatures(users, List.of()));
    s.start();
    try {
      assertThat(s.address()).startsWith("https://");
      String url = "jdbc:blockdb:remote:" + s.address() + ";truststore=" + keystore + ";truststore_password=changeit";
      try (Connection c = DriverManager.getConnection(url, "local", "pw"); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    } finally {
      s.stop();
    }
  }

  /**
   * Over HTTPS the remote driver uses Avatica's HTTP client, made to send BASIC with its first
   * request: on a server that serves requests without credentials anonymously (and so never
   * challenges), a user with credentials still runs as itself.
   */
  @Test
  void overHttpsCredentialsAreSentWithTheFirstRequestSoAnAnonymousServerRunsTheirUser() throws Exception {
    Path keystore = keystore();
    Path config = dir.resolve("blockdb.toml");
    Files.writeString(config, "[server]\nallow_anonymous = true\ntls_keystore = \""
        + keystore.toString().replace("\\", "\\\\") + "\"\n");
    ServerSettings settings = ServerSettingsResolver.resolve(null, 0, dir.resolve("data").toString(), config,
        Map.of("BLOCKDB_TLS_KEYSTORE_PASSWORD", "changeit", "BLOCKDB_ADMIN_PASSWORD", "tls-admin-pw"));
    BlockDbServer s = new BlockDbServer(settings, new StandardFeatures());
    s.start();
    try {
      String url = "jdbc:blockdb:remote:" + s.address() + ";truststore=" + keystore + ";truststore_password=changeit";
      try (Connection c = DriverManager.getConnection(url, "admin", "tls-admin-pw"); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE OVER_TLS (ID INTEGER PRIMARY KEY)");
        st.execute("INSERT INTO OVER_TLS VALUES (1)");
        try (ResultSet rs = st.executeQuery("SELECT LEDGER_PRINCIPAL, CURRENT_USER FROM OVER_TLS")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("admin admin");
        }
      }
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT CURRENT_USER")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).as("no credentials: anonymous").isEqualTo("anonymous");
      }
      assertThatThrownBy(() -> DriverManager.getConnection(url, "admin", "wrong"))
          .as("wrong credentials are refused, not served as anonymous")
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    } finally {
      s.stop();
    }
  }

  /** A fresh PKCS12 keystore with a self-signed certificate for 127.0.0.1 (password changeit). */
  private Path keystore() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "blockdb", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    return keystore;
  }
}

package com.blockdb.sqltests.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdbc-driver/target/blockdb-jdbc-<version>-all.jar} used as DBeaver uses a driver file: in
 * a class loader of its own that sees nothing but the JDK and that jar, the driver class named in
 * the tool's settings is loaded and asked for connections. BlockDB's driver connects embedded and
 * to a server process (keys and functions in its metadata), Avatica's generic driver in the same
 * jar connects to the server, and the SQL shell is not in the jar.
 */
class DriverJarIT {
  @TempDir
  static Path serverDir;

  private static ServerProcess server;

  @TempDir
  Path dir;

  private URLClassLoader loader;

  @BeforeAll
  static void startServer() throws Exception {
    server = ServerProcess.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      assertThat(server.terminate()).as(server.log()).isZero();
    }
  }

  @BeforeEach
  void isolate() throws IOException {
    loader = new URLClassLoader(new URL[] {driverJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  @AfterEach
  void release() throws IOException {
    loader.close();
  }

  /** The jar the jdbc-driver module of this build packaged. */
  private static Path driverJar() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of("..", "jdbc-driver", "target"), "blockdb-jdbc-*-all.jar")) {
      found.forEach(jars::add);
    }
    assertThat(jars).as("jdbc-driver/target/blockdb-jdbc-<version>-all.jar (mvn -pl jdbc-driver package)").hasSize(1);
    return jars.get(0).toAbsolutePath();
  }

  private Driver driver(String className) throws ReflectiveOperationException {
    Class<?> c = Class.forName(className, true, loader);
    assertThat(c.getClassLoader()).as("loaded from the jar, not the test's classpath").isSameAs(loader);
    return (Driver) c.getDeclaredConstructor().newInstance();
  }

  private static Properties login() {
    Properties p = new Properties();
    p.setProperty("user", "local");
    p.setProperty("password", TestServerMain.PASSWORD);
    return p;
  }

  @Test
  void blockDbsDriverFromTheJarWorksRemotelyWithKeysAndFunctionsInItsMetadata() throws Exception {
    Driver d = driver("com.blockdb.jdbc.BlockDbDriver");
    assertThat(d.acceptsURL(server.url())).isTrue();
    try (Connection c = d.connect(server.url(), login()); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE JAR_T (A INTEGER, B VARCHAR(5), PRIMARY KEY (B, A))");
      st.executeUpdate("INSERT INTO JAR_T VALUES (1, 'x')");
      try (ResultSet rs = st.executeQuery("SELECT A, B, LEDGER_PRINCIPAL FROM JAR_T")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(3)).isEqualTo("local");
      }
      DatabaseMetaData md = c.getMetaData();
      assertThat(md.getDatabaseProductName()).isEqualTo("BlockDB");
      assertThat(keys(md.getPrimaryKeys(null, "BLOCKDB", "JAR_T"))).containsExactlyInAnyOrder("B 1", "A 2");
      assertThat(md.getFunctions(null, null, "VERIFY_CHAIN").next()).isTrue();
    }
  }

  @Test
  void blockDbsDriverFromTheJarOpensAnEmbeddedDirectory() throws Exception {
    Driver d = driver("com.blockdb.jdbc.BlockDbDriver");
    try (Connection c = d.connect("jdbc:blockdb:" + dir.resolve("data"), new Properties());
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(5))");
      st.executeUpdate("INSERT INTO T VALUES (1, 'one'), (2, 'two')");
      try (ResultSet rs = st.executeQuery("SELECT V FROM T WHERE ID > 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("two");
      }
      try (ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
  }

  @Test
  void avaticasGenericDriverInTheJarReachesTheServer() throws Exception {
    Driver d = driver("org.apache.calcite.avatica.remote.Driver");
    String url = "jdbc:avatica:remote:url=" + server.address + ";serialization=protobuf;authentication=BASIC;"
        + "avatica_user=local;avatica_password=" + TestServerMain.PASSWORD;
    try (Connection c = d.connect(url, new Properties()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("VALUES VERIFY_CHAIN()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  void theShellIsNotInTheDriverJar() {
    assertThat(loader.findResource("sqlline/SqlLine.class")).isNull();
    assertThat(loader.findResource("org/jline/reader/LineReader.class")).isNull();
    assertThat(loader.findResource("com/blockdb/jdbc/BlockDbDriver.class")).isNotNull();
  }

  private static List<String> keys(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME") + " " + rs.getInt("KEY_SEQ"));
      }
    }
    return out;
  }
}

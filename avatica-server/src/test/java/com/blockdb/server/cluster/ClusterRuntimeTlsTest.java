package com.blockdb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.cluster.PeerAddress;
import com.blockdb.cluster.ReadConsistency;
import com.blockdb.engine.Options;
import com.blockdb.server.ServerStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server cluster nodes with mutual TLS on the Raft port (the [cluster] raft_tls_* settings)
 * replicate SQL (and refuse an online backup with a message); a key store that cannot be loaded
 * stops the start with a message naming it; a
 * single server's data directory cannot start as a cluster node, nor a node's as a single server.
 */
class ClusterRuntimeTlsTest {

  @TempDir
  Path tmp;

  @Test
  void nodesWithMutualTlsOnTheRaftPortReplicate() throws Exception {
    Path store = tmp.resolve("cluster.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "secret1",
        "-keypass", "secret1", "-alias", "node", "-keyalg", "EC", "-dname", "CN=blockdb-test",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2").inheritIO().start();
    assertThat(keytool.waitFor()).isZero();
    try (LocalCluster c = new LocalCluster(tmp.resolve("nodes"), 3)) {
      c.tlsStore = store;
      c.tlsPassword = "secret1";
      c.startAll();
      ClusterRuntime leader = c.awaitLeader();
      assertThat(leader.settings().tls()).isTrue();
      try (Connection a = DriverManager.getConnection(c.url(leader.node().id()));
          Statement st = a.createStatement()) {
        st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        st.executeUpdate("INSERT INTO T VALUES (1)");
      }
      try (Connection b = DriverManager.getConnection(c.url(c.follower().node().id()));
          Statement st = b.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM T")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      // An online backup of a node is refused with a message, not a failure inside the engine.
      assertThatThrownBy(() -> leader.database().engine().backup(tmp.resolve("backup")))
          .isInstanceOf(com.blockdb.engine.BlockDbException.class).hasMessageContaining("not supported");
    }
  }

  @Test
  void aKeyStoreThatCannotBeLoadedStopsTheStartNamingIt() {
    Path missing = tmp.resolve("missing.p12");
    ClusterSettings s = new ClusterSettings(new PeerAddress("n1", "127.0.0.1", 1, -1), List.of(), "c",
        Duration.ofSeconds(1), Duration.ofSeconds(3), ReadConsistency.LINEARIZABLE, false, missing, "pw", missing, "pw");
    assertThatThrownBy(() -> ClusterRuntime.start(s, tmp.resolve("n1"), tmp.resolve("n1").toString(),
        Options.defaults(), TimeUnit.SECONDS.toNanos(1))).isInstanceOf(ServerStartException.class)
        .hasMessageContaining("missing.p12");
  }

  @Test
  void singleServerAndClusterNodeDirectoriesAreNotMistakenForEachOther() throws Exception {
    Path single = Files.createDirectories(tmp.resolve("single"));
    Files.writeString(single.resolve("MANIFEST"), "x");
    ClusterSettings s = new ClusterSettings(new PeerAddress("n1", "127.0.0.1", 1, -1), List.of(), "c",
        Duration.ofSeconds(1), Duration.ofSeconds(3), ReadConsistency.LINEARIZABLE, false, null, null, null, null);
    assertThatThrownBy(() -> ClusterRuntime.start(s, single, single.toString(), Options.defaults(),
        TimeUnit.SECONDS.toNanos(1))).isInstanceOf(ServerStartException.class)
        .hasMessageContaining("holds a single server's database");
    Path node = tmp.resolve("node");
    Files.createDirectories(node.resolve("engine"));
    Files.createDirectories(node.resolve("raft"));
    assertThatThrownBy(() -> ClusterRuntime.refuseSingleServerOver(node)).isInstanceOf(ServerStartException.class)
        .hasMessageContaining("--cluster-id");
  }
}

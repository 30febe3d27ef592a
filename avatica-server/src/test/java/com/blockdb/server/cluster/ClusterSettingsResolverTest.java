package com.blockdb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.cluster.PeerAddress;
import com.blockdb.cluster.ReadConsistency;
import com.blockdb.server.ServerConfigException;
import com.blockdb.server.ServerSettings;
import com.blockdb.server.ServerSettingsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster settings: flags over environment over {@code [cluster]} over defaults; a node id turns
 * cluster mode on and cluster settings without one are refused; heartbeat_interval must be what
 * Ratis derives from election_timeout; every error names its key and source.
 */
class ClusterSettingsResolverTest {
  @TempDir
  Path dir;

  private Path config(String text) throws IOException {
    Path f = dir.resolve("blockdb.toml");
    Files.writeString(f, text);
    return f;
  }

  private static ServerSettings resolve(Path config, Map<String, String> env, ClusterFlags flags) {
    return ServerSettingsResolver.resolve(null, 8080, null, config, env, flags);
  }

  private static final String FILE = """
      [cluster]
      node_id = "file-node"
      cluster_name = "prod"
      peers = ["n2:10.0.0.2:8080", "n3:10.0.0.3:8080:9999"]
      election_timeout = 300
      heartbeat_interval = 150
      write_timeout = 2.5
      read_consistency = "local"
      enable_transactions = true
      transaction_timeout = 30
      """;

  @Test
  void withoutANodeIdTheServerRunsAlone() {
    assertThat(ServerSettingsResolver.resolve(null, null, null, null, Map.of()).cluster()).isNull();
  }

  @Test
  void theOriginalStartCommandMakesAClusterNodeWithDefaultRaftPorts() {
    ServerSettings s = ServerSettingsResolver.resolve("127.0.0.1", 8080, "./node1_data", null, Map.of(),
        new ClusterFlags("node1", "node2:127.0.0.1:8081,node3:127.0.0.1:8082", null, null));
    ClusterSettings c = s.cluster();
    assertThat(c.self()).isEqualTo(new PeerAddress("node1", "127.0.0.1", 9080, 8080));
    assertThat(c.peers()).containsExactly(new PeerAddress("node2", "127.0.0.1", 9081, 8081),
        new PeerAddress("node3", "127.0.0.1", 9082, 8082));
    assertThat(c.clusterName()).isEqualTo(ClusterSettingsResolver.DEFAULT_CLUSTER_NAME);
    assertThat(c.electionTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.readConsistency()).isEqualTo(ReadConsistency.LINEARIZABLE);
    assertThat(c.join()).isFalse();
    assertThat(c.tls()).isFalse();
    assertThat(s.toString()).contains("node=node1", "raft=127.0.0.1:9080");
  }

  @Test
  void theFileConfiguresEveryKeyAndTheSameListOnEveryNodeLeavesThisNodeOut() throws IOException {
    Path f = config(FILE.replace("peers = [", "peers = [\"file-node:127.0.0.1:8080:9080\", "));
    ClusterSettings c = resolve(f, Map.of(), ClusterFlags.NONE).cluster();
    assertThat(c.self().id()).isEqualTo("file-node");
    assertThat(c.peers()).extracting(PeerAddress::id).containsExactly("n2", "n3");
    assertThat(c.peers().get(1).raftPort()).isEqualTo(9999);
    assertThat(c.clusterName()).isEqualTo("prod");
    assertThat(c.electionTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.readConsistency()).isEqualTo(ReadConsistency.LOCAL);
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
    Path f = config(FILE);
    Map<String, String> env = Map.of("BLOCKDB_CLUSTER_ID", "env-node", "BLOCKDB_PEERS", "e2:127.0.0.1:7000");
    ClusterSettings fromEnv = resolve(f, env, ClusterFlags.NONE).cluster();
    assertThat(fromEnv.self().id()).isEqualTo("env-node");
    assertThat(fromEnv.peers()).extracting(PeerAddress::id).containsExactly("e2");
    ClusterSettings fromFlags = resolve(f, env, new ClusterFlags("flag-node", "f2:127.0.0.1:7001", 7500, true))
        .cluster();
    assertThat(fromFlags.self().id()).isEqualTo("flag-node");
    assertThat(fromFlags.self().raftPort()).isEqualTo(7500);
    assertThat(fromFlags.peers()).extracting(PeerAddress::id).containsExactly("f2");
    assertThat(fromFlags.join()).isTrue();
    assertThat(fromFlags.clusterName()).as("from the file: no flag for it").isEqualTo("prod");
  }

  @Test
  void aHeartbeatIntervalRatisWouldNotUseIsAConfigurationErrorNamingTheConsistentValues() throws IOException {
    Path f = config("[cluster]\nnode_id = \"n1\"\nelection_timeout = 300\nheartbeat_interval = 100\n");
    assertThatThrownBy(() -> resolve(f, Map.of(), ClusterFlags.NONE)).isInstanceOf(ServerConfigException.class)
        .hasMessageContaining("heartbeat_interval = 100 ms").hasMessageContaining("heartbeat_interval = 150")
        .hasMessageContaining("election_timeout = 200");
    Path g = config("[cluster]\nnode_id = \"n1\"\nheartbeat_interval = 150\n");
    assertThatThrownBy(() -> resolve(g, Map.of(), ClusterFlags.NONE)).hasMessageContaining("(the default)");
    Path ok = config("[cluster]\nnode_id = \"n1\"\nelection_timeout = 201\nheartbeat_interval = 100\n");
    assertThat(resolve(ok, Map.of(), ClusterFlags.NONE).cluster().electionTimeout()).isEqualTo(Duration.ofMillis(201));
  }

  @Test
  void clusterSettingsWithoutANodeIdAreRefused() throws IOException {
    assertThatThrownBy(() -> resolve(null, Map.of(), new ClusterFlags(null, "n2:h:1", null, null)))
        .isInstanceOf(ServerConfigException.class).hasMessageStartingWith("--peers is a cluster setting");
    assertThatThrownBy(() -> resolve(null, Map.of("BLOCKDB_PEERS", "n2:h:1"), ClusterFlags.NONE))
        .hasMessageContaining("BLOCKDB_PEERS");
    Path f = config("[cluster]\nelection_timeout = 500\ntransaction_timeout = 5\n");
    assertThatThrownBy(() -> resolve(f, Map.of(), ClusterFlags.NONE))
        .hasMessageStartingWith("election_timeout in [cluster] of config file");
    // The keys a single server reads are fine without a node id.
    Path single = config("[cluster]\ntransaction_timeout = 5\nenable_transactions = true\n");
    assertThat(resolve(single, Map.of(), ClusterFlags.NONE).cluster()).isNull();
  }

  @Test
  void badValuesAreRefusedNamingTheKeyAndSource() throws IOException {
    assertThatThrownBy(() -> resolve(config("[cluster]\nnode_id = \"n1\"\nelection_timot = 5\n"), Map.of(),
        ClusterFlags.NONE)).hasMessageStartingWith("unknown key 'election_timot' in [cluster]");
    assertThatThrownBy(() -> resolve(null, Map.of(), new ClusterFlags("bad id!", null, null, null)))
        .hasMessageContaining("node id 'bad id!'").hasMessageContaining("--cluster-id");
    assertThatThrownBy(() -> resolve(null, Map.of(), new ClusterFlags("n1", "n2:h", null, null)))
        .hasMessageContaining("expected id:host:httpPort").hasMessageContaining("--peers");
    assertThatThrownBy(() -> resolve(null, Map.of(), new ClusterFlags("n1", "n1:10.9.9.9:8080", null, null)))
        .hasMessageContaining("this node's id");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve("0.0.0.0", 8080, null, null, Map.of(),
        new ClusterFlags("n1", null, null, null))).hasMessageContaining("--host 0.0.0.0");
    assertThatThrownBy(() -> ServerSettingsResolver.resolve(null, 0, null, null, Map.of(),
        new ClusterFlags("n1", null, null, null))).hasMessageContaining("--raft-port");
    assertThatThrownBy(() -> resolve(config("[cluster]\nnode_id = \"n1\"\nread_consistency = \"eventual\"\n"),
        Map.of(), ClusterFlags.NONE)).hasMessageContaining("expected linearizable or local");
    assertThatThrownBy(() -> resolve(config("[cluster]\nnode_id = \"n1\"\nelection_timeout = 1000\nwrite_timeout = 1\n"), Map.of(),
        ClusterFlags.NONE)).hasMessageContaining("write timeout 1000 ms is shorter than a leader election");
    assertThatThrownBy(() -> resolve(config("[cluster]\nenable_transactions = false\n"), Map.of(), ClusterFlags.NONE))
        .hasMessageContaining("enable_transactions = false");
    assertThatThrownBy(() -> resolve(config("[cluster]\nnode_id = \"n1\"\nraft_tls_keystore = \"k.p12\"\n"),
        Map.of(), ClusterFlags.NONE)).hasMessageContaining("raft_tls_truststore");
    assertThatThrownBy(() -> resolve(config("[cluster]\nnode_id = \"n1\"\nraft_tls_keystore = \"k.p12\"\n"
        + "raft_tls_truststore = \"t.p12\"\n"), Map.of(), ClusterFlags.NONE))
        .hasMessageContaining("BLOCKDB_RAFT_TLS_KEYSTORE_PASSWORD");
  }

  @Test
  void raftTlsPasswordsComeFromTheEnvironmentOverTheFile() throws IOException {
    Path f = config("[cluster]\nnode_id = \"n1\"\nraft_tls_keystore = \"k.p12\"\nraft_tls_truststore = \"t.p12\"\n"
        + "raft_tls_keystore_password = \"file\"\n");
    ClusterSettings fromFile = resolve(f, Map.of(), ClusterFlags.NONE).cluster();
    assertThat(fromFile.tls()).isTrue();
    assertThat(fromFile.raftKeystorePassword()).isEqualTo("file");
    assertThat(fromFile.raftTruststorePassword()).as("defaults to the key store's").isEqualTo("file");
    assertThat(fromFile.toString()).doesNotContain("file\"").contains("raftTls=true");
    ClusterSettings fromEnv = resolve(f, Map.of("BLOCKDB_RAFT_TLS_KEYSTORE_PASSWORD", "env",
        "BLOCKDB_RAFT_TLS_TRUSTSTORE_PASSWORD", "trust"), ClusterFlags.NONE).cluster();
    assertThat(fromEnv.raftKeystorePassword()).isEqualTo("env");
    assertThat(fromEnv.raftTruststorePassword()).isEqualTo("trust");
  }
}

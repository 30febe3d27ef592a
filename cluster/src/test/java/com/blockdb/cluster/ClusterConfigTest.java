package com.blockdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Peers as {@code --peers} gives them, and the settings a node refuses. */
class ClusterConfigTest {

  @Test
  void peersParseWithOrWithoutTheirRaftPort() {
    List<PeerAddress> peers = PeerAddress.parseList("node2:127.0.0.1:8081, node3:10.0.0.3:8082:9999");
    assertThat(peers).containsExactly(new PeerAddress("node2", "127.0.0.1", 8081 + PeerAddress.DEFAULT_RAFT_PORT_OFFSET,
        8081), new PeerAddress("node3", "10.0.0.3", 9999, 8082));
    assertThat(peers.get(0).raftAddress()).isEqualTo("127.0.0.1:9081");
    assertThat(peers.get(1).httpAddress()).isEqualTo("10.0.0.3:8082");
    assertThat(PeerAddress.parseList(" ")).isEmpty();
    assertThatThrownBy(() -> PeerAddress.parse("node2:127.0.0.1")).hasMessageContaining("id:host:httpPort");
    assertThatThrownBy(() -> PeerAddress.parse("node2:h:80x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> PeerAddress.parse("no de:h:80")).hasMessageContaining("node id");
    assertThatThrownBy(() -> PeerAddress.parse("n:h:70000:1")).hasMessageContaining("HTTP port");
  }

  @Test
  void settingsAreCheckedAndTheGroupFollowsTheClusterName() {
    PeerAddress self = new PeerAddress("node1", "127.0.0.1", 9080, 8080);
    PeerAddress other = new PeerAddress("node2", "127.0.0.1", 9081, 8081);
    ClusterConfig c = ClusterConfig.of(self, List.of(other), "prod", Path.of("data"));
    assertThat(c.engineOptions().replicatedLog()).isTrue();
    assertThat(c.electionTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.groupUuid()).isEqualTo(ClusterConfig.of(other, List.of(self), "prod", Path.of("x")).groupUuid())
        .isNotEqualTo(ClusterConfig.of(self, List.of(other), "staging", Path.of("data")).groupUuid());
    assertThatThrownBy(() -> ClusterConfig.of(self, List.of(self), "prod", Path.of("d")))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> ClusterConfig.of(self, List.of(), " ", Path.of("d"))).hasMessageContaining("cluster_name");
    assertThatThrownBy(() -> c.withWriteTimeout(Duration.ofMillis(900))).hasMessageContaining("shorter than");
  }
}

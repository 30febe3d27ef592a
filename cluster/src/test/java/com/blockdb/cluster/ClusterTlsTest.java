package com.blockdb.cluster;

import static com.blockdb.cluster.ClusterReplicationTest.assertSameLedgerEverywhere;
import static com.blockdb.cluster.ClusterReplicationTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.engine.WriteBatch;
import com.blockdb.engine.commit.CommitRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS on the Raft port: the cluster replicates, and a client without a certificate appends nothing. */
class ClusterTlsTest {

  @TempDir
  Path tmp;

  @Test
  void aTlsClusterReplicatesAndRefusesAPlaintextClient() throws Exception {
    Path keystore = tmp.resolve("node.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret1",
        "-keypass", "secret1", "-alias", "node", "-keyalg", "EC", "-dname", "CN=blockdb-test",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2").inheritIO().start();
    assertThat(keytool.waitFor()).isZero();
    try (TestCluster c = new TestCluster(tmp.resolve("cluster"), 3)) {
      c.tls = RaftTls.fromKeyStores(keystore, "secret1".toCharArray(), keystore, "secret1".toCharArray());
      c.startAll();
      ClusterNode leader = c.awaitLeader();
      for (int i = 0; i < 10; i++) {
        c.running().get(i % 3).submit(new WriteBatch().put(b("tls" + i), b("v")), null);
      }
      assertSameLedgerEverywhere(c, Set.of("tls0", "tls9"));

      List<RaftPeer> peers = new ArrayList<>();
      for (PeerAddress p : c.addresses.values()) {
        peers.add(ClusterNode.raftPeer(p));
      }
      RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(leader.config().groupUuid()), peers);
      RaftProperties props = new RaftProperties();
      org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(props,
          TimeDuration.valueOf(2, TimeUnit.SECONDS));
      byte[] rogue = CommitRecord.encode(new CommitRecord.Commit(1, "intruder",
          List.of(new WriteBatch.Put(0, b("rogue"), b("v")))));
      try (RaftClient plain = RaftClient.newBuilder().setProperties(props).setRaftGroup(group)
          .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3,
              TimeDuration.valueOf(100, TimeUnit.MILLISECONDS))).build()) {
        assertThatThrownBy(() -> plain.io().send(Message.valueOf(ByteString.copyFrom(rogue))))
            .as("a client without the cluster's certificate").isInstanceOf(java.io.IOException.class);
      }
      c.awaitConverged();
      for (ClusterNode n : c.running()) {
        assertThat(n.engine().get(b("rogue"))).isNull();
      }
    }
  }
}

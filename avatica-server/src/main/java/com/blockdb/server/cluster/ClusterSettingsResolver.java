package com.blockdb.server.cluster;

import com.blockdb.cli.ConfigFile;
import com.blockdb.cluster.ClusterConfig;
import com.blockdb.cluster.PeerAddress;
import com.blockdb.cluster.ReadConsistency;
import com.blockdb.engine.BlockDbException;
import com.blockdb.server.ConfigSection;
import com.blockdb.server.ServerConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Weighs a server's cluster settings: flags ({@code --cluster-id}, {@code --peers},
 * {@code --raft-port}, {@code --join}) over environment variables ({@value #ENV_CLUSTER_ID},
 * {@value #ENV_PEERS}, the Raft TLS passwords) over {@code [cluster]} of the config file over the
 * defaults. A node id from any source turns cluster mode on; without one the server runs alone
 * and cluster-only settings are refused, so that a typo cannot silently start a single node.
 * Every problem is a {@link ServerConfigException} naming the key and where it came from.
 *
 * <p>{@code heartbeat_interval} is accepted only when it is what Ratis derives from
 * {@code election_timeout}: a leader sends heartbeats every half of the minimum election timeout
 * (integer milliseconds), and Ratis has no separate setting, so any other value would be silently
 * ignored. A mismatch is a configuration error that names both consistent choices.
 */
public final class ClusterSettingsResolver {
  /** Environment variable for this node's id, over {@code [cluster] node_id}. */
  public static final String ENV_CLUSTER_ID = "BLOCKDB_CLUSTER_ID";
  /** Environment variable for the peers, over {@code [cluster] peers}. */
  public static final String ENV_PEERS = "BLOCKDB_PEERS";
  /** Environment variable for the Raft key store's password, over {@code raft_tls_keystore_password}. */
  public static final String ENV_RAFT_KEYSTORE_PASSWORD = "BLOCKDB_RAFT_TLS_KEYSTORE_PASSWORD";
  /** Environment variable for the Raft trust store's password, over {@code raft_tls_truststore_password}. */
  public static final String ENV_RAFT_TRUSTSTORE_PASSWORD = "BLOCKDB_RAFT_TLS_TRUSTSTORE_PASSWORD";

  /** The cluster name when none is configured. */
  public static final String DEFAULT_CLUSTER_NAME = "blockdb";

  static final Set<String> KEYS = Set.of("node_id", "cluster_name", "peers", "raft_port", "election_timeout",
      "heartbeat_interval", "write_timeout", "read_consistency", "join", "enable_transactions",
      "transaction_timeout", "raft_tls_keystore", "raft_tls_keystore_password", "raft_tls_truststore",
      "raft_tls_truststore_password");
  /** Keys that mean nothing without a node id. */
  static final List<String> CLUSTER_ONLY = List.of("cluster_name", "peers", "raft_port", "election_timeout",
      "heartbeat_interval", "write_timeout", "read_consistency", "join", "raft_tls_keystore",
      "raft_tls_keystore_password", "raft_tls_truststore", "raft_tls_truststore_password");

  private ClusterSettingsResolver() {}

  /**
   * The cluster settings of one run, or null when no node id is configured (a single server).
   *
   * @param host the server's host, which is also this node's Raft host
   * @param httpPort the server's HTTP port (0: any free port)
   * @param config the config file, or null
   */
  public static ClusterSettings resolve(ClusterFlags flags, String host, int httpPort, ConfigFile config,
      Map<String, String> env) {
    Path file = config == null ? null : config.path();
    ConfigSection section = new ConfigSection("cluster", config == null ? null : config.section("cluster"), file, KEYS);
    Optional<Boolean> transactions = section.bool("enable_transactions");
    if (transactions.isPresent() && !transactions.get()) {
      throw new ServerConfigException("enable_transactions = false in [cluster] of config file " + file
          + " is not supported: BlockDB always runs statements in transactions; remove the key");
    }

    String idSource;
    String id;
    if (flags.clusterId() != null) {
      id = flags.clusterId();
      idSource = "--cluster-id";
    } else if (present(env, ENV_CLUSTER_ID)) {
      id = env.get(ENV_CLUSTER_ID);
      idSource = "environment variable " + ENV_CLUSTER_ID;
    } else {
      id = section.text("node_id").orElse(null);
      idSource = section.where("node_id");
    }
    if (id == null) {
      refuseClusterOnly(flags, section, env);
      return null;
    }

    int raftPort = raftPort(flags, section, httpPort);
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      throw new ServerConfigException("--host " + host + " cannot be a cluster node's address: the other nodes"
          + " connect to this node's Raft port at the host given here; give the address they reach it at");
    }
    if (raftPort == httpPort) {
      throw new ServerConfigException("the Raft port " + raftPort + " is the HTTP port: give another with"
          + " --raft-port or [cluster] raft_port");
    }
    PeerAddress self;
    try {
      self = new PeerAddress(id, host, raftPort, httpPort == 0 ? -1 : httpPort);
    } catch (BlockDbException e) {
      throw new ServerConfigException(e.getMessage() + " (node id given by " + idSource + ")");
    }

    List<PeerAddress> peers = peers(flags, section, env, self);
    String clusterName = section.text("cluster_name").orElse(DEFAULT_CLUSTER_NAME);

    long election = range(section, "election_timeout", ClusterConfig.DEFAULT_ELECTION_TIMEOUT.toMillis(), 50, 60_000);
    OptionalLong heartbeat = section.number("heartbeat_interval");
    if (heartbeat.isPresent() && heartbeat.getAsLong() != election / 2) {
      throw new ServerConfigException("heartbeat_interval = " + heartbeat.getAsLong() + " ms in [cluster] of config"
          + " file " + file + " does not match election_timeout = " + election + " ms" + (section.number(
              "election_timeout").isPresent() ? "" : " (the default)") + ": Ratis sends heartbeats every half"
          + " of the election timeout and has no separate setting; set heartbeat_interval = " + election / 2
          + ", or election_timeout = " + 2 * heartbeat.getAsLong() + ", or leave heartbeat_interval out");
    }
    Duration writeTimeout = writeTimeout(section);
    ReadConsistency reads = readConsistency(section);
    boolean join = flags.join() != null ? flags.join() : section.bool("join").orElse(false);

    Path keystore = section.text("raft_tls_keystore").map(k -> path(k, section.where("raft_tls_keystore")))
        .orElse(null);
    Path truststore = section.text("raft_tls_truststore").map(k -> path(k, section.where("raft_tls_truststore")))
        .orElse(null);
    String keystorePassword = present(env, ENV_RAFT_KEYSTORE_PASSWORD) ? env.get(ENV_RAFT_KEYSTORE_PASSWORD)
        : section.text("raft_tls_keystore_password").orElse(null);
    String truststorePassword = present(env, ENV_RAFT_TRUSTSTORE_PASSWORD) ? env.get(ENV_RAFT_TRUSTSTORE_PASSWORD)
        : section.text("raft_tls_truststore_password").orElse(keystorePassword);
    if ((keystore == null) != (truststore == null)) {
      throw new ServerConfigException("mutual TLS on the Raft port needs both raft_tls_keystore (this node's key)"
          + " and raft_tls_truststore (the cluster's certificates) in [cluster] of config file " + file);
    }
    if (keystore != null && keystorePassword == null) {
      throw new ServerConfigException("raft_tls_keystore in [cluster] of config file " + file + " needs a password:"
          + " set raft_tls_keystore_password or " + ENV_RAFT_KEYSTORE_PASSWORD);
    }

    ClusterSettings s = new ClusterSettings(self, peers, clusterName, Duration.ofMillis(election), writeTimeout, reads,
        join, keystore, keystorePassword, truststore, truststorePassword);
    try {
      s.config(Path.of("check"), com.blockdb.engine.Options.defaults()); // ClusterConfig's own checks
    } catch (BlockDbException e) {
      throw new ServerConfigException(e.getMessage() + " ([cluster] of config file " + file + ")");
    }
    return s;
  }

  private static void refuseClusterOnly(ClusterFlags flags, ConfigSection section, Map<String, String> env) {
    String given = flags.peers() != null ? "--peers" : flags.raftPort() != null ? "--raft-port"
        : flags.join() != null ? "--join" : present(env, ENV_PEERS) ? "environment variable " + ENV_PEERS : null;
    if (given == null) {
      for (String k : CLUSTER_ONLY) {
        if (section.value(k) != null) {
          given = section.where(k);
          break;
        }
      }
    }
    if (given != null) {
      throw new ServerConfigException(given + " is a cluster setting, but no node id is configured: give --cluster-id,"
          + " " + ENV_CLUSTER_ID + " or [cluster] node_id to run as a cluster node");
    }
  }

  private static int raftPort(ClusterFlags flags, ConfigSection section, int httpPort) {
    if (flags.raftPort() != null) {
      return port(flags.raftPort(), "--raft-port");
    }
    OptionalLong p = section.number("raft_port");
    if (p.isPresent()) {
      return port(p.getAsLong(), section.where("raft_port"));
    }
    if (httpPort == 0) {
      throw new ServerConfigException("a cluster node with HTTP port 0 (any free port) needs its Raft port given:"
          + " --raft-port or [cluster] raft_port (by default it is the HTTP port + "
          + PeerAddress.DEFAULT_RAFT_PORT_OFFSET + ")");
    }
    return port(httpPort + PeerAddress.DEFAULT_RAFT_PORT_OFFSET, "the HTTP port + "
        + PeerAddress.DEFAULT_RAFT_PORT_OFFSET + " (the default Raft port)");
  }

  /**
   * The peers, without this node when the list names it too (so that every node may be given the
   * same list); an entry with this node's id but another address is refused.
   */
  private static List<PeerAddress> peers(ClusterFlags flags, ConfigSection section, Map<String, String> env,
      PeerAddress self) {
    String source;
    List<String> specs = new ArrayList<>();
    if (flags.peers() != null) {
      source = "--peers";
      specs.add(flags.peers());
    } else if (present(env, ENV_PEERS)) {
      source = "environment variable " + ENV_PEERS;
      specs.add(env.get(ENV_PEERS));
    } else {
      source = section.where("peers");
      JsonNode v = section.value("peers");
      if (v != null && v.isTextual()) {
        specs.add(v.asText());
      } else if (v != null && v.isArray()) {
        for (JsonNode e : v) {
          if (!e.isTextual()) {
            throw new ServerConfigException("invalid value for " + source + ": expected strings"
                + " \"id:host:httpPort[:raftPort]\", got " + e);
          }
          specs.add(e.asText());
        }
      } else if (v != null) {
        throw new ServerConfigException("invalid value for " + source + ": expected \"id:host:httpPort[:raftPort],...\""
            + " or an array of such strings, got " + v);
      }
    }
    List<PeerAddress> out = new ArrayList<>();
    for (String spec : specs) {
      List<PeerAddress> parsed;
      try {
        parsed = PeerAddress.parseList(spec);
      } catch (BlockDbException e) {
        throw new ServerConfigException(e.getMessage() + " (given by " + source + ")");
      }
      for (PeerAddress p : parsed) {
        if (p.id().equals(self.id())) {
          if (!p.host().equals(self.host()) || p.raftPort() != self.raftPort()) {
            throw new ServerConfigException("peer " + p.id() + " given by " + source + " is this node's id with Raft"
                + " address " + p.raftAddress() + ", but this node listens at " + self.raftAddress());
          }
          continue; // the same list on every node: this node is not its own peer
        }
        out.add(p);
      }
    }
    return out;
  }

  private static Duration writeTimeout(ConfigSection section) {
    JsonNode v = section.value("write_timeout");
    if (v == null) {
      return ClusterConfig.DEFAULT_WRITE_TIMEOUT;
    }
    if (!v.isNumber() || !(v.doubleValue() > 0 && v.doubleValue() <= 3600)) {
      throw new ServerConfigException("invalid value for " + section.where("write_timeout")
          + ": expected seconds between 0 and 3600, got " + v);
    }
    return Duration.ofMillis(Math.round(v.doubleValue() * 1000));
  }

  private static ReadConsistency readConsistency(ConfigSection section) {
    Optional<String> v = section.text("read_consistency");
    if (v.isEmpty()) {
      return ReadConsistency.LINEARIZABLE;
    }
    return switch (v.get().trim().toLowerCase(Locale.ROOT)) {
      case "linearizable" -> ReadConsistency.LINEARIZABLE;
      case "local" -> ReadConsistency.LOCAL;
      default -> throw new ServerConfigException("invalid value '" + v.get() + "' for "
          + section.where("read_consistency") + ": expected linearizable or local");
    };
  }

  private static long range(ConfigSection s, String key, long dflt, long min, long max) {
    OptionalLong v = s.number(key);
    if (v.isEmpty()) {
      return dflt;
    }
    long x = v.getAsLong();
    if (x < min || x > max) {
      throw new ServerConfigException("invalid value for " + s.where(key) + ": " + x + " is outside " + min + ".."
          + max);
    }
    return x;
  }

  private static int port(long p, String source) {
    if (p < 1 || p > 65_535) {
      throw new ServerConfigException("invalid Raft port " + p + " given by " + source + ": expected 1 to 65535");
    }
    return (int) p;
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isEmpty();
  }

  private static Path path(String v, String source) {
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new ServerConfigException("invalid path '" + v + "' given by " + source + ": " + e.getReason());
    }
  }
}

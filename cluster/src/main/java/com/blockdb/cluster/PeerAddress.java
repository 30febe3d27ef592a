package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cluster member: its node id, the host and port of its Raft endpoint, and (when known) its HTTP
 * port.
 *
 * @param id the node id ({@code --cluster-id}), letters, digits, {@code . _ -}
 * @param host the host of both endpoints
 * @param raftPort the Raft port (server-to-server and client RPC)
 * @param httpPort the HTTP port, or -1 if unknown
 */
public record PeerAddress(String id, String host, int raftPort, int httpPort) {

  /** Added to a peer's HTTP port when its Raft port is not given ({@code id:host:httpPort}). */
  public static final int DEFAULT_RAFT_PORT_OFFSET = 1000;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public PeerAddress {
    if (id == null || !ID.matcher(id).matches()) {
      throw invalid("node id '" + id + "': expected 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (host == null || host.isEmpty()) {
      throw invalid("peer " + id + " has no host");
    }
    if (raftPort < 1 || raftPort > 65535) {
      throw invalid("peer " + id + " has Raft port " + raftPort + ": expected 1 to 65535");
    }
    if (httpPort != -1 && (httpPort < 1 || httpPort > 65535)) {
      throw invalid("peer " + id + " has HTTP port " + httpPort + ": expected 1 to 65535");
    }
  }

  /** The Raft endpoint as {@code host:port}. */
  public String raftAddress() {
    return host + ":" + raftPort;
  }

  /** The HTTP endpoint as {@code host:port}, or null if unknown. */
  public String httpAddress() {
    return httpPort < 0 ? null : host + ":" + httpPort;
  }

  /**
   * Parses one peer of {@code --peers}: {@code id:host:httpPort:raftPort}, or {@code id:host:httpPort}
   * with the Raft port {@code httpPort + DEFAULT_RAFT_PORT_OFFSET}.
   */
  public static PeerAddress parse(String spec) {
    String[] p = spec.trim().split(":", -1);
    if (p.length != 3 && p.length != 4) {
      throw invalid("peer '" + spec + "': expected id:host:httpPort or id:host:httpPort:raftPort");
    }
    int http = port(spec, p[2]);
    int raft = p.length == 4 ? port(spec, p[3]) : http + DEFAULT_RAFT_PORT_OFFSET;
    return new PeerAddress(p[0], p[1], raft, http);
  }

  /** Parses a comma-separated {@code --peers} list (blank: none). */
  public static List<PeerAddress> parseList(String specs) {
    List<PeerAddress> out = new ArrayList<>();
    if (specs == null || specs.isBlank()) {
      return out;
    }
    for (String s : specs.split(",")) {
      if (!s.isBlank()) {
        out.add(parse(s));
      }
    }
    return out;
  }

  private static int port(String spec, String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw invalid("peer '" + spec + "': port '" + s + "' is not a number");
    }
  }

  private static BlockDbException invalid(String message) {
    return new BlockDbException(ErrorCode.INVALID_ARGUMENT, "invalid cluster peer: " + message);
  }
}

package com.blockdb.server.cluster;

import com.blockdb.cluster.ClusterNode;
import com.blockdb.cluster.NodeStatus;
import com.blockdb.cluster.PeerAddress;
import com.blockdb.engine.BlockDbException;
import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Permission;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.rest.BodyReader;
import com.blockdb.server.rest.ErrorMapping;
import com.blockdb.server.rest.HttpError;
import com.blockdb.server.rest.JsonResponses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster API on the server's HTTP port (docs/API.md, "Cluster"): {@code GET /cluster/status}
 * (every member as it reports itself: addresses, role, term, commit and applied index, digest),
 * {@code GET /cluster/health} (whether this node sees a quorum: 200 or 503),
 * {@code POST /cluster/add} and {@code DELETE /cluster/remove/{node_id}} (Raft membership changes).
 * Every call needs {@link Permission#MANAGE_CLUSTER} (the admin role); errors are the JSON error body
 * of every endpoint. Paths outside {@code /cluster/} are left to the next handler.
 *
 * <p>Threading: Jetty calls {@link #handle} from its pool; the node is thread-safe.
 */
public final class ClusterEndpoint extends AbstractHandler {
  /** Every path of the cluster API starts with it. */
  public static final String PREFIX = "/cluster/";
  static final String STATUS = "/cluster/status";
  static final String HEALTH = "/cluster/health";
  static final String ADD = "/cluster/add";
  static final String REMOVE = "/cluster/remove/";
  /** The add request is a small JSON object. */
  static final long MAX_BODY_BYTES = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterEndpoint.class);
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Set<String> ADD_FIELDS = Set.of("node_id", "address", "raft_address");

  private final ClusterRuntime cluster;
  private final Authenticator auth;
  private final BodyReader bodies = new BodyReader(MAX_BODY_BYTES);

  public ClusterEndpoint(ClusterRuntime cluster, Authenticator auth) {
    this.cluster = cluster;
    this.auth = auth;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!target.startsWith(PREFIX) && !target.equals("/cluster")) {
      return;
    }
    baseRequest.setHandled(true);
    String method = request.getMethod();
    try {
      if (target.equals(STATUS)) {
        allow(method, "GET", target);
        authorize(request);
        JsonResponses.send(response, 200, status());
      } else if (target.equals(HEALTH)) {
        allow(method, "GET", target);
        authorize(request);
        health(response);
      } else if (target.equals(ADD)) {
        allow(method, "POST", target);
        bodies.checkDeclaredLength(request);
        authorize(request);
        JsonResponses.send(response, 200, add(bodies.read(request)));
      } else if (target.startsWith(REMOVE) && target.length() > REMOVE.length()) {
        allow(method, "DELETE", target);
        authorize(request);
        String id = URLDecoder.decode(target.substring(REMOVE.length()), StandardCharsets.UTF_8);
        JsonResponses.send(response, 200, remove(id));
      } else {
        throw HttpError.notFound("no cluster endpoint " + method + " " + target + " (GET " + STATUS + ", GET " + HEALTH
            + ", POST " + ADD + ", DELETE " + REMOVE + "{node_id})");
      }
    } catch (MethodNotAllowed e) {
      JsonResponses.sendMethodNotAllowed(response, method, target, e.allowed);
    } catch (HttpError e) {
      send(response, e);
    } catch (AuthenticationException e) {
      send(response, ErrorMapping.of(e));
    } catch (BlockDbException e) {
      HttpError h = ErrorMapping.of(e);
      if (h == null) {
        LOG.error("{} {} failed: {}", method, target, e.getMessage(), e);
        h = new HttpError(500, "internal", "internal error; the server log has the details", false);
      } else {
        LOG.warn("{} {}: {}", method, target, e.getMessage());
      }
      send(response, h);
    } catch (IllegalArgumentException e) {
      send(response, HttpError.badRequest(e.getMessage())); // a malformed node id in the path
    } catch (RuntimeException e) {
      // An unchecked failure of the Raft client: a membership change may still complete; a status
      // or health probe can be asked again. Never a 500 with a stack trace.
      LOG.warn("{} {} failed in the cluster layer", method, target, e);
      boolean change = target.equals(ADD) || target.startsWith(REMOVE);
      String why = GuardedClusterDb.describe(e);
      send(response, change
          ? new HttpError(504, "outcome_unknown", "the membership change failed in the cluster layer without an"
              + " answer (" + why + "): it may or may not complete; check GET " + STATUS, false)
          : HttpError.unavailable("the cluster layer failed (" + why + "); retry"));
    }
  }

  private static void send(HttpServletResponse response, HttpError e) throws IOException {
    if (!response.isCommitted()) {
      response.reset();
      JsonResponses.sendError(response, e);
    }
  }

  /** A request with the wrong method (405, naming the allowed one). */
  private static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String allowed;

    MethodNotAllowed(String allowed) {
      super(allowed, null, false, false);
      this.allowed = allowed;
    }
  }

  private static void allow(String method, String allowed, String target) {
    if (!allowed.equals(method)) {
      throw new MethodNotAllowed(allowed);
    }
  }

  private void authorize(HttpServletRequest request) {
    Principal who = auth.authenticate(request.getHeader("Authorization"));
    auth.require(who, Permission.MANAGE_CLUSTER);
  }

  // ---- the endpoints ----

  private ObjectNode status() {
    ClusterNode node = cluster.node();
    ObjectNode body = JsonResponses.object();
    body.put("cluster_name", cluster.settings().clusterName());
    body.put("node_id", node.id());
    body.put("leader_id", node.leaderId().orElse(null));
    body.put("has_quorum", node.hasQuorum());
    body.put("read_consistency", cluster.settings().readConsistency().name().toLowerCase(java.util.Locale.ROOT));
    ArrayNode members = body.putArray("members");
    for (NodeStatus s : node.status()) {
      members.add(member(s));
    }
    return body;
  }

  static ObjectNode member(NodeStatus s) {
    ObjectNode m = JsonResponses.object();
    m.put("node_id", s.id());
    m.put("address", s.httpAddress());
    m.put("raft_address", s.raftAddress());
    m.put("reachable", s.reachable());
    if (!s.reachable()) {
      m.put("error", s.error());
      return m;
    }
    m.put("role", s.role());
    m.put("leader_id", s.leaderId());
    m.put("term", s.term());
    m.put("commit_index", s.commitIndex());
    m.put("applied_index", s.appliedIndex());
    m.put("durable_index", s.durableIndex());
    m.put("last_sequence", s.lastSequence());
    ObjectNode digest = m.putObject("digest");
    digest.put("block_count", s.blockCount());
    digest.put("root", s.digestRoot());
    return m;
  }

  private void health(HttpServletResponse response) throws IOException {
    ClusterNode node = cluster.node();
    NodeStatus self = node.localStatus();
    boolean quorum = node.hasQuorum();
    ObjectNode body = JsonResponses.object();
    body.put("status", quorum ? "UP" : "NO_QUORUM");
    if (!quorum) {
      body.put("error", "node " + node.id() + " sees no quorum (no leader in contact with a majority): it refuses"
          + " writes and linearizable reads until one forms");
      response.setHeader("Retry-After", "1");
    }
    body.put("node_id", node.id());
    body.put("role", self.role());
    body.put("leader_id", self.leaderId());
    body.put("has_quorum", quorum);
    body.put("term", self.term());
    body.put("commit_index", self.commitIndex());
    body.put("applied_index", self.appliedIndex());
    body.put("members", node.members().size());
    JsonResponses.send(response, quorum ? 200 : 503, body);
  }

  private ObjectNode add(byte[] raw) {
    JsonNode body = parse(raw);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ADD_FIELDS.contains(f)) {
        throw HttpError.badRequest("unknown field \"" + f + "\"; expected node_id, address and optionally raft_address");
      }
    }
    String id = text(body, "node_id", true);
    String[] http = hostPort(text(body, "address", true), "address");
    String raftSpec = text(body, "raft_address", false);
    int httpPort = port(http[1], "address");
    int raftPort = httpPort + PeerAddress.DEFAULT_RAFT_PORT_OFFSET;
    if (raftSpec != null) {
      String[] raft = hostPort(raftSpec, "raft_address");
      if (!raft[0].equals(http[0])) {
        throw HttpError.badRequest("address " + http[0] + " and raft_address " + raft[0]
            + " name different hosts; a node serves HTTP and Raft on one host");
      }
      raftPort = port(raft[1], "raft_address");
    }
    PeerAddress peer;
    try {
      peer = new PeerAddress(id, http[0], raftPort, httpPort);
    } catch (BlockDbException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    ClusterNode node = cluster.node();
    if (node.members().stream().anyMatch(m -> m.id().equals(id))) {
      throw new HttpError(409, "already_member", "node " + id + " is already a member of the cluster", false);
    }
    LOG.info("adding node {} ({}, Raft {}) to the cluster", id, peer.httpAddress(), peer.raftAddress());
    node.addPeer(peer);
    ObjectNode out = JsonResponses.object();
    out.put("added", id);
    out.set("members", ids(node.members()));
    return out;
  }

  private ObjectNode remove(String id) {
    ClusterNode node = cluster.node();
    LOG.info("removing node {} from the cluster", id);
    node.removePeer(id);
    ObjectNode out = JsonResponses.object();
    out.put("removed", id);
    out.set("members", ids(node.members()));
    return out;
  }

  private static ArrayNode ids(List<PeerAddress> members) {
    ArrayNode a = JsonResponses.object().arrayNode();
    members.forEach(m -> a.add(m.id()));
    return a;
  }

  // ---- request parsing ----

  private static JsonNode parse(byte[] raw) {
    if (raw.length == 0) {
      throw HttpError.badRequest("the request body is empty; send {\"node_id\": ..., \"address\": \"host:port\"}");
    }
    JsonNode n;
    try {
      n = STRICT.readTree(raw);
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw HttpError.badRequest("malformed JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw HttpError.badRequest("the request body must be a JSON object");
    }
    return n;
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw HttpError.badRequest("missing field \"" + field + "\"");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw HttpError.badRequest("field \"" + field + "\" must be a non-empty string");
    }
    return v.asText().trim();
  }

  private static String[] hostPort(String v, String field) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw HttpError.badRequest("field \"" + field + "\" is '" + v + "'; expected host:port");
    }
    return new String[] {v.substring(0, colon), v.substring(colon + 1)};
  }

  private static int port(String v, String field) {
    try {
      int p = Integer.parseInt(v);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw HttpError.badRequest("field \"" + field + "\" has port '" + v + "'; expected 1 to 65535");
  }
}

package com.blockdb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.server.BlockDbServer;
import com.blockdb.server.ServerFeatures;
import com.blockdb.server.ServerSettings;
import com.blockdb.server.ServerSettingsResolver;
import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster API of a server started as a (one-member) cluster node: shapes of status and health,
 * the admin-only rule, and JSON errors for wrong methods, unknown paths, bad bodies, an existing
 * member and the last member.
 */
class ClusterEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static BlockDbServer server;

  /** Header "Basic admin" is an admin, "Basic writer" a writer; anything else 401. */
  private static final Authenticator AUTH = header -> {
    if ("Basic admin".equals(header)) {
      return new Principal("admin", Set.of(Role.ADMIN));
    }
    if ("Basic writer".equals(header)) {
      return new Principal("writer", Set.of(Role.WRITER));
    }
    throw new AuthenticationException(401, "credentials required");
  };

  @BeforeAll
  static void start() throws Exception {
    int raftPort;
    try (ServerSocket s = new ServerSocket(0)) {
      raftPort = s.getLocalPort();
    }
    ServerSettings settings = ServerSettingsResolver.resolve(null, 0, dir.resolve("data").toString(), null, Map.of(),
        new ClusterFlags("solo", null, raftPort, null));
    server = new BlockDbServer(settings, ctx -> new ServerFeatures(AUTH, List.of()));
    server.start(); // returns once the one-member cluster elected itself
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private static HttpResponse<String> send(String method, String path, String who, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.address() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (who != null) {
      b.header("Authorization", "Basic " + who);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void statusAndHealthDescribeTheNode() throws Exception {
    HttpResponse<String> status = send("GET", "/cluster/status", "admin", null);
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    JsonNode s = json(status);
    assertThat(s.path("node_id").asText()).isEqualTo("solo");
    assertThat(s.path("leader_id").asText()).isEqualTo("solo");
    assertThat(s.path("has_quorum").asBoolean()).isTrue();
    assertThat(s.path("read_consistency").asText()).isEqualTo("linearizable");
    JsonNode m = s.path("members").get(0);
    assertThat(m.path("role").asText()).isEqualTo("LEADER");
    assertThat(m.path("term").asLong()).isPositive();
    assertThat(m.path("applied_index").asLong()).isEqualTo(m.path("commit_index").asLong());
    assertThat(m.path("digest").path("root").asText()).hasSize(64);
    assertThat(m.path("raft_address").asText()).startsWith("127.0.0.1:");

    HttpResponse<String> health = send("GET", "/cluster/health", "admin", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).path("status").asText()).isEqualTo("UP");
    assertThat(json(health).path("members").asInt()).isEqualTo(1);
  }

  @Test
  void onlyAdminsMayCallIt() throws Exception {
    HttpResponse<String> none = send("GET", "/cluster/status", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).path("status").asInt()).isEqualTo(401);
    HttpResponse<String> writer = send("GET", "/cluster/health", "writer", null);
    assertThat(writer.statusCode()).isEqualTo(403);
    assertThat(json(writer).path("error").asText()).contains("MANAGE_CLUSTER");
    assertThat(send("DELETE", "/cluster/remove/solo", "writer", null).statusCode()).isEqualTo(403);
  }

  @Test
  void mistakesGetJsonErrorsNamingThem() throws Exception {
    HttpResponse<String> method = send("POST", "/cluster/status", "admin", "{}");
    assertThat(method.statusCode()).isEqualTo(405);
    assertThat(method.headers().firstValue("Allow")).contains("GET");
    HttpResponse<String> unknown = send("GET", "/cluster/nodes", "admin", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText()).contains("/cluster/status");

    assertThat(json(send("POST", "/cluster/add", "admin", "{\"node_id\": \"n2\"")).path("error").asText())
        .startsWith("malformed JSON");
    HttpResponse<String> missing = send("POST", "/cluster/add", "admin", "{\"node_id\": \"n2\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).path("error").asText()).isEqualTo("missing field \"address\"");
    assertThat(json(send("POST", "/cluster/add", "admin", "{\"node_id\": \"n2\", \"address\": \"h:1\", \"port\": 1}"))
        .path("error").asText()).contains("unknown field \"port\"");
    assertThat(json(send("POST", "/cluster/add", "admin", "{\"node_id\": \"n2\", \"address\": \"h:x\"}"))
        .path("error").asText()).contains("port 'x'");
    assertThat(json(send("POST", "/cluster/add", "admin",
        "{\"node_id\": \"n2\", \"address\": \"h1:8080\", \"raft_address\": \"h2:9080\"}")).path("error").asText())
        .contains("different hosts");
    assertThat(json(send("POST", "/cluster/add", "admin", "{\"node_id\": \"bad id\", \"address\": \"h:1\"}"))
        .path("status").asInt()).isEqualTo(400);

    HttpResponse<String> member = send("POST", "/cluster/add", "admin", "{\"node_id\": \"solo\", \"address\": \"h:1\"}");
    assertThat(member.statusCode()).isEqualTo(409);
    assertThat(json(member).path("code").asText()).isEqualTo("already_member");
    HttpResponse<String> notMember = send("DELETE", "/cluster/remove/nobody", "admin", null);
    assertThat(notMember.statusCode()).isEqualTo(404);
    assertThat(json(notMember).path("error").asText()).contains("nobody");
    HttpResponse<String> last = send("DELETE", "/cluster/remove/solo", "admin", null);
    assertThat(last.statusCode()).isEqualTo(400);
    assertThat(json(last).path("error").asText()).contains("last member");
  }
}

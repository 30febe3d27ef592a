package com.blockdb.server.auth;

import static com.blockdb.server.auth.AuthFixture.ADMIN;
import static com.blockdb.server.auth.AuthFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.HandlerList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The auth endpoints over a real Jetty server on an ephemeral port, with real HTTP requests. */
class AuthEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the handler after the auth endpoints answers: proof a request was left unhandled. */
  private static final int NEXT_HANDLER = 418;

  private static AuthFixture fixture;
  private static Server server;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String ADMIN_AUTH = Credentials.basicHeader(ADMIN, ADMIN_PASSWORD);

  @BeforeAll
  static void start() throws Exception {
    // Jetty logs every request at DEBUG under logback's default configuration: keep test output readable.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty"))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    fixture = new AuthFixture();
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setHandler(new HandlerList(new AuthEndpoints(fixture.db, fixture.auth), new AbstractHandler() {
      @Override
      public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) {
        baseRequest.setHandled(true);
        response.setStatus(NEXT_HANDLER);
      }
    }));
    server.start();
    base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    fixture.close();
  }

  /** A reply: status, headers and body (JSON parsed when there is one). */
  record Reply(int status, HttpResponse<byte[]> raw) {
    JsonNode json() throws IOException {
      return JSON.readTree(raw.body());
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private static Reply send(String method, String path, String authorization, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(r.statusCode(), r);
  }

  private static Reply send(String method, String path, String authorization, String body) throws Exception {
    return send(method, path, authorization, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** Asserts an error reply: status, the JSON error body, and a message containing {@code part}. */
  /**
   * Sends a request over a plain socket, keeping the reply even when the server answers and closes
   * before it has read the whole body (as it may for a body over the limit): the JDK's client then
   * sometimes reports the broken connection instead of the reply. Returns the raw reply text.
   */
  private static String sendTolerant(String method, String path, String authorization, byte[] body) throws IOException {
    int port = URI.create(base).getPort();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
          + "Connection: close\r\n\r\n";
      java.io.OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException closedEarly) {
        // the server answered and closed before taking the whole body: read what it answered
      }
      java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
          reply.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("no complete reply within 30 s to " + method + " " + path);
      } catch (IOException resetAfterReply) {
        // a reset after the reply: keep what arrived
      }
      return reply.toString(StandardCharsets.UTF_8);
    }
  }

  private static void assertTooLarge(String reply, String part) {
    assertThat(reply).as(reply).startsWith("HTTP/1.1 413 ");
    String json = reply.substring(reply.indexOf("\r\n\r\n") + 4);
    assertThat(json).as(reply).containsPattern("\"status\"\\s*:\\s*413").contains(part);
    assertThat(reply.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
  }

  private static void assertError(Reply r, int status, String part) throws IOException {
    assertThat(r.status()).as(new String(r.raw().body(), StandardCharsets.UTF_8)).isEqualTo(status);
    JsonNode j = r.json();
    assertThat(j.get("status").asInt()).isEqualTo(status);
    assertThat(j.get("error").asText()).contains(part);
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  private static void createUser(String name, String password, String roles) throws Exception {
    Reply r = send("POST", "/api/v1/users", ADMIN_AUTH,
        "{\"user\":\"" + name + "\",\"password\":\"" + password + "\",\"roles\":" + roles + "}");
    assertThat(r.status()).as(new String(r.raw().body(), StandardCharsets.UTF_8)).isEqualTo(201);
  }

  @Test
  void loginGivesATokenThatAuthenticates() throws Exception {
    createUser("lena", "lena password", "[\"admin\"]");
    Reply r = send("POST", "/api/v1/login", null, "{\"user\":\"lena\",\"password\":\"lena password\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode j = r.json();
    assertThat(j.get("user").asText()).isEqualTo("lena");
    assertThat(j.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(Instant.parse(j.get("expires_at").asText()))
        .isEqualTo(fixture.clock.instant().plus(AuthFixture.TOKEN_LIFETIME));
    String bearer = "Bearer " + j.get("token").asText();
    Reply users = send("GET", "/api/v1/users", bearer, (String) null);
    assertThat(users.status()).isEqualTo(200);
    assertThat(users.json().get("users").findValuesAsText("user")).contains(ADMIN, "lena");
    assertThat(users.raw().body().length).isPositive();
    assertThat(new String(users.raw().body(), StandardCharsets.UTF_8)).doesNotContain("hash").doesNotContain("salt");

    assertThat(send("POST", "/api/v1/logout", bearer, (String) null).status()).isEqualTo(204);
    assertError(send("GET", "/api/v1/users", bearer, (String) null), 401, "unknown or expired bearer token");

    assertError(send("POST", "/api/v1/login", null, "{\"user\":\"lena\",\"password\":\"wrong password\"}"),
        401, "wrong user name or password");
    assertError(send("POST", "/api/v1/login", null, "{\"user\":\"lena\"}"), 400, "field 'password' is required");
  }

  @Test
  void everyEndpointWithoutCredentialsGets401WithAChallenge() throws Exception {
    String[][] endpoints = {
        {"GET", "/api/v1/users"}, {"POST", "/api/v1/users"}, {"GET", "/api/v1/users/root"},
        {"POST", "/api/v1/users/root/roles"}, {"PUT", "/api/v1/users/root/password"},
        {"POST", "/api/v1/users/root/disable"}, {"POST", "/api/v1/users/root/enable"},
        {"GET", "/api/v1/users/root/history"}, {"POST", "/api/v1/logout"}};
    for (String[] e : endpoints) {
      Reply r = send(e[0], e[1], null, "{}");
      assertError(r, 401, "authentication required");
      assertThat(r.header("WWW-Authenticate")).as(e[1]).isEqualTo("Basic realm=\"BlockDB\", charset=\"UTF-8\"");
    }
    assertError(send("GET", "/api/v1/users", "Basic %%%", (String) null), 401, "not valid base64");
    assertError(send("GET", "/api/v1/users", Credentials.basicHeader(ADMIN, "nope nope"), (String) null),
        401, "wrong user name or password");
  }

  @Test
  void rolesAreCheckedPerEndpoint() throws Exception {
    createUser("rita", "rita password", "[\"reader\"]");
    createUser("walt", "walt password", "[\"WRITER\"]");
    createUser("audrey", "audrey password", "[\"auditor\"]");
    String rita = Credentials.basicHeader("rita", "rita password");
    String walt = Credentials.basicHeader("walt", "walt password");
    String audrey = Credentials.basicHeader("audrey", "audrey password");
    for (String who : List.of(rita, walt, audrey)) {
      assertError(send("POST", "/api/v1/users", who, "{\"user\":\"x1\",\"password\":\"x1 password\"}"), 403, "MANAGE_USERS");
      assertError(send("GET", "/api/v1/users", who, (String) null), 403, "MANAGE_USERS");
      assertError(send("POST", "/api/v1/users/rita/roles", who, "{\"grant\":[\"admin\"]}"), 403, "MANAGE_USERS");
      assertError(send("POST", "/api/v1/users/rita/disable", who, (String) null), 403, "MANAGE_USERS");
    }
    assertError(send("GET", "/api/v1/users/walt/history", walt, (String) null), 403, "VERIFY");
    assertThat(send("GET", "/api/v1/users/walt/history", audrey, (String) null).status()).isEqualTo(200);
    // A user reads its own record; not another's.
    assertThat(send("GET", "/api/v1/users/rita", rita, (String) null).json().get("roles").get(0).asText()).isEqualTo("reader");
    assertError(send("GET", "/api/v1/users/walt", rita, (String) null), 403, "VERIFY");
  }

  @Test
  void userManagementOverHttp() throws Exception {
    Reply created = send("POST", "/api/v1/users", ADMIN_AUTH,
        "{\"user\":\"mia\",\"password\":\"mia password\",\"roles\":[\"writer\",\"reader\"]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("roles").toString()).isEqualTo("[\"writer\",\"reader\"]");
    assertThat(created.json().get("enabled").asBoolean()).isTrue();
    assertThat(created.json().get("version").asInt()).isEqualTo(1);
    assertError(send("POST", "/api/v1/users", ADMIN_AUTH, "{\"user\":\"mia\",\"password\":\"mia password\"}"),
        409, "user 'mia' already exists");

    String mia = Credentials.basicHeader("mia", "mia password");
    String token = "Bearer " + send("POST", "/api/v1/login", null, "{\"user\":\"mia\",\"password\":\"mia password\"}")
        .json().get("token").asText();
    assertThat(send("GET", "/api/v1/users/mia", token, (String) null).status()).isEqualTo(200);

    Reply changed = send("POST", "/api/v1/users/mia/roles", ADMIN_AUTH, "{\"grant\":[\"auditor\"],\"revoke\":[\"writer\"]}");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().get("roles").toString()).isEqualTo("[\"reader\",\"auditor\"]");
    // The revoke ended her token at once; BASIC still works, with the new roles.
    assertError(send("GET", "/api/v1/users/mia", token, (String) null), 401, "bearer token");
    assertThat(send("GET", "/api/v1/users/mia", mia, (String) null).json().get("roles").toString())
        .isEqualTo("[\"reader\",\"auditor\"]");
    assertError(send("POST", "/api/v1/users/nobody/roles", ADMIN_AUTH, "{\"grant\":[\"reader\"]}"), 404,
        "user 'nobody' does not exist");

    // Her own password: the current one is required; afterwards the old one is refused.
    assertError(send("PUT", "/api/v1/users/mia/password", mia, "{\"password\":\"mia second password\"}"),
        400, "current_password");
    assertThat(send("PUT", "/api/v1/users/mia/password", mia,
        "{\"password\":\"mia second password\",\"current_password\":\"mia password\"}").status()).isEqualTo(200);
    assertError(send("GET", "/api/v1/users/mia", mia, (String) null), 401, "wrong user name or password");
    String mia2 = Credentials.basicHeader("mia", "mia second password");

    assertThat(send("POST", "/api/v1/users/mia/disable", ADMIN_AUTH, (String) null).json().get("enabled").asBoolean()).isFalse();
    assertError(send("GET", "/api/v1/users/mia", mia2, (String) null), 401, "disabled");
    assertThat(send("POST", "/api/v1/users/mia/enable", ADMIN_AUTH, (String) null).json().get("enabled").asBoolean()).isTrue();
    assertThat(send("GET", "/api/v1/users/mia", mia2, (String) null).status()).isEqualTo(200);

    Reply history = send("GET", "/api/v1/users/mia/history", ADMIN_AUTH, (String) null);
    assertThat(history.status()).isEqualTo(200);
    JsonNode changes = history.json().get("changes");
    assertThat(changes.findValuesAsText("change"))
        .containsExactly("create", "grant", "revoke", "set_password", "disable", "enable");
    assertThat(changes.findValuesAsText("actor")).containsExactly(ADMIN, ADMIN, ADMIN, "mia", ADMIN, ADMIN);
    assertThat(changes.get(0).get("password_set").asBoolean()).isTrue();
    assertThat(changes.get(1).get("password_set").asBoolean()).isFalse();
    Instant.parse(changes.get(0).get("time").asText());
    long grantSeq = changes.get(1).get("sequence").asLong();
    assertThat(changes.get(2).get("sequence").asLong()).isEqualTo(grantSeq + 1);

    Reply at = send("GET", "/api/v1/users/mia/history?at=" + grantSeq, ADMIN_AUTH, (String) null);
    assertThat(at.json().get("changes").size()).isEqualTo(2);
    assertThat(at.json().get("state").get("roles").toString()).isEqualTo("[\"writer\",\"reader\",\"auditor\"]");
    assertThat(send("GET", "/api/v1/users/mia/history?at=0", ADMIN_AUTH, (String) null).json().get("state").isNull()).isTrue();
    assertError(send("GET", "/api/v1/users/mia/history?at=abc", ADMIN_AUTH, (String) null), 400, "parameter 'at'");
    assertError(send("GET", "/api/v1/users/nobody/history", ADMIN_AUTH, (String) null), 404, "does not exist");
  }

  @Test
  void badBodiesGet4xxNamingTheProblem() throws Exception {
    String path = "/api/v1/users";
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":"), 400, "malformed JSON");
    assertError(send("POST", path, ADMIN_AUTH, "[1,2]"), 400, "must be a JSON object");
    assertError(send("POST", path, ADMIN_AUTH, ""), 400, "empty");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"a\",\"password\":\"b\"} trailing"), 400, "malformed JSON");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"a\",\"user\":\"b\",\"password\":\"x\"}"), 400, "Duplicate field");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"nina\",\"password\":\"nina password\",\"role\":[]}"),
        400, "unknown field 'role'");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":7,\"password\":\"nina password\"}"), 400, "'user' must be a string");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"nina\",\"password\":\"nina password\",\"roles\":[\"boss\"]}"),
        400, "unknown role 'boss'");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"nina\",\"password\":\"nina password\",\"roles\":\"admin\"}"),
        400, "array of role names");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"ni na\",\"password\":\"nina password\"}"), 400, "user name");
    assertError(send("POST", path, ADMIN_AUTH, "{\"user\":\"nina\",\"password\":\"short\"}"), 400, "at least 8");
    byte[] huge = ("{\"user\":\"nina\",\"password\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertTooLarge(sendTolerant("POST", path, ADMIN_AUTH, huge), "exceeds the limit of 65536 bytes");
    assertTooLarge(sendTolerant("POST", "/api/v1/login", null, huge), "exceeds the limit");
    assertError(send("POST", "/api/v1/users/root/roles", ADMIN_AUTH, "{}"), 400, "at least one role");
    // Nothing of it was written.
    assertThat(fixture.auth.user(fixture.admin, "nina")).isNull();
  }

  @Test
  void wrongMethodsAndUnknownPaths() throws Exception {
    Reply r = send("DELETE", "/api/v1/users", ADMIN_AUTH, (String) null);
    assertError(r, 405, "method DELETE is not allowed");
    assertThat(r.header("Allow")).isEqualTo("GET, POST");
    assertThat(send("GET", "/api/v1/login", null, (String) null).header("Allow")).isEqualTo("POST");
    assertError(send("POST", "/api/v1/users/root/password", ADMIN_AUTH, "{}"), 405, "allowed: PUT");
    assertError(send("GET", "/api/v1/users/root/nothing", ADMIN_AUTH, (String) null), 404, "no endpoint");
    assertError(send("GET", "/api/v1/users/root/history/x", ADMIN_AUTH, (String) null), 404, "no endpoint");
    assertError(send("GET", "/api/v1/users/bad%20name", ADMIN_AUTH, (String) null), 404, "no endpoint");
    assertError(send("GET", "/api/v1/users/", ADMIN_AUTH, (String) null), 404, "no endpoint");
    assertError(send("GET", "/api/v1/users/ghost", ADMIN_AUTH, (String) null), 404, "user 'ghost' does not exist");
    // Paths that are not the auth endpoints' go to the next handler.
    for (String p : List.of("/", "/health", "/api/v1/put", "/api/v1/get/k", "/api/v1/loginx", "/api/v1/usersx", "/metrics")) {
      assertThat(send("GET", p, null, (String) null).status()).as(p).isEqualTo(NEXT_HANDLER);
    }
  }

  @Test
  void randomBodiesAndHeadersNeverGetA5xxAndTheServerKeepsServing() throws Exception {
    Random random = new Random(20240605L);
    String[][] endpoints = {{"POST", "/api/v1/login"}, {"POST", "/api/v1/users"}, {"POST", "/api/v1/users/root/roles"},
        {"PUT", "/api/v1/users/root/password"}, {"GET", "/api/v1/users"}};
    String[] fragments = {"{", "}", "[", "]", "\"user\"", "\"password\"", "\"roles\"", "\"grant\"", ":", ",", "null",
        "\"admin\"", "1e999", "\"\\u0000\"", "\"\\ud800\"", "true", "\"root\"", "\"x\"", " ", "\u00e9"};
    for (int i = 0; i < 300; i++) {
      String[] e = endpoints[random.nextInt(endpoints.length)];
      byte[] body;
      if (random.nextBoolean()) {
        body = new byte[random.nextInt(64)];
        random.nextBytes(body);
      } else {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(12); n >= 0; n--) {
          b.append(fragments[random.nextInt(fragments.length)]);
        }
        body = b.toString().getBytes(StandardCharsets.UTF_8);
      }
      String auth = switch (random.nextInt(4)) {
        case 0 -> null;
        case 1 -> ADMIN_AUTH;
        case 2 -> "Basic " + java.util.Base64.getEncoder().encodeToString(body);
        default -> "Bearer " + new String(body, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "");
      };
      Reply r = send(e[0], e[1], auth, body);
      assertThat(r.status()).as(e[1] + " " + new String(body, StandardCharsets.UTF_8)).isBetween(200, 499);
      if (r.status() >= 400) {
        assertThat(r.json().get("status").asInt()).isEqualTo(r.status());
      }
    }
    assertThat(send("GET", "/api/v1/users", ADMIN_AUTH, (String) null).status()).isEqualTo(200);
  }
}

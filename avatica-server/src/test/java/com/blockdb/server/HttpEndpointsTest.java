package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP side of the server: /health without credentials, and the JDBC endpoint's answers to
 * requests that are not JDBC (wrong method, no or wrong credentials, garbage, too large): JSON
 * errors with 4xx statuses, never 500. Plus CORS preflights when enabled, 404 for unknown paths, and
 * gzip for the clients that accept it.
 */
class HttpEndpointsTest {
  @TempDir
  static Path dir;

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(dir, "max_body_bytes = 4096\nenable_cors = true\n");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void assertJsonError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.body()).startsWith("{\"error\":\"").endsWith(",\"status\":" + status + "}");
    assertThat(r.body()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void healthNeedsNoCredentialsAndSaysUp() throws Exception {
    HttpResponse<String> r = server.send(server.request("/health").GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"status\":\"UP\",\"version\":");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    HttpResponse<String> head = server.send(server.request("/health").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertJsonError(server.send(server.request("/health").POST(HttpRequest.BodyPublishers.ofString("x"))), 405);
  }

  @Test
  void theJdbcEndpointTakesOnlyAuthenticatedPostsOfAvaticaRequests() throws Exception {
    assertJsonError(server.send(server.request("/").GET()), 405);
    HttpResponse<String> anonymous = server.send(server.request("/").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertJsonError(anonymous, 401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
    assertJsonError(server.send(server.request("/").header("Authorization", basic("local", "nope"))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))), 401);
    assertJsonError(server.send(server.request("/").header("Authorization", "Bearer x.y")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))), 401);
    String auth = basic("local", TestServer.PASSWORD);
    assertJsonError(server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3, (byte) 0xff}))), 400);
    assertJsonError(server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"noSuchRequest\"}"))), 400);
    assertJsonError(server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.noBody())), 400);
    assertJsonError(server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5000]))), 413);
  }

  @Test
  void aJsonAvaticaRequestIsAnsweredInJson() throws Exception {
    String auth = basic("local", TestServer.PASSWORD);
    HttpResponse<String> r = server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"http-test\"}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"response\":\"openConnection\"");
    HttpResponse<String> close = server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"closeConnection\",\"connectionId\":\"http-test\"}")));
    assertThat(close.statusCode()).isEqualTo(200);
  }

  @Test
  void anotherUserCannotUseAConnection() throws Exception {
    String local = basic("local", TestServer.PASSWORD);
    server.send(server.request("/").header("Authorization", local)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"mine\"}")));
    HttpResponse<String> r = server.send(server.request("/").header("Authorization", basic("wendy", TestServer.PASSWORD))
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"createStatement\",\"connectionId\":\"mine\"}")));
    assertThat(r.statusCode()).isEqualTo(500); // an Avatica error response, which clients turn into a SQLException
    assertThat(r.body()).contains("\"sqlState\":\"42501\"").contains("belongs to another user")
        .doesNotContain("\tat ");
    server.send(server.request("/").header("Authorization", local)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"closeConnection\",\"connectionId\":\"mine\"}")));
  }

  @Test
  void aMalformedHttpRequestGetsAJsonErrorWithoutATrace() throws Exception {
    int port = server.server.port();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).contains("\"status\":400").doesNotContain("<html", "\tat ");
    }
  }

  @Test
  void unknownPathsGet404AndBrowsersGetCorsAnswers() throws Exception {
    assertJsonError(server.send(server.request("/no/such/path").GET()), 404);
    HttpResponse<String> preflight = server.send(server.request("/health")
        .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(h -> assertThat(h).contains("Authorization"));
  }

  @Test
  void largeResponsesAreGzippedForClientsThatAcceptItAndPlainForOthers() throws Exception {
    String auth = basic("local", TestServer.PASSWORD);
    server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"gz\"}")));
    String properties = "{\"request\":\"databaseProperties\",\"connectionId\":\"gz\"}";
    HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(server.request("/").header("Authorization", auth)
        .header("Accept-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString(properties)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gzipped.statusCode()).isEqualTo(200);
    assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
    String unzipped;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(unzipped.length()).isGreaterThan(BlockDbServer.MIN_GZIP_BYTES);
    assertThat(unzipped).contains("\"response\":\"databaseProperties\"");

    HttpResponse<String> plain = server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString(properties)));
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.body()).isEqualTo(unzipped);

    HttpResponse<String> identity = server.send(server.request("/").header("Authorization", auth)
        .header("Accept-Encoding", "identity").POST(HttpRequest.BodyPublishers.ofString(properties)));
    assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(identity.body()).isEqualTo(unzipped);
    server.send(server.request("/").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"closeConnection\",\"connectionId\":\"gz\"}")));
  }
}

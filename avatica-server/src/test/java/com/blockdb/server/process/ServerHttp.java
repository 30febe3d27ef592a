package com.blockdb.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * HTTP calls to a launched server: JSON in and out, with BASIC or bearer credentials. One client
 * (and its connection pool) per instance; thread-safe.
 */
final class ServerHttp {
  /** Longer than any request should take: a reply that never comes fails the call instead of hanging the test. */
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A reply: its status, its body as text, and its Content-Type. */
  record Reply(int status, String body, String contentType) {
    /** The body as JSON (fails the test if it is none). */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("status " + status + ", body is not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private final String address;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  ServerHttp(String address) {
    this.address = address;
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  /** A request builder for {@code path}, with {@code authorization} unless null. */
  HttpRequest.Builder request(String path, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + path)).timeout(REPLY_TIMEOUT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Reply get(String path, String authorization) {
    return send(request(path, authorization).GET().build());
  }

  /** POST with a JSON body ({@code null}: no body). */
  Reply post(String path, String authorization, String json) {
    return send(withJson(request(path, authorization), "POST", json).build());
  }

  Reply put(String path, String authorization, String json) {
    return send(withJson(request(path, authorization), "PUT", json).build());
  }

  private static HttpRequest.Builder withJson(HttpRequest.Builder b, String method, String json) {
    if (json == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
  }

  /** JSON text of {@code s} (quoted and escaped). */
  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the user endpoints, as an admin calls them ----

  /** Creates {@code user} through {@code POST /api/v1/users}; fails the test unless 201. */
  void createUser(String adminAuth, String user, String password, List<String> roles) {
    String body = "{\"user\":" + quote(user) + ",\"password\":" + quote(password) + ",\"roles\":["
        + String.join(",", roles.stream().map(ServerHttp::quote).toList()) + "]}";
    Reply r = post("/api/v1/users", adminAuth, body);
    if (r.status() != 201) {
      throw new AssertionError("creating user " + user + ": " + r);
    }
  }

  /** {@code POST /api/v1/users/{user}/roles} with {@code {"revoke": [...]}}. */
  Reply revoke(String adminAuth, String user, String... roles) {
    return post("/api/v1/users/" + user + "/roles", adminAuth,
        "{\"revoke\":[" + String.join(",", List.of(roles).stream().map(ServerHttp::quote).toList()) + "]}");
  }

  /** The live bearer token of a {@code POST /api/v1/login}; fails the test unless 200. */
  String login(String user, String password) {
    Reply r = post("/api/v1/login", null, "{\"user\":" + quote(user) + ",\"password\":" + quote(password) + "}");
    if (r.status() != 200) {
      throw new AssertionError("login of " + user + ": " + r);
    }
    return r.json().get("token").asText();
  }

  /** The Prometheus text of {@code GET /metrics}. */
  Scrape metrics(String authorization) {
    Reply r = get("/metrics", authorization);
    if (r.status() != 200) {
      throw new AssertionError("GET /metrics: " + r);
    }
    return new Scrape(r.body());
  }
}

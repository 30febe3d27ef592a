package com.blockdb.server.rest;

import static com.blockdb.server.rest.Http.json;
import static com.blockdb.server.rest.Http.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.Limits;
import com.blockdb.engine.Tables;
import com.blockdb.engine.WriteBatch;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error status of docs/API.md, each with a JSON body naming the problem. */
class RestErrorsTest {
  private RestServer server;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    server = RestServer.start();
    http = new Http(server.base());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** Asserts the JSON error shape and returns its message. */
  private static String error(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = json(r);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("code").asText()).isEqualTo(code);
    String message = body.get("error").asText();
    assertThat(message).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    return message;
  }

  private HttpResponse<String> put(String json) {
    return http.postJson("/api/v1/put", "writer", json);
  }

  private boolean stored(String key) {
    return server.db().engine().get(key.getBytes(StandardCharsets.UTF_8)) != null;
  }

  // ---- 400 ----

  @Test
  void malformedJsonIs400() {
    assertThat(error(put("{\"key\": \"a\", "), 400, "bad_request")).contains("malformed JSON");
    assertThat(error(put("not json"), 400, "bad_request")).contains("malformed JSON");
    assertThat(error(put("{\"key\": \"a\", \"value\": \"b\"} trailing"), 400, "bad_request")).contains("malformed JSON");
    assertThat(error(put("[1, 2]"), 400, "bad_request")).contains("JSON object");
    assertThat(error(put(""), 400, "bad_request")).contains("empty");
  }

  @Test
  void missingOrMistypedFieldsAre400NamingTheField() {
    assertThat(error(put("{\"value\": \"v\"}"), 400, "bad_request")).contains("\"key\"");
    assertThat(error(put("{\"key\": \"k\"}"), 400, "bad_request")).contains("\"value\"");
    assertThat(error(put("{\"key\": \"k\", \"value\": 5}"), 400, "bad_request")).contains("\"value\"").contains("string");
    assertThat(error(put("{\"key\": null, \"value\": \"v\"}"), 400, "bad_request")).contains("\"key\"");
    assertThat(error(put("{\"key\": \"k\", \"value\": \"v\", \"ttl\": 5}"), 400, "bad_request")).contains("\"ttl\"");
    assertThat(error(put("{\"key\": \"k\", \"value\": \"v\", \"key\": \"j\"}"), 400, "bad_request"))
        .contains("key");
    assertThat(error(put("{\"key\": \"k\", \"value\": \"v\", \"encoding\": \"hex\"}"), 400, "bad_request"))
        .contains("\"encoding\"");
    assertThat(stored("k")).isFalse();
  }

  @Test
  void malformedBase64Is400NamingTheField() {
    assertThat(error(put("{\"key\": \"k\", \"value\": \"not base64!\", \"encoding\": \"base64\"}"), 400, "bad_request"))
        .contains("\"value\"").contains("base64");
    assertThat(error(put("{\"key\": \"k\", \"value\": \"QUJD=\", \"encoding\": \"base64\"}"), 400, "bad_request"))
        .contains("\"value\"");
    assertThat(error(put("{\"key\": \"a+b_\", \"key_encoding\": \"base64\", \"value\": \"v\"}"), 400, "bad_request"))
        .contains("\"key\"").contains("alphabets");
    assertThat(error(http.get("/api/v1/get/%25%25?key_encoding=base64", "reader"), 400, "bad_request"))
        .contains("base64");
    assertThat(stored("k")).isFalse();
  }

  @Test
  void aLoneSurrogateIsRefusedRatherThanStoredAsAQuestionMark() {
    assertThat(error(put("{\"key\": \"k\", \"value\": \"\\ud800\"}"), 400, "bad_request")).contains("surrogate");
  }

  @Test
  void emptyAndOversizedKeysAndValuesAre400() throws Exception {
    assertThat(error(put("{\"key\": \"\", \"value\": \"v\"}"), 400, "bad_request")).contains("empty");
    String bigKey = "k".repeat(Limits.MAX_KEY_BYTES + 1);
    assertThat(error(put("{\"key\": " + quote(bigKey) + ", \"value\": \"v\"}"), 400, "bad_request"))
        .contains("\"key\"").contains(Integer.toString(Limits.MAX_KEY_BYTES));
    assertThat(error(http.get("/api/v1/get/", "reader"), 400, "bad_request")).contains("empty");
    assertThat(error(http.get("/api/v1/get", "reader"), 400, "bad_request")).contains("empty");
    assertThat(error(http.get("/api/v1/proof/", "auditor"), 400, "bad_request")).contains("empty");
  }

  @Test
  void anOversizedValueIs400WhenTheBodyLimitAllowsIt() throws Exception {
    try (RestServer big = RestServer.start(Limits.MAX_VALUE_BYTES + 1024)) {
      String value = "v".repeat(Limits.MAX_VALUE_BYTES + 1);
      HttpResponse<String> r = new Http(big.base()).postJson("/api/v1/put", "writer",
          "{\"key\": \"big\", \"value\": \"" + value + "\"}");
      assertThat(error(r, 400, "bad_request")).contains("\"value\"").contains(Integer.toString(Limits.MAX_VALUE_BYTES));
    }
  }

  @Test
  void badBatchesAre400NamingTheOperation() {
    assertThat(error(http.postJson("/api/v1/batch", "writer", "{}"), 400, "bad_request")).contains("\"operations\"");
    assertThat(error(http.postJson("/api/v1/batch", "writer", "{\"operations\": {}}"), 400, "bad_request"))
        .contains("array");
    assertThat(error(http.postJson("/api/v1/batch", "writer", "{\"operations\": []}"), 400, "bad_request"))
        .contains("empty");
    assertThat(error(http.postJson("/api/v1/batch", "writer",
        "{\"operations\": [{\"type\": \"put\", \"key\": \"a\", \"value\": \"1\"}, {\"type\": \"put\", \"value\": \"2\"}]}"),
        400, "bad_request")).contains("operations[1].key");
    assertThat(error(http.postJson("/api/v1/batch", "writer",
        "{\"operations\": [{\"type\": \"delete\", \"key\": \"a\"}]}"), 400, "bad_request"))
        .contains("operations[0].type").contains("append-only");
    assertThat(error(http.postJson("/api/v1/batch", "writer", "{\"operations\": [7]}"), 400, "bad_request"))
        .contains("operations[0]");
    assertThat(stored("a")).isFalse();
  }

  @Test
  void badQueryParametersAre400() {
    http.postJson("/api/v1/put", "writer", "{\"key\": \"k\", \"value\": \"v\"}");
    assertThat(error(http.get("/api/v1/get/k?encoding=hex", "reader"), 400, "bad_request")).contains("\"encoding\"");
    assertThat(error(http.get("/api/v1/get/k?encodng=base64", "reader"), 400, "bad_request")).contains("encodng");
    assertThat(error(http.get("/stats?x=1", "reader"), 400, "bad_request")).contains("\"x\"");
  }

  @Test
  void aMalformedSavedDigestIs400() {
    assertThat(error(http.postJson("/verify", "auditor", "{\"format\": 1}"), 400, "bad_request"))
        .contains("block_count");
    assertThat(error(http.postJson("/verify", "auditor", "{\"format\": 1, \"block_count\": 1, \"root\": \"zz\"}"),
        400, "bad_request")).contains("root");
    assertThat(error(http.postJson("/verify", "auditor", "{nope"), 400, "bad_request")).contains("malformed JSON");
  }

  // ---- 401 / 403 ----

  @ParameterizedTest
  @ValueSource(strings = {"GET /api/v1/get/k", "POST /api/v1/put", "POST /api/v1/batch", "GET /api/v1/digest",
      "GET /api/v1/proof/k", "GET /stats", "POST /verify", "GET /metrics"})
  void everyEndpointWithoutCredentialsIs401(String request) {
    String[] mp = request.split(" ");
    HttpResponse<String> r = Http.send(http.request(mp[1], null).header("Content-Type", "application/json")
        .method(mp[0], HttpRequest.BodyPublishers.ofString("{}")).build());
    error(r, 401, "unauthorized");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
  }

  @Test
  void wrongPasswordIs401() {
    HttpResponse<String> r = Http.send(http.request("/stats", null)
        .header("Authorization", FixedAuthenticator.basic("reader", "guess")).GET().build());
    error(r, 401, "unauthorized");
  }

  @Test
  void aRoleWithoutThePermissionIs403() {
    assertThat(error(http.postJson("/api/v1/put", "reader", "{\"key\": \"k\", \"value\": \"v\"}"), 403, "forbidden"))
        .contains("WRITE");
    error(http.postJson("/api/v1/batch", "auditor", "{\"operations\": []}"), 403, "forbidden");
    error(http.get("/api/v1/digest", "writer"), 403, "forbidden");
    error(http.get("/api/v1/proof/k", "reader"), 403, "forbidden");
    error(http.postJson("/verify", "writer", ""), 403, "forbidden");
    assertThat(stored("k")).isFalse();
  }

  // ---- 404 / 405 / 409 / 413 / 415 / 503 ----

  @Test
  void aMissingKeyIs404() {
    assertThat(error(http.get("/api/v1/get/absent", "reader"), 404, "not_found")).contains("absent");
    assertThat(error(http.get("/api/v1/proof/absent", "auditor"), 404, "not_found")).contains("absent");
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    HttpResponse<String> r = http.get("/api/v1/put", "writer");
    assertThat(error(r, 405, "method_not_allowed")).contains("POST");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    error(http.postJson("/api/v1/get/k", "reader", "{}"), 405, "method_not_allowed");
    HttpResponse<String> del = Http.send(http.request("/stats", "reader").DELETE().build());
    error(del, 405, "method_not_allowed");
    assertThat(del.headers().firstValue("Allow")).hasValue("GET");
    error(http.get("/verify", "auditor"), 405, "method_not_allowed");
  }

  @Test
  void aDuplicateKeyIs409NamingItAndKeepsTheFirstValue() {
    assertThat(put("{\"key\": \"user:1\", \"value\": \"first\"}").statusCode()).isEqualTo(201);
    assertThat(error(put("{\"key\": \"user:1\", \"value\": \"second\"}"), 409, "duplicate_key")).contains("user:1");
    assertThat(json(http.get("/api/v1/get/user:1", "reader")).get("value").asText()).isEqualTo("first");
  }

  @Test
  void aBatchWithAStoredKeyInTheMiddleLeavesNothing() {
    put("{\"key\": \"taken\", \"value\": \"old\"}");
    long before = server.db().engine().lastSequence();
    HttpResponse<String> r = http.postJson("/api/v1/batch", "writer", """
        {"operations": [
          {"type": "put", "key": "b1", "value": "1"},
          {"type": "put", "key": "taken", "value": "new"},
          {"type": "put", "key": "b3", "value": "3"}
        ]}""");
    assertThat(error(r, 409, "duplicate_key")).contains("taken");
    assertThat(stored("b1")).isFalse();
    assertThat(stored("b3")).isFalse();
    assertThat(server.db().engine().lastSequence()).isEqualTo(before);
    assertThat(json(http.get("/api/v1/get/taken", "reader")).get("value").asText()).isEqualTo("old");
  }

  @Test
  void aBatchRepeatingAKeyLeavesNothing() {
    HttpResponse<String> r = http.postJson("/api/v1/batch", "writer", """
        {"operations": [
          {"type": "put", "key": "r1", "value": "1"},
          {"type": "put", "key": "twice", "value": "a"},
          {"type": "put", "key": "twice", "value": "b"}
        ]}""");
    assertThat(error(r, 409, "duplicate_key")).contains("twice");
    assertThat(stored("r1")).isFalse();
    assertThat(stored("twice")).isFalse();
  }

  @Test
  void aPutWaitsForTheKeyLockOfAnOpenSqlTransaction() throws Exception {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO KV (KEY, VAL) VALUES (?, ?)")) {
        ps.setString(1, "contested");
        ps.setString(2, "sql");
        ps.executeUpdate();
      }
      CompletableFuture<HttpResponse<String>> rest = CompletableFuture.supplyAsync(
          () -> put("{\"key\": \"contested\", \"value\": \"rest\"}"));
      // Without the lock the REST put would commit now and the SQL commit below would fail.
      Thread.sleep(300);
      c.commit();
      error(rest.get(30, TimeUnit.SECONDS), 409, "duplicate_key");
    }
    assertThat(json(http.get("/api/v1/get/contested", "reader")).get("value").asText()).isEqualTo("sql");
  }

  @Test
  void aLockWaitThatTimesOutIs409Retryable() throws Exception {
    try (RestServer s = RestServer.withLockTimeout(TimeUnit.MILLISECONDS.toNanos(200));
         Connection c = DriverManager.getConnection(s.jdbcUrl())) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO KV (KEY, VAL) VALUES ('held', 'sql')")) {
        ps.executeUpdate();
      }
      HttpResponse<String> r = new Http(s.base()).postJson("/api/v1/put", "writer",
          "{\"key\": \"held\", \"value\": \"rest\"}");
      error(r, 409, "transaction_aborted");
      assertThat(json(r).get("retryable").asBoolean()).isTrue();
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      c.rollback();
    }
  }

  @Test
  void aKeyReservedByAPreparedTransactionIs409KeyInDoubt() {
    server.db().engine().prepare(42, "xid-1".getBytes(StandardCharsets.UTF_8),
        new WriteBatch().put(Tables.KV, "doubt".getBytes(StandardCharsets.UTF_8), "p".getBytes(StandardCharsets.UTF_8)),
        "xa");
    HttpResponse<String> r = put("{\"key\": \"doubt\", \"value\": \"rest\"}");
    assertThat(error(r, 409, "key_in_doubt")).contains("doubt");
    assertThat(json(r).get("retryable").asBoolean()).isTrue();
    server.db().engine().abortPrepared(42);
    assertThat(put("{\"key\": \"doubt\", \"value\": \"rest\"}").statusCode()).isEqualTo(201);
  }

  @Test
  void aBodyOverTheLimitIs413ByContentLength() {
    String big = "{\"key\": \"k\", \"value\": \"" + "x".repeat(300 * 1024) + "\"}";
    assertThat(error(put(big), 413, "payload_too_large")).contains(Integer.toString(256 * 1024));
    assertThat(stored("k")).isFalse();
    assertThat(http.get("/stats", "reader").statusCode()).as("the server keeps serving").isEqualTo(200);
  }

  @Test
  void aStreamedBodyOverTheLimitIs413() {
    byte[] big = ("{\"key\": \"k\", \"value\": \"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    // ofInputStream has no length: the body goes chunked, so only the streaming cap can stop it.
    HttpResponse<String> r = Http.send(http.request("/api/v1/put", "writer").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
    error(r, 413, "payload_too_large");
    assertThat(stored("k")).isFalse();
  }

  @Test
  void aBodyThatIsNotDeclaredJsonIs415() {
    HttpResponse<String> r = Http.send(http.request("/api/v1/put", "writer").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"k\", \"value\": \"v\"}")).build());
    assertThat(error(r, 415, "unsupported_media_type")).contains("application/json");
    assertThat(stored("k")).isFalse();
  }

  @Test
  void aClosedDatabaseIs503() {
    server.closeDatabase();
    HttpResponse<String> r = http.get("/stats", "reader");
    assertThat(error(r, 503, "unavailable")).contains("closed");
    assertThat(json(r).get("retryable").asBoolean()).isTrue();
    error(put("{\"key\": \"k\", \"value\": \"v\"}"), 503, "unavailable");
  }

  @Test
  void otherPathsAreLeftToTheNextHandler() {
    for (String path : new String[] {"/", "/api/v1/nothing", "/api/v1/getter", "/stats/", "/health", "/api/v1/put/x"}) {
      assertThat(http.get(path, "reader").statusCode()).as(path).isEqualTo(RestServer.UNHANDLED);
    }
  }
}

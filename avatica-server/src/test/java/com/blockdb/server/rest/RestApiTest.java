package com.blockdb.server.rest;

import static com.blockdb.server.rest.Http.json;
import static com.blockdb.server.rest.Http.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint's happy path, over real HTTP against a real in-memory database. */
class RestApiTest {
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

  private HttpResponse<String> put(String key, String value) {
    return http.postJson("/api/v1/put", "writer", "{\"key\": " + quote(key) + ", \"value\": " + quote(value) + "}");
  }

  @Test
  void putThenGetReturnsTheValueWithItsLedgerFields() {
    HttpResponse<String> put = put("user:1001", "John Doe");
    assertThat(put.statusCode()).isEqualTo(201);
    long sequence = json(put).get("sequence").asLong();
    assertThat(sequence).isPositive();
    assertThat(put.headers().firstValue("Location")).hasValue("/api/v1/get/user%3A1001");

    HttpResponse<String> get = http.get("/api/v1/get/user:1001", "reader");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = json(get);
    assertThat(body.get("key").asText()).isEqualTo("user:1001");
    assertThat(body.get("value").asText()).isEqualTo("John Doe");
    assertThat(body.get("encoding").asText()).isEqualTo("utf8");
    assertThat(body.get("sequence").asLong()).isEqualTo(sequence);
    assertThat(body.get("principal").asText()).isEqualTo("writer");
    Entry stored = server.db().engine().getEntry(Tables.KV, "user:1001".getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE);
    assertThat(body.get("timestamp").asLong()).isEqualTo(stored.commitTimestamp());
    assertThat(stored.principal()).isEqualTo("writer");
  }

  @Test
  void getNamesTheBlockOnceTheEntryIsSealed() {
    put("k", "v");
    assertThat(http.get("/api/v1/digest", "auditor").statusCode()).isEqualTo(200); // seals
    JsonNode body = json(http.get("/api/v1/get/k", "reader"));
    long seq = body.get("sequence").asLong();
    assertThat(body.get("block").asLong()).isEqualTo(server.db().engine().blockHeightOf(seq)).isPositive();
  }

  @Test
  void binaryValuesRoundTripThroughBase64() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    String b64 = Base64.getEncoder().encodeToString(all);
    HttpResponse<String> put = http.postJson("/api/v1/put", "writer",
        "{\"key\": \"bin\", \"value\": " + quote(b64) + ", \"encoding\": \"base64\"}");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(server.db().engine().get("bin".getBytes(StandardCharsets.UTF_8))).isEqualTo(all);

    JsonNode asked = json(http.get("/api/v1/get/bin?encoding=base64", "reader"));
    assertThat(asked.get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(asked.get("value").asText())).isEqualTo(all);
    // Not UTF-8: even without asking, the exact bytes come back as base64, and say so.
    JsonNode plain = json(http.get("/api/v1/get/bin", "reader"));
    assertThat(plain.get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(plain.get("value").asText())).isEqualTo(all);
  }

  @Test
  void urlSafeBase64WithoutPaddingIsAccepted() {
    byte[] v = {(byte) 0xfb, (byte) 0xff, 0x01};
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(v);
    assertThat(http.postJson("/api/v1/put", "writer",
        "{\"key\": \"u\", \"value\": " + quote(b64) + ", \"encoding\": \"base64\"}").statusCode()).isEqualTo(201);
    assertThat(server.db().engine().get("u".getBytes(StandardCharsets.UTF_8))).isEqualTo(v);
  }

  @Test
  void binaryKeysGoInAsBase64AndComeBackByPercentEncodedPath() {
    byte[] key = {0x01, (byte) 0xff, '/', ' ', 0x7f};
    HttpResponse<String> put = http.postJson("/api/v1/put", "writer", "{\"key\": "
        + quote(Base64.getEncoder().encodeToString(key)) + ", \"key_encoding\": \"base64\", \"value\": \"x\"}");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(json(put).get("key_encoding").asText()).isEqualTo("base64");
    String location = put.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/api/v1/get/%01%FF%2F%20%7F");
    JsonNode got = json(http.get(location, "reader"));
    assertThat(got.get("value").asText()).isEqualTo("x");
    assertThat(Base64.getDecoder().decode(got.get("key").asText())).isEqualTo(key);
    assertThat(got.get("key_encoding").asText()).isEqualTo("base64");
  }

  @Test
  void aKeyWithANulByteIsAddressedAsBase64() {
    byte[] key = {'a', 0x00, 'b'};
    HttpResponse<String> put = http.postJson("/api/v1/put", "writer", "{\"key\": "
        + quote(Base64.getEncoder().encodeToString(key)) + ", \"key_encoding\": \"base64\", \"value\": \"nul\"}");
    assertThat(put.statusCode()).isEqualTo(201);
    String location = put.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/api/v1/get/YQBi?key_encoding=base64");
    assertThat(json(http.get(location, "reader")).get("value").asText()).isEqualTo("nul");
    assertThat(http.get("/api/v1/proof/YQBi?key_encoding=base64", "auditor").statusCode()).isEqualTo(200);
  }

  @Test
  void keysWithSlashesSpacesAndUnicodeArePercentDecoded() {
    for (String key : new String[] {"a/b", "with space", "plus+sign", "100%", "ключ/ü", "dots/../x"}) {
      assertThat(put(key, "v:" + key).statusCode()).as(key).isEqualTo(201);
    }
    assertThat(json(http.get("/api/v1/get/a%2Fb", "reader")).get("value").asText()).isEqualTo("v:a/b");
    assertThat(json(http.get("/api/v1/get/a/b", "reader")).get("value").asText()).isEqualTo("v:a/b");
    assertThat(json(http.get("/api/v1/get/with%20space", "reader")).get("value").asText()).isEqualTo("v:with space");
    assertThat(json(http.get("/api/v1/get/plus+sign", "reader")).get("value").asText()).isEqualTo("v:plus+sign");
    assertThat(json(http.get("/api/v1/get/100%25", "reader")).get("value").asText()).isEqualTo("v:100%");
    assertThat(json(http.get("/api/v1/get/%D0%BA%D0%BB%D1%8E%D1%87%2F%C3%BC", "reader")).get("value").asText())
        .isEqualTo("v:ключ/ü");
    assertThat(json(http.get("/api/v1/get/dots%2F..%2Fx", "reader")).get("value").asText()).isEqualTo("v:dots/../x");
  }

  @Test
  void batchCommitsEveryPutAsOneTransaction() {
    HttpResponse<String> r = http.postJson("/api/v1/batch", "writer", """
        {"operations": [
          {"type": "put", "key": "user:1001", "value": "John Doe"},
          {"type": "put", "key": "user:1002", "value": "Jane Smith"},
          {"type": "put", "key": "blob", "value": "AAEC", "encoding": "base64"}
        ]}""");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = json(r);
    assertThat(body.get("count").asInt()).isEqualTo(3);
    long first = body.get("first_sequence").asLong();
    long last = body.get("last_sequence").asLong();
    assertThat(last - first).isEqualTo(2);
    assertThat(json(http.get("/api/v1/get/user:1001", "reader")).get("sequence").asLong()).isEqualTo(first);
    assertThat(json(http.get("/api/v1/get/user:1002", "reader")).get("sequence").asLong()).isEqualTo(first + 1);
    assertThat(server.db().engine().get("blob".getBytes(StandardCharsets.UTF_8))).containsExactly(0, 1, 2);
    assertThat(server.db().engine().stats().commits()).as("one commit record for the batch").isEqualTo(1);
  }

  @Test
  void aPutThroughRestIsARowOfTheSqlKvTable() throws Exception {
    put("sql:visible", "from REST");
    try (Connection c = DriverManager.getConnection(server.jdbcUrl());
         PreparedStatement ps = c.prepareStatement("SELECT VAL, LEDGER_PRINCIPAL FROM KV WHERE KEY = ?")) {
      ps.setString(1, "sql:visible");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("from REST");
        assertThat(rs.getString(2)).isEqualTo("writer");
      }
    }
  }

  @Test
  void digestIsTheDocumentTheCliSavesAndCoversEveryAcknowledgedWrite() {
    put("a", "1");
    HttpResponse<String> r = http.get("/api/v1/digest", "auditor");
    assertThat(r.statusCode()).isEqualTo(200);
    Digest d = Digest.fromJson(r.body().strip());
    assertThat(d).isEqualTo(server.db().engine().digest());
    assertThat(r.body().strip()).isEqualTo(d.toJson());
    assertThat(server.db().engine().stats().pendingEntries()).isZero();
  }

  @Test
  void proofVerifiesWithoutTheDatabase() {
    put("proved", "value");
    HttpResponse<String> r = http.get("/api/v1/proof/proved", "auditor");
    assertThat(r.statusCode()).isEqualTo(200);
    InclusionProof proof = InclusionProof.fromJson(r.body().strip());
    Entry e = ProofVerifier.verify(proof);
    assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo("proved");
    assertThat(new String(e.value(), StandardCharsets.UTF_8)).isEqualTo("value");
    assertThat(e.principal()).isEqualTo("writer");
    Digest now = Digest.fromJson(http.get("/api/v1/digest", "auditor").body().strip());
    assertThat(ProofVerifier.verify(proof, now)).isTrue();
  }

  @Test
  void statsReportTheEngineFigures() {
    put("a", "1");
    put("b", "2");
    HttpResponse<String> r = http.get("/stats", "reader");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode s = json(r);
    assertThat(s.get("entries").asLong()).isEqualTo(2);
    assertThat(s.get("commits").asLong()).isEqualTo(2);
    assertThat(s.get("blocks").asLong()).isEqualTo(s.get("height").asLong() + 1);
    assertThat(s.get("read_only").asBoolean()).isFalse();
    assertThat(s.get("config").get("blockchain_batch_size").asInt()).isEqualTo(1000);
    assertThat(s.get("digest").get("root").asText()).hasSize(64);
    assertThat(s.has("fsyncs")).isTrue();
    assertThat(s.has("stall_millis")).isTrue();
  }

  @Test
  void verifyChecksTheLedgerAndASavedDigest() {
    put("a", "1");
    put("b", "2");
    String saved = http.get("/api/v1/digest", "auditor").body();
    put("c", "3");

    JsonNode plain = json(http.postJson("/verify", "auditor", ""));
    assertThat(plain.get("ok").asBoolean()).isTrue();
    assertThat(plain.get("entries_verified").asLong()).isEqualTo(3);
    assertThat(plain.get("blocks_verified").asLong()).isPositive();
    assertThat(plain.has("millis")).isTrue();
    assertThat(plain.has("first_bad_block")).isFalse();
    assertThat(plain.get("message").asText()).isNotBlank();

    HttpResponse<String> withDigest = http.postJson("/verify", "auditor", saved);
    assertThat(withDigest.statusCode()).isEqualTo(200);
    assertThat(json(withDigest).get("ok").asBoolean()).isTrue();
    assertThat(json(withDigest).get("saved_digest").get("block_count").asLong())
        .isEqualTo(Digest.fromJson(saved.strip()).blockCount());
  }

  @Test
  void verifyAgainstADigestOfAnotherHistoryFails() {
    put("a", "1");
    Digest real = Digest.fromJson(http.get("/api/v1/digest", "auditor").body().strip());
    byte[] root = real.root();
    root[0] ^= 1;
    HttpResponse<String> r = http.postJson("/verify", "auditor", new Digest(real.blockCount(), root).toJson());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("ok").asBoolean()).isFalse();
    assertThat(body.get("message").asText()).isNotBlank();
  }

  @Test
  void anAdminMayDoEverything() {
    assertThat(http.postJson("/api/v1/put", "admin", "{\"key\":\"x\",\"value\":\"y\"}").statusCode()).isEqualTo(201);
    assertThat(http.get("/api/v1/get/x", "admin").statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/proof/x", "admin").statusCode()).isEqualTo(200);
    assertThat(http.postJson("/verify", "admin", "").statusCode()).isEqualTo(200);
  }

  @Test
  void anAuditorReadsButAWriterCannotAudit() {
    put("x", "y");
    assertThat(http.get("/api/v1/get/x", "auditor").statusCode()).isEqualTo(200);
    assertThat(http.get("/stats", "auditor").statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/get/x", "writer").statusCode()).isEqualTo(200);
  }
}

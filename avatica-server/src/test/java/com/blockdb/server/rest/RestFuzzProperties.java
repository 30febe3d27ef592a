package com.blockdb.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random malformed bodies, paths, methods and headers, sent as raw bytes on a socket, never get a
 * 5xx or a stack trace, and the server keeps serving after each.
 */
class RestFuzzProperties {
  private static RestServer server;

  @BeforeContainer
  static void start() throws Exception {
    server = RestServer.start(64 * 1024);
  }

  @AfterContainer
  static void stop() throws Exception {
    server.close();
  }

  // ---- bodies ----

  private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"key\"", "\"value\"",
      "\"operations\"", "\"type\"", "\"put\"", "\"encoding\"", "\"base64\"", "\"key_encoding\"", "\"utf8\"",
      "null", "true", "false", "0", "-1", "1e999", "1.5", "123456789012345678901234567890", "\"\"", "\"a\"",
      "\"\\ud800\"", "\"\\u0000\"", "\"QUJD\"", "\"QUJD=\"", "\"%\"", "\"format\"", "\"block_count\"", "\"root\"",
      "\"" + "ab".repeat(32) + "\"", " ", "\"\\", "\u00e9", "\"x\":", "\"key\": \"k\"", "\"value\": \"v\"");

  private static final Arbitrary<String> BYTES_VALUE = Arbitraries.of("\"k\"", "\"Q\"", "\"QUJD=\"", "\"a+b_\"",
      "\"QUJD\"", "\"\"", "1", "null", "\"\\ud800\"", "\"!!\"", "[]", "{}");
  private static final Arbitrary<String> ENCODING = Arbitraries.of("\"base64\"", "\"base64\"", "\"base64\"",
      "\"utf8\"", "\"hex\"", "7", "null");

  /** Bodies of any kind: shaped like the API's own, token soup, text, raw bytes, deep nesting. */
  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.oneOf(putBody(), batchBody(), digestBody(), unshaped());
  }

  private static Arbitrary<byte[]> unshaped() {
    Arbitrary<byte[]> jsonish = Arbitraries.of(TOKENS).list().ofMaxSize(40).map(l -> utf8(String.join("", l)));
    Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(200).map(RestFuzzProperties::utf8);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> nested = Arbitraries.integers().between(1, 5000).map(n -> utf8("[".repeat(n)));
    return Arbitraries.frequencyOf(Tuple.of(4, jsonish), Tuple.of(2, text), Tuple.of(2, bytes), Tuple.of(1, nested));
  }

  /**
   * A put object: key and value nearly always there, encodings often, values from a small pool of
   * right, wrong and odd ones, so combinations (base64 that does not decode, an empty key, a lone
   * surrogate) come up often.
   */
  private static Arbitrary<String> putObject(boolean withType) {
    Arbitrary<String> type = Arbitraries.of("\"put\"", "\"put\"", "\"put\"", "\"delete\"", "null", "1");
    return Combinators.combine(field("key", BYTES_VALUE, 0.95), field("value", BYTES_VALUE, 0.95),
        field("encoding", ENCODING, 0.6), field("key_encoding", ENCODING, 0.4),
        field("type", type, withType ? 0.95 : 0.05), field("ttl", Arbitraries.of("1"), 0.05))
        .as((a, b, c, d, e, f) -> object(a, b, c, d, e, f));
  }

  private static Arbitrary<byte[]> putBody() {
    return putObject(false).map(RestFuzzProperties::utf8);
  }

  private static Arbitrary<byte[]> batchBody() {
    return Arbitraries.frequencyOf(Tuple.of(8, putObject(true)), Tuple.of(1, BYTES_VALUE)).list().ofMaxSize(5)
        .map(l -> utf8("{\"operations\": [" + String.join(", ", l) + "]}"));
  }

  private static Arbitrary<byte[]> digestBody() {
    Arbitrary<String> number = Arbitraries.of("1", "0", "-1", "2", "\"1\"", "99999999999999999999", "1.5", "null");
    Arbitrary<String> root = Arbitraries.of("\"" + "ab".repeat(32) + "\"", "\"" + "zz".repeat(32) + "\"", "\"ab\"",
        "1", "\"\"", "null");
    return Combinators.combine(field("format", number, 0.9), field("block_count", number, 0.9),
        field("root", root, 0.9), field("height", number, 0.3))
        .as((a, b, c, d) -> utf8(object(a, b, c, d)));
  }

  private static Arbitrary<String> field(String name, Arbitrary<String> values, double presence) {
    // No edge cases here: they would make every field always there or always missing.
    return Arbitraries.integers().between(0, 99).withoutEdgeCases().flatMap(p -> p < presence * 100
        ? values.map(v -> "\"" + name + "\": " + v) : Arbitraries.just(""));
  }

  private static String object(String... fields) {
    return "{" + String.join(", ", Stream.of(fields).filter(f -> !f.isEmpty()).toList()) + "}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<Tuple.Tuple2<String, byte[]>> posts() {
    return Arbitraries.oneOf(
        Arbitraries.oneOf(putBody(), putBody(), bodies()).map(b -> Tuple.of("/api/v1/put", b)),
        Arbitraries.oneOf(batchBody(), batchBody(), bodies()).map(b -> Tuple.of("/api/v1/batch", b)),
        Arbitraries.oneOf(digestBody(), digestBody(), bodies()).map(b -> Tuple.of("/verify", b)));
  }

  @Property(edgeCases = EdgeCasesMode.NONE)
  void malformedBodiesGetA4xx(@ForAll("posts") Tuple.Tuple2<String, byte[]> post) {
    byte[] body = post.get2();
    RawHttp.Reply r = RawHttp.send(server.port(), "POST " + post.get1() + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + FixedAuthenticator.basic("admin") + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length, body);
    assertThat(r.status()).as(new String(body, StandardCharsets.UTF_8) + "\n" + r.text()).isIn(200, 201, 400, 409, 413);
    assertNoTrace(r);
    assertStillServing();
  }

  // ---- paths ----

  @Provide
  Arbitrary<String> keyPaths() {
    Arbitrary<String> piece = Arbitraries.of("a", "Z", "0", "%", "%2", "%2F", "%zz", "%00", "%FF", "%C3%BC", "%C3", "/",
        "//", ".", "..", "+", ";", "=", "~", "-", "_", "%25", "%20", "%C3%BC", "?encoding=base64", "?encoding=hex",
        "?key_encoding=base64", "&", "?x", "%23", "%E2%82", "*", "QUJD", "Q");
    return piece.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> keyedEndpoints() {
    return Arbitraries.of("/api/v1/get/", "/api/v1/proof/", "/api/v1/get", "/api/v1/proof");
  }

  @Property
  void randomKeyPathsGetA4xxOrTheKey(@ForAll("keyPaths") String key, @ForAll("keyedEndpoints") String prefix) {
    String target = prefix + key;
    RawHttp.Reply r = RawHttp.send(server.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + FixedAuthenticator.basic("admin"), new byte[0]);
    assertThat(r.status()).as(target + "\n" + r.text()).isIn(200, 400, 404, RestServer.UNHANDLED);
    assertNoTrace(r);
    assertStillServing();
  }

  // ---- methods and headers ----

  @Provide
  Arbitrary<String> heads() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO", "get");
    Arbitrary<String> path = Arbitraries.of("/api/v1/put", "/api/v1/get/k", "/api/v1/batch", "/api/v1/digest",
        "/api/v1/proof/k", "/stats", "/verify", "/metrics");
    Arbitrary<String> auth = Arbitraries.of("", "\r\nAuthorization: " + FixedAuthenticator.basic("admin"),
        "\r\nAuthorization: " + FixedAuthenticator.basic("reader"), "\r\nAuthorization: Basic !!!",
        "\r\nAuthorization: Basic", "\r\nAuthorization: Bearer x",
        "\r\nAuthorization: " + FixedAuthenticator.basic("admin", "x"));
    Arbitrary<String> type = Arbitraries.of("", "\r\nContent-Type: application/json", "\r\nContent-Type: text/plain",
        "\r\nContent-Type: application/json; charset=latin1", "\r\nContent-Type: ");
    return Combinators.combine(method, path, auth, type).as((m, p, a, t) -> m + " " + p + " HTTP/1.1\r\nHost: x" + a + t);
  }

  @Property
  void oddMethodsAndHeadersGetA4xx(@ForAll("heads") String head, @ForAll("bodies") byte[] body) {
    RawHttp.Reply r = RawHttp.send(server.port(), head + "\r\nContent-Length: " + body.length, body);
    assertThat(r.status()).as(head + "\n" + r.text()).isLessThan(500);
    assertNoTrace(r);
    assertStillServing();
  }

  private static void assertNoTrace(RawHttp.Reply r) {
    assertThat(r.text()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("com.blockdb");
  }

  private static void assertStillServing() {
    RawHttp.Reply ok = RawHttp.send(server.port(), "GET /stats HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + FixedAuthenticator.basic("reader"), new byte[0]);
    assertThat(ok.status()).isEqualTo(200);
  }
}

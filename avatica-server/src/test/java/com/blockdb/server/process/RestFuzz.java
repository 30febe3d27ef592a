package com.blockdb.server.process;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of HTTP requests for every endpoint of the server: odd and wrong methods;
 * paths with broken percent escapes, NUL, raw UTF-8, dot segments, thousands of characters and
 * junk query strings; Authorization headers that are missing, malformed, wrong, huge, or valid
 * (a writer's and a disposable admin's); wrong and missing Content-Types and Content-Lengths; and
 * bodies from shaped-but-wrong JSON to token soup, deep nesting, raw bytes and bodies over the
 * limit. Valid requests come up too, and must succeed. The generator never names a user but its
 * own disposable ones in user paths, so that it cannot lock the test out.
 */
final class RestFuzz {
  /** A request: head (ISO-8859-1 chars standing for bytes) and body. */
  record Request(String head, byte[] body) {}

  private static final List<String> METHODS = List.of("GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH",
      "HEAD", "OPTIONS", "TRACE", "FOO", "get", "P\u00d6ST");
  private static final List<String> PATHS = List.of("/", "/api/v1/put", "/api/v1/get/", "/api/v1/batch",
      "/api/v1/digest", "/api/v1/proof/", "/stats", "/verify", "/metrics", "/health", "/api/v1/backup",
      "/api/v1/login", "/api/v1/logout", "/api/v1/users", "/api/v1/users/", "/api/v1", "/api/v2/put", "/favicon.ico");
  private static final List<String> USER_TAILS = List.of("", "/roles", "/password", "/disable", "/enable",
      "/history", "/history?at=", "/history?at=-1", "/history?at=99999999999999999999", "/bogus");
  private static final List<String> KEYS = List.of("k", "a/b", "%2F", "%zz", "%", "%00", "%e9", "%C3%A9", "..",
      "a%20b", "+", "x?key_encoding=base64", "YQBi?key_encoding=base64", "k?encoding=base64", "k?encodng=x",
      "\u00c3\u00a9", "k#frag", "~", "");
  private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"key\"", "\"value\"",
      "\"operations\"", "\"type\"", "\"put\"", "\"encoding\"", "\"base64\"", "\"key_encoding\"", "\"user\"",
      "\"password\"", "\"roles\"", "\"grant\"", "\"revoke\"", "\"admin\"", "\"format\"", "\"root\"", "null", "true",
      "false", "0", "-1", "1e999", "123456789012345678901234567890", "\"\"", "\"a\"", "\"\\ud800\"", "\"\\u0000\"",
      "\"QUJD\"", "\"%%\"", " ", "\"\\", "\u00e9", "\"x\":");

  private final Random rnd;
  private final String writerAuth;
  private final String adminAuth;

  RestFuzz(long seed, String writerAuth, String adminAuth) {
    this.rnd = new Random(seed);
    this.writerAuth = writerAuth;
    this.adminAuth = adminAuth;
  }

  Request next() {
    String method = METHODS.get(rnd.nextInt(METHODS.size()));
    byte[] body = body();
    StringBuilder head = new StringBuilder(method).append(' ').append(path()).append(" HTTP/1.1\r\nHost: localhost");
    String auth = authorization();
    if (auth != null) {
      head.append("\r\nAuthorization: ").append(auth);
    }
    switch (rnd.nextInt(6)) {
      case 0 -> { } // no Content-Type
      case 1 -> head.append("\r\nContent-Type: text/plain");
      case 2 -> head.append("\r\nContent-Type: ").append(junk(20));
      default -> head.append("\r\nContent-Type: application/json");
    }
    switch (rnd.nextInt(12)) {
      case 0 -> head.append("\r\nContent-Length: ").append(rnd.nextInt(body.length + 1)); // shorter than the body
      case 1 -> head.append("\r\nContent-Length: ").append(rnd.nextBoolean() ? "-5" : "12abc");
      case 2 -> {
        head.append("\r\nTransfer-Encoding: chunked");
        body = chunked(body);
      }
      default -> head.append("\r\nContent-Length: ").append(body.length);
    }
    if (rnd.nextInt(8) == 0) {
      head.append("\r\n").append(rnd.nextBoolean() ? "X-Junk: " + junk(rnd.nextInt(3) == 0 ? 20_000 : 40)
          : "Accept: " + junk(30));
    }
    if (rnd.nextInt(20) == 0) {
      head.append("\r\nno colon in this header");
    }
    return new Request(head.toString(), body);
  }

  private String path() {
    String p = PATHS.get(rnd.nextInt(PATHS.size()));
    if (p.endsWith("/get/") || p.endsWith("/proof/")) {
      p += KEYS.get(rnd.nextInt(KEYS.size()));
    } else if (p.equals("/api/v1/users/")) {
      p += (rnd.nextBoolean() ? "fuzzed" : KEYS.get(rnd.nextInt(KEYS.size()))) + USER_TAILS.get(rnd.nextInt(USER_TAILS.size()));
    }
    switch (rnd.nextInt(10)) {
      case 0 -> p += "?" + junk(10) + "=" + junk(10);
      case 1 -> p += "/" + "x".repeat(rnd.nextInt(3) == 0 ? 10_000 : 100);
      case 2 -> p = p.replace("/api", "//api/./v1/../v1");
      default -> { }
    }
    return p;
  }

  private String authorization() {
    return switch (rnd.nextInt(12)) {
      case 0, 1 -> null;
      case 2, 3, 4 -> writerAuth;
      case 5 -> adminAuth;
      case 6 -> "Basic " + junk(rnd.nextInt(40));
      case 7 -> "Basic " + Base64.getEncoder().encodeToString(junk(12).getBytes(StandardCharsets.ISO_8859_1));
      case 8 -> "Bearer " + junk(rnd.nextInt(60));
      case 9 -> "Basic " + Base64.getEncoder().encodeToString("writer-fz:wrong password".getBytes(StandardCharsets.UTF_8));
      case 10 -> rnd.nextBoolean() ? "Digest username=x" : "basic";
      default -> "Basic " + "QUJD".repeat(rnd.nextInt(3) == 0 ? 3000 : 10);
    };
  }

  private byte[] body() {
    return switch (rnd.nextInt(10)) {
      case 0 -> new byte[0];
      case 1, 2 -> utf8(shaped());
      case 3, 4, 5 -> utf8(soup());
      case 6 -> {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        yield b;
      }
      case 7 -> utf8("[".repeat(1 + rnd.nextInt(20_000)));
      case 8 -> utf8("{\"key\":\"big\",\"value\":\"" + "v".repeat(120_000 + rnd.nextInt(20_000)) + "\"}"); // around the 128 KiB limit
      default -> utf8("{}");
    };
  }

  /** Shaped like the API's bodies, with a fresh key, sometimes with a wrong part. */
  private String shaped() {
    String key = "\"fz-" + Long.toHexString(rnd.nextLong()) + "\"";
    String value = List.of("\"v\"", "\"QUJD\"", "\"!!\"", "1", "null", "\"\\ud800\"").get(rnd.nextInt(6));
    String enc = rnd.nextBoolean() ? "" : ",\"encoding\":" + List.of("\"base64\"", "\"utf8\"", "\"hex\"").get(rnd.nextInt(3));
    String put = "{\"key\":" + key + ",\"value\":" + value + enc + "}";
    return switch (rnd.nextInt(4)) {
      case 0 -> put;
      case 1 -> "{\"operations\":[{\"type\":\"put\"," + put.substring(1) + (rnd.nextBoolean() ? "," + "{\"type\":\"del\"}" : "")
          + "]}";
      case 2 -> "{\"user\":\"writer-fz\",\"password\":" + value + "}";
      default -> "{\"user\":" + key + ",\"password\":\"pw-fuzzed-user\",\"roles\":[\"" + junk(5) + "\"]}";
    };
  }

  private String soup() {
    int n = rnd.nextInt(40);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(TOKENS.get(rnd.nextInt(TOKENS.size())));
    }
    return b.toString();
  }

  /** Printable junk, sometimes with bytes of UTF-8 or controls (as ISO-8859-1 chars). */
  private String junk(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(10);
      char c = (char) (kind == 0 ? 0x80 + rnd.nextInt(0x80) : kind == 1 ? rnd.nextInt(0x20) : 0x21 + rnd.nextInt(0x5e));
      // No CR or LF: they would end the head early and leave the rest as a second request on a
      // connection the server then keeps open (a wait, not a hang of the server).
      b.append(c == '\r' || c == '\n' ? ' ' : c);
    }
    return b.toString();
  }

  private static byte[] chunked(byte[] body) {
    String size = Integer.toHexString(body.length);
    byte[] head = (size + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = (body.length == 0 ? "\r\n" : "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + body.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    System.arraycopy(tail, 0, out, head.length + body.length, tail.length);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

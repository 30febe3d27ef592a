package com.blockdb.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One REST client of the load test, with its own HTTP connection. A writer puts keys of its own
 * ({@code rest/<client>/<n>}) one at a time and in atomic batches, reads them back, and now and
 * then repeats a stored key on purpose (409, alone or inside a batch, which must then store
 * nothing). A reader gets what the writers were acknowledged; an auditor takes digests and proofs
 * of acknowledged keys. Unexpected statuses go to the {@link LoadBook} as errors. Runs on one
 * thread.
 */
final class RestLoadClient implements Runnable {
  /** What the client does. */
  enum Kind { WRITER, READER, AUDITOR }

  private final int index;
  private final Kind kind;
  private final String auth;
  private final String user;
  private final ServerHttp http;
  private final LoadBook book;
  private final AtomicBoolean stop;
  private final Random rnd;
  private int next;
  private final List<String> mine = new ArrayList<>();

  RestLoadClient(int index, Kind kind, String address, String user, String password, LoadBook book,
      AtomicBoolean stop, long seed) {
    this.index = index;
    this.kind = kind;
    this.user = user;
    this.auth = ServerHttp.basic(user, password);
    this.http = new ServerHttp(address);
    this.book = book;
    this.stop = stop;
    this.rnd = new Random(seed);
  }

  @Override
  public void run() {
    while (!stop.get()) {
      try {
        switch (kind) {
          case WRITER -> writerOp();
          case READER -> get(otherKey());
          case AUDITOR -> auditorOp();
        }
      } catch (RuntimeException e) {
        book.error("rest client " + index + " (" + user + "): " + e);
      }
    }
  }

  private void writerOp() {
    int dice = rnd.nextInt(100);
    if (dice < 50) {
      String key = freshKey();
      String value = value();
      ServerHttp.Reply r = http.post("/api/v1/put", auth, "{\"key\":" + ServerHttp.quote(key) + ",\"value\":"
          + ServerHttp.quote(value) + "}");
      if (expect(r, 201, "put " + key)) {
        acked(key, value);
      }
      book.count("rest.put");
    } else if (dice < 72) {
      Map<String, String> batch = new LinkedHashMap<>();
      int n = 2 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        batch.put(freshKey(), value());
      }
      ServerHttp.Reply r = http.post("/api/v1/batch", auth, batchBody(batch, null));
      if (expect(r, 201, "batch of " + batch.keySet()) && r.json().path("count").asInt() == n) {
        batch.forEach(this::acked);
      }
      book.count("rest.batch");
    } else if (dice < 75 && !mine.isEmpty()) {
      String key = mine.get(rnd.nextInt(mine.size()));
      ServerHttp.Reply r = http.post("/api/v1/put", auth, "{\"key\":" + ServerHttp.quote(key)
          + ",\"value\":\"duplicate on purpose\"}");
      expectDuplicate(r, "put of stored key " + key);
    } else if (dice < 77) {
      // A batch whose last operation repeats its first key: refused as a whole, nothing stored.
      Map<String, String> batch = new LinkedHashMap<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        batch.put(freshKey(), value());
      }
      String repeated = batch.keySet().iterator().next();
      ServerHttp.Reply r = http.post("/api/v1/batch", auth, batchBody(batch, repeated));
      if (expectDuplicate(r, "batch repeating " + repeated)) {
        book.refusedKv.addAll(batch.keySet());
      }
    } else if (!mine.isEmpty()) {
      get(mine.get(rnd.nextInt(mine.size())));
    }
  }

  private void auditorOp() {
    if (rnd.nextInt(50) == 0) {
      ServerHttp.Reply r = http.post("/verify", auth, null);
      if (expect(r, 200, "verify") && !r.json().path("ok").asBoolean()) {
        book.error("rest client " + index + ": POST /verify under load failed: " + r);
      }
      book.count("rest.verify");
      return;
    }
    if (rnd.nextInt(4) == 0) {
      ServerHttp.Reply r = http.get("/api/v1/digest", auth);
      expect(r, 200, "digest");
      book.count("rest.digest");
      return;
    }
    String key = otherKey();
    if (key == null) {
      return;
    }
    ServerHttp.Reply r = http.get("/api/v1/proof/" + path(key), auth);
    if (expect(r, 200, "proof of " + key) && !r.json().has("entry_path")) {
      book.error("rest client " + index + ": proof of " + key + " has no entry_path: " + r);
    }
    book.count("rest.proof");
  }

  /** GET of an acknowledged key: 200 with the value and writer it was acknowledged with. */
  private void get(String key) {
    if (key == null) {
      return;
    }
    LoadBook.KvWrite w = book.kv.get(key);
    ServerHttp.Reply r = http.get("/api/v1/get/" + path(key), auth);
    if (expect(r, 200, "get " + key)) {
      JsonNode j = r.json();
      if (!w.value().equals(j.path("value").asText()) || !w.user().equals(j.path("principal").asText())) {
        book.error("rest client " + index + ": get " + key + " gave " + r + ", acknowledged " + w);
      }
    }
    book.count("rest.get");
  }

  private String otherKey() {
    return book.lastKey.get(rnd.nextInt(book.lastKey.length()));
  }

  private String freshKey() {
    return "rest/" + index + "/" + next++;
  }

  private void acked(String key, String value) {
    mine.add(key);
    book.kv.put(key, new LoadBook.KvWrite(value, user));
    book.lastKey.set(index, key);
  }

  private boolean expect(ServerHttp.Reply r, int status, String what) {
    if (r.status() != status) {
      book.error("rest client " + index + " (" + user + "): " + what + ": expected " + status + ", got " + r);
      return false;
    }
    return true;
  }

  private boolean expectDuplicate(ServerHttp.Reply r, String what) {
    if (r.status() != 409 || !"duplicate_key".equals(r.json().path("code").asText())) {
      book.error("rest client " + index + ": " + what + ": expected 409 duplicate_key, got " + r);
      return false;
    }
    book.count("rest.duplicateRefused");
    return true;
  }

  private static String batchBody(Map<String, String> batch, String repeatAtEnd) {
    StringBuilder b = new StringBuilder("{\"operations\":[");
    List<String> ops = new ArrayList<>();
    batch.forEach((k, v) -> ops.add(op(k, v)));
    if (repeatAtEnd != null) {
      ops.add(op(repeatAtEnd, "again"));
    }
    return b.append(String.join(",", ops)).append("]}").toString();
  }

  private static String op(String key, String value) {
    return "{\"type\":\"put\",\"key\":" + ServerHttp.quote(key) + ",\"value\":" + ServerHttp.quote(value) + "}";
  }

  static String path(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String value() {
    return (rnd.nextInt(5) == 0 ? "wért\u00e9\u4e2d\ud83d\udd11 " : "r ") + Long.toHexString(rnd.nextLong());
  }
}

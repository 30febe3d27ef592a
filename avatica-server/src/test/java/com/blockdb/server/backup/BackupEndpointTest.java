package com.blockdb.server.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.Options;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.Tables;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.backup.BackupArchive;
import com.blockdb.engine.backup.BackupRestore;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.util.Bytes;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.HandlerList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/backup} over a real Jetty on an ephemeral port, with a test authenticator. */
@Timeout(120)
class BackupEndpointTest {
  @TempDir
  Path tmp;

  private Database db;
  private Server server;
  private final AtomicInteger passedOn = new AtomicInteger();
  private final HttpClient client = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private URI start(UnaryOperator<BackupSink> decorate) throws Exception {
    db = DatabaseRegistry.acquire(tmp.resolve("data").toString(),
        Options.defaults().withMemtableSizeLimit(8192).withCompactionThreshold(2).withBlockchainBatchSize(20));
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    HandlerList handlers = new HandlerList();
    handlers.addHandler(new BackupEndpoint(db, new TestAuthenticator(), decorate));
    handlers.addHandler(new AbstractHandler() { // what comes next in the server's chain
      @Override
      public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse resp)
          throws IOException {
        passedOn.incrementAndGet();
        base.setHandled(true);
        resp.setStatus(404);
      }
    });
    server.setHandler(handlers);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (db != null) {
      DatabaseRegistry.release(db);
    }
  }

  private HttpResponse<byte[]> post(URI base, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> admin(URI base) throws Exception {
    return post(base, BackupEndpoint.PATH, TestAuthenticator.basic("admin", "pw"), null);
  }

  private void assertJsonError(HttpResponse<byte[]> r, int status, String... fragments) throws IOException {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).isNotBlank();
    if (fragments.length > 0) {
      assertThat(body.get("error").asText()).contains(fragments);
    }
  }

  @Test
  void credentialsPermissionMethodAndBodyAreCheckedWithJsonErrors() throws Exception {
    URI base = start(UnaryOperator.identity());
    HttpResponse<byte[]> none = post(base, BackupEndpoint.PATH, null, null);
    assertJsonError(none, 401, "credentials required");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"BlockDB\"");
    assertJsonError(post(base, BackupEndpoint.PATH, TestAuthenticator.basic("admin", "wrong"), null), 401);
    assertJsonError(post(base, BackupEndpoint.PATH, TestAuthenticator.basic("reader", "pw"), null), 403, "BACKUP");
    assertJsonError(post(base, BackupEndpoint.PATH, TestAuthenticator.basic("auditor", "pw"), null), 403);

    HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(base.resolve(BackupEndpoint.PATH)).GET()
        .header("Authorization", TestAuthenticator.basic("admin", "pw")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertJsonError(get, 405, "use POST");
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");

    String adminAuth = TestAuthenticator.basic("admin", "pw");
    assertJsonError(post(base, BackupEndpoint.PATH, adminAuth, "{\"target\":\"/srv/backups\"}"), 400, "target",
        "no parameters");
    assertJsonError(post(base, BackupEndpoint.PATH, adminAuth, "{\"target\":"), 400, "malformed JSON");
    assertJsonError(post(base, BackupEndpoint.PATH, adminAuth, "[1,2]"), 400, "JSON object");
    assertJsonError(post(base, BackupEndpoint.PATH, adminAuth, "{}" + " ".repeat(2000)), 413);
    assertThat(post(base, BackupEndpoint.PATH, adminAuth, "{}").statusCode()).isEqualTo(200);
    assertThat(passedOn.get()).as("the endpoint answered all of its own requests").isZero();
  }

  @Test
  void otherPathsAreLeftToTheNextHandler() throws Exception {
    URI base = start(UnaryOperator.identity());
    String adminAuth = TestAuthenticator.basic("admin", "pw");
    for (String path : List.of("/api/v1/backupx", "/api/v1/backup/now", "/api/v1/put", "/")) {
      assertThat(post(base, path, adminAuth, null).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(passedOn.get()).isEqualTo(4);
  }

  private static List<String> keys(BlockDb db) {
    List<String> out = new ArrayList<>();
    try (EntryIterator it = db.scan(Tables.KV, null, null, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        Entry e = it.next();
        out.add(new String(e.key(), UTF_8));
      }
    }
    return out;
  }

  @Test
  void aBackupStreamedUnderWriteLoadRestoresToAPrefixThatVerifiesAgainstItsDigest() throws Exception {
    URI base = start(UnaryOperator.identity());
    BlockDb engine = db.engine();
    AtomicLong acked = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (long i = 0; !stop.get(); i++) {
        engine.put(String.format("k%08d", i).getBytes(UTF_8), ("value " + i).getBytes(UTF_8));
        acked.set(i + 1);
      }
    });
    while (acked.get() < 500 && !writer.isDone()) {
      Thread.onSpinWait();
    }
    long before = acked.get();
    HttpResponse<byte[]> r = admin(base);
    long after = acked.get() + 1;
    long target = acked.get() + 200;
    while (acked.get() < target && !writer.isDone()) {
      Thread.onSpinWait();
    }
    stop.set(true);
    writer.get(30, TimeUnit.SECONDS);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"blockdb-backup-");
    BackupDescriptor d = BackupArchive.unpack(new ByteArrayInputStream(r.body()), FileLayer.real(),
        tmp.resolve("backup"), true);
    assertThat(r.headers().firstValue("X-BlockDB-Block-Count")).hasValue(Long.toString(d.digest().blockCount()));
    assertThat(r.headers().firstValue("X-BlockDB-Digest-Root")).hasValue(Bytes.hex(d.digest().root()));
    assertThat(r.headers().firstValue("X-BlockDB-Last-Sequence")).hasValue(Long.toString(d.lastSequence()));

    BackupRestore.copy(FileLayer.real(), tmp.resolve("backup"), tmp.resolve("restored"));
    try (BlockDb copy = BlockDb.open(tmp.resolve("restored"))) {
      VerifyResult v = copy.verify(d.digest(), null);
      assertThat(v.ok()).as(v.message()).isTrue();
      assertThat(copy.digest()).isEqualTo(d.digest());
      List<String> k = keys(copy);
      assertThat((long) k.size()).isBetween(before, after).isEqualTo(d.lastSequence());
      for (int i = 0; i < k.size(); i++) {
        assertThat(k.get(i)).isEqualTo(String.format("k%08d", i));
      }
    }
    // The running server's ledger went on from the backup and proves consistent with its digest.
    assertThat(ProofVerifier.verify(engine.proveConsistency(d.digest()))).isTrue();
    assertThat(engine.verify(d.digest(), null).ok()).isTrue();
  }

  @Test
  void aSecondBackupWhileOneRunsGets409() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    URI base = start(sink -> new Delegating(sink) {
      @Override
      public void begin(Digest digest, long lastSequence) throws IOException {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.begin(digest, lastSequence);
      }
    });
    db.engine().put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
    CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
      try {
        return admin(base);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    assertJsonError(admin(base), 409, "already running");
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(admin(base).statusCode()).as("the next backup may run").isEqualTo(200);
  }

  @Test
  void aBackupThatFailsWhileStreamingBreaksTheConnectionSoNoPartialArchivePassesForWhole() throws Exception {
    AtomicBoolean failOnce = new AtomicBoolean(true);
    URI base = start(sink -> new Delegating(sink) {
      @Override
      public OutputStream file(String name, long size) throws IOException {
        // The log comes after the SSTables and the block file: by then the response is committed.
        if (name.startsWith("wal/") && failOnce.getAndSet(false)) {
          throw new IOException("disk read error");
        }
        return super.file(name, size);
      }
    });
    BlockDb engine = db.engine();
    for (int i = 0; i < 3000; i++) { // more than Jetty buffers, so the response is committed
      engine.put(String.format("k%08d", i).getBytes(UTF_8), ("a longer value to fill the log " + i).getBytes(UTF_8));
    }
    engine.flush();
    Throwable t = catchThrowable(() -> {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve(BackupEndpoint.PATH))
          .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", TestAuthenticator.basic("admin", "pw"))
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      try (InputStream in = r.body()) {
        BackupArchive.unpack(in, FileLayer.real(), tmp.resolve("partial"), true);
      }
    });
    assertThat(t).as("the client must not get a complete-looking archive").isNotNull();
    if (t instanceof BlockDbException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
    } else {
      assertThat(t).isInstanceOf(IOException.class);
    }
    assertThat(tmp.resolve("partial")).doesNotExist();
    assertThat(admin(base).statusCode()).as("the endpoint serves the next backup").isEqualTo(200);
  }

  @Test
  void aClosedDatabaseGets503() throws Exception {
    URI base = start(UnaryOperator.identity());
    db.engine().close();
    assertJsonError(admin(base), 503, "closed");
  }

  /** Passes everything to another sink. */
  private static class Delegating implements BackupSink {
    private final BackupSink inner;

    Delegating(BackupSink inner) {
      this.inner = inner;
    }

    @Override
    public void begin(Digest digest, long lastSequence) throws IOException {
      inner.begin(digest, lastSequence);
    }

    @Override
    public OutputStream file(String name, long size) throws IOException {
      return inner.file(name, size);
    }

    @Override
    public void finish() throws IOException {
      inner.finish();
    }
  }
}

package com.blockdb.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test of issue 5: a {@code bin/blockdb-server} process in a 512 MiB heap serves 32
 * remote JDBC clients and 8 REST clients at once, with writers, readers and an auditor of
 * different users, for a bounded time ({@code blockdb.load.seconds}, 20 s by default; {@code
 * -Plong} soaks for 10 minutes). Afterwards:
 *
 * <ul>
 *   <li>no client saw an unexpected error (duplicate keys only where provoked on purpose);
 *   <li>the database holds exactly the acknowledged writes, read through SQL and through REST, with
 *       their values and writers; rolled-back and refused writes are absent;
 *   <li>{@code blockdb_jdbc_connections} is back to 0 once the clients closed;
 *   <li>the heap's live data did not grow (see {@link #assertHeapDidNotGrow});
 *   <li>the server is alive, logged no ERROR and no OutOfMemoryError, {@code VERIFY_CHAIN()} is
 *       TRUE, and SIGTERM ends it with 0.
 * </ul>
 */
class ServerLoadIT {
  private static final int JDBC_CLIENTS = 32;
  private static final int REST_CLIENTS = 8;
  private static final long SECONDS = Long.getLong("blockdb.load.seconds", 20);
  private static final long WARMUP_SECONDS = Long.getLong("blockdb.load.warmupSeconds", 5);
  private static final long SAMPLE_SECONDS = Long.getLong("blockdb.load.sampleSeconds", 5);
  private static final long SEED = Long.getLong("blockdb.load.seed", new Random().nextLong());
  private static final String ADMIN_AUTH = ServerHttp.basic(LaunchedServer.ADMIN, LaunchedServer.ADMIN_PASSWORD);
  private static final String MIB = "%.1f MiB";
  /** The heap of the issue; an OutOfMemoryError ends the process, which the test then sees dead. */
  private static final String JAVA_OPTS = "-Xmx512m -XX:+ExitOnOutOfMemoryError";
  /**
   * Small memtables: flushes and compactions run all through the load (as they would after hours
   * with the default 64 MiB), and the data the engine holds in memory stays a few MiB however long
   * the run, so that the heap check measures leaks, not the memtable filling up.
   */
  static final long MEMTABLE_BYTES = 2L << 20;
  private static final String CONFIG = "[database]\nmemtable_size_limit = " + MEMTABLE_BYTES + "\n";
  /** How far the live heap may end above its level after the warm-up (see assertHeapDidNotGrow). */
  private static final double HEAP_GROWTH_BOUND_MIB = 32;

  @TempDir
  Path dir;

  private static String password(String user) {
    return "pw-" + user + "-load";
  }

  @Test
  void thirtyTwoJdbcAndEightRestClientsIn512MiBLoseNothingAndLeakNothing() throws Exception {
    System.out.println("ServerLoadIT: seed " + SEED + " (-Dblockdb.load.seed=" + SEED + " repeats the clients' choices)");
    try (LaunchedServer server = LaunchedServer.start(dir, CONFIG, JAVA_OPTS)) {
      ServerHttp http = new ServerHttp(server.address());
      String url = server.jdbcUrl(";http_response_timeout=" + ServerHttp.REPLY_TIMEOUT.toMillis());
      setUp(server, http, url);
      assertConnectionGaugeCounts(http, url);

      LoadBook book = new LoadBook(JDBC_CLIENTS, REST_CLIENTS);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = clients(server, url, book, stop);
      List<Double> liveMiB = new ArrayList<>();
      double baseline;
      long started;
      long opsAtBaseline;
      try (HeapProbe heap = HeapProbe.attach(server.pid())) {
        clients.forEach(Thread::start);
        TimeUnit.SECONDS.sleep(WARMUP_SECONDS); // JIT, Calcite's caches, the first flush: the steady state
        baseline = liveHeapMiB(heap, http);
        liveMiB.add(baseline);
        started = System.nanoTime();
        opsAtBaseline = book.totalOps();
        long end = started + TimeUnit.SECONDS.toNanos(SECONDS);
        while (System.nanoTime() < end && server.alive()) {
          TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS), end - System.nanoTime()));
          liveMiB.add(liveHeapMiB(heap, http));
        }
        stop.set(true);
        for (Thread t : clients) {
          t.join(TimeUnit.SECONDS.toMillis(120));
          assertThat(t.isAlive()).as(t.getName() + " still running 120 s after the end: a request hangs").isFalse();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long ops = book.totalOps() - opsAtBaseline;
        assertThat(server.alive()).as("the server process died under load:\n" + tail(server.log())).isTrue();
        double after = liveHeapMiB(heap, http);
        System.out.printf("ServerLoadIT: %d JDBC + %d REST clients, %.0f s measured after %d s warm-up: %d operations,"
            + " %.0f/s; %d errors%n  operations: %s%n  live heap after full GC, MiB (baseline first, then every %d s,"
            + " last after the clients closed): %s + %.1f%n  max heap %s%n", JDBC_CLIENTS, REST_CLIENTS, seconds,
            WARMUP_SECONDS, ops, ops / seconds, book.errorCount(), book.ops(), SAMPLE_SECONDS, format(liveMiB), after,
            String.format(MIB, http.metrics(ADMIN_AUTH).value("jvm_memory_max_bytes", Map.of("area", "heap")) / (1 << 20)));
        assertThat(book.errorCount()).as("unexpected errors:\n" + book.errors()).isZero();
        assertThat(book.ops()).containsKeys("jdbc.insert", "jdbc.txnCommit", "jdbc.txnRollback", "jdbc.duplicateRefused",
            "jdbc.pointSelect", "jdbc.rangeSelect", "jdbc.rangeCount", "jdbc.kvInsert", "jdbc.kvSelect",
            "jdbc.verifyChain", "rest.put", "rest.batch", "rest.get", "rest.duplicateRefused", "rest.digest",
            "rest.proof", "rest.verify");
        liveMiB.add(after);
        assertHeapDidNotGrow(baseline, after, liveMiB);
      }
      assertConnectionsBackToZero(http);
      assertEverythingAcknowledgedIsThere(http, url, book);
      String log = server.log();
      assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain(" ERROR ");
      assertThat(server.terminate()).as(tail(server.log())).isZero();
    }
  }

  // ---- setup ----

  private static final List<String> WRITERS = List.of("wanda", "walter", "wei", "wolfgang");
  private static final List<String> READERS = List.of("rosa", "ravi");
  private static final String AUDITOR = "audrey";

  private void setUp(LaunchedServer server, ServerHttp http, String url) throws SQLException {
    for (String w : WRITERS) {
      http.createUser(ADMIN_AUTH, w, password(w), List.of("writer"));
    }
    for (String r : READERS) {
      http.createUser(ADMIN_AUTH, r, password(r), List.of("reader"));
    }
    http.createUser(ADMIN_AUTH, AUDITOR, password(AUDITOR), List.of("auditor"));
    try (Connection c = admin(url); Statement s = c.createStatement()) {
      s.execute(JdbcLoadClient.TABLE_DDL);
    }
  }

  private static Connection admin(String url) throws SQLException {
    return connect(url, LaunchedServer.ADMIN, LaunchedServer.ADMIN_PASSWORD);
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  /** The gauge counts open connections: 5 open, then 0 once closed. */
  private static void assertConnectionGaugeCounts(ServerHttp http, String url) throws SQLException {
    List<Connection> open = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        open.add(connect(url, READERS.get(i % READERS.size()), password(READERS.get(i % READERS.size()))));
      }
      assertThat(http.metrics(ADMIN_AUTH).value("blockdb_jdbc_connections")).isEqualTo(5.0);
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
    assertThat(http.metrics(ADMIN_AUTH).value("blockdb_jdbc_connections")).isZero();
  }

  private static List<Thread> clients(LaunchedServer server, String url, LoadBook book, AtomicBoolean stop) {
    List<Thread> threads = new ArrayList<>();
    Random seeds = new Random(SEED);
    for (int i = 0; i < JDBC_CLIENTS; i++) {
      JdbcLoadClient.Kind kind = i % 16 < 12 ? JdbcLoadClient.Kind.WRITER
          : i % 16 < 15 ? JdbcLoadClient.Kind.READER : JdbcLoadClient.Kind.AUDITOR;
      String user = switch (kind) {
        case WRITER -> WRITERS.get(i % WRITERS.size());
        case READER -> READERS.get(i % READERS.size());
        case AUDITOR -> AUDITOR;
      };
      threads.add(new Thread(new JdbcLoadClient(i, kind, url, user, password(user), book, stop, seeds.nextLong(),
          REST_CLIENTS), "jdbc-client-" + i + "-" + user));
    }
    for (int i = 0; i < REST_CLIENTS; i++) {
      RestLoadClient.Kind kind = i < 5 ? RestLoadClient.Kind.WRITER
          : i < 7 ? RestLoadClient.Kind.READER : RestLoadClient.Kind.AUDITOR;
      String user = switch (kind) {
        case WRITER -> WRITERS.get(i % WRITERS.size());
        case READER -> READERS.get(i % READERS.size());
        case AUDITOR -> AUDITOR;
      };
      threads.add(new Thread(new RestLoadClient(i, kind, server.address(), user, password(user), book, stop,
          seeds.nextLong()), "rest-client-" + i + "-" + user));
    }
    return threads;
  }

  // ---- heap ----

  /** The server's live heap: the old generation right after a forced full GC, read from /metrics. */
  private static double liveHeapMiB(HeapProbe heap, ServerHttp http) {
    heap.fullGc();
    return http.metrics(ADMIN_AUTH).oldGenUsed() / (1 << 20);
  }

  /**
   * "Heap after GC not growing", as a criterion that cannot flake. The live heap is measured after
   * a forced full GC (so it holds reachable objects only, whatever the collector had put off), once
   * after the warm-up, when the JIT, Calcite's caches and the engine's working set had reached
   * their size, and once after the clients closed. The end may exceed the start only by what the
   * engine legitimately holds more: memtables (at most about three of {@link #MEMTABLE_BYTES}, a
   * few MiB with their object overhead) and the per-SSTable indexes and filters of the data written
   * meanwhile (well under a MiB per 100,000 entries). {@value #HEAP_GROWTH_BOUND_MIB} MiB is far
   * above that and far below what a leak of a few hundred bytes per request, or a few KiB per
   * connection, leaves after the tens of thousands of requests and thousands of connections of a
   * run; a slower leak needs the -Plong soak (30 times the requests), which applies the same bound.
   * The samples in between are printed, not judged: they include the requests in flight.
   */
  private static void assertHeapDidNotGrow(double baselineMiB, double afterMiB, List<Double> samples) {
    assertThat(afterMiB).as("live heap at the end vs after the warm-up, MiB; samples " + format(samples))
        .isLessThan(baselineMiB + HEAP_GROWTH_BOUND_MIB);
  }

  private static String format(List<Double> mib) {
    return mib.stream().map(v -> String.format("%.1f", v)).toList().toString();
  }

  // ---- after the run ----

  private static void assertConnectionsBackToZero(ServerHttp http) throws InterruptedException {
    // Every client closed its connection before its thread ended, and a close is a synchronous
    // request: nothing should be left. Expiry (10 minutes) cannot have closed them meanwhile.
    assertThat(http.metrics(ADMIN_AUTH).value("blockdb_jdbc_connections")).isZero();
  }

  private static void assertEverythingAcknowledgedIsThere(ServerHttp http, String url, LoadBook book)
      throws SQLException {
    Map<Long, LoadBook.Row> rows = new HashMap<>();
    Map<String, LoadBook.KvWrite> kv = new HashMap<>();
    boolean chainOk;
    try (Connection c = admin(url); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT ID, VAL, LEDGER_PRINCIPAL FROM LOAD_ROWS")) {
        while (rs.next()) {
          rows.put(rs.getLong(1), new LoadBook.Row(rs.getString(2), rs.getString(3)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT KEY, VAL, LEDGER_PRINCIPAL FROM KV")) {
        while (rs.next()) {
          kv.put(rs.getString(1), new LoadBook.KvWrite(rs.getString(2), rs.getString(3)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT VERIFY_CHAIN()")) {
        rs.next();
        chainOk = rs.getBoolean(1);
      }
    }
    System.out.printf("ServerLoadIT: %d rows and %d KV entries acknowledged; %d rows rolled back, %d KV keys refused"
        + " in batches%n", book.rows.size(), book.kv.size(), book.rolledBack.size(), book.refusedKv.size());
    Set<Long> lostRows = new HashSet<>(book.rows.keySet());
    lostRows.removeAll(rows.keySet());
    assertThat(lostRows).as("acknowledged rows missing").isEmpty();
    Set<Long> rolledBackFound = new HashSet<>(book.rolledBack);
    rolledBackFound.retainAll(rows.keySet());
    assertThat(rolledBackFound).as("rolled-back rows present").isEmpty();
    assertThat(rows).as("LOAD_ROWS holds exactly the acknowledged rows, values and writers").isEqualTo(book.rows);
    Set<String> refusedFound = new HashSet<>(book.refusedKv);
    refusedFound.retainAll(kv.keySet());
    assertThat(refusedFound).as("keys of refused batches present").isEmpty();
    assertThat(kv).as("KV holds exactly the acknowledged entries, values and writers").isEqualTo(book.kv);
    assertThat(chainOk).as("VERIFY_CHAIN()").isTrue();

    // The same through REST: every SQL-written KV entry and a sample of the REST-written ones.
    String auth = ServerHttp.basic(AUDITOR, password(AUDITOR));
    Random rnd = new Random(SEED);
    List<String> keys = new ArrayList<>(book.kv.keySet());
    int checked = 0;
    for (String key : keys) {
      if (!key.startsWith("sql/") && rnd.nextInt(Math.max(1, keys.size() / 400)) != 0) {
        continue;
      }
      ServerHttp.Reply r = http.get("/api/v1/get/" + RestLoadClient.path(key), auth);
      assertThat(r.status()).as("GET " + key + ": " + r).isEqualTo(200);
      LoadBook.KvWrite w = book.kv.get(key);
      assertThat(r.json().path("value").asText()).as("value of " + key).isEqualTo(w.value());
      assertThat(r.json().path("principal").asText()).as("writer of " + key).isEqualTo(w.user());
      checked++;
    }
    for (String key : book.refusedKv.stream().limit(50).toList()) {
      assertThat(http.get("/api/v1/get/" + RestLoadClient.path(key), auth).status()).as("GET " + key).isEqualTo(404);
    }
    JsonNode verify = http.post("/verify", auth, null).json();
    assertThat(verify.path("ok").asBoolean()).as("POST /verify: " + verify).isTrue();
    assertThat(verify.path("entries_verified").asLong()).isGreaterThanOrEqualTo(book.rows.size() + book.kv.size());
    System.out.printf("ServerLoadIT: %d KV entries read back over REST; /verify: %s%n", checked,
        verify.path("message").asText());
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}

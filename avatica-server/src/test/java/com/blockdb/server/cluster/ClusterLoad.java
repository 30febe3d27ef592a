package com.blockdb.server.cluster;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client load on a cluster of server processes, recorded in a {@link History}: JDBC writers (the
 * remote driver, one INSERT per transaction into {@code T}), REST writers ({@code PUT
 * /api/v1/put}) and a reader (REST GET and JDBC point SELECT, of keys acknowledged, in flight and
 * never written), each on nodes picked at random among the live ones. Every write uses a new key,
 * so an attempt that failed can be told from one that committed.
 */
final class ClusterLoad implements AutoCloseable {
  private final ClusterProcesses cluster;
  final History history = new History();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  /** Answers no client should get from a server: 500s (a bug), with their bodies. */
  private final List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger seeds = new AtomicInteger(17);
  private volatile boolean running = true;

  ClusterLoad(ClusterProcesses cluster) {
    this.cluster = cluster;
  }

  /** Creates table T (through {@code node}) and starts the clients. */
  ClusterLoad start(String node, int jdbcWriters, int restWriters, int readers) throws SQLException {
    try (Connection c = cluster.jdbc(node); java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE IF NOT EXISTS T (ID VARCHAR(40) PRIMARY KEY, V VARCHAR(60))");
    }
    for (int i = 0; i < jdbcWriters; i++) {
      int w = i;
      spawn("jdbc-writer-" + w, () -> jdbcWriter(w));
    }
    for (int i = 0; i < restWriters; i++) {
      int w = i;
      spawn("rest-writer-" + w, () -> restWriter(w));
    }
    for (int i = 0; i < readers; i++) {
      spawn("reader-" + i, this::reader);
    }
    return this;
  }

  private void spawn(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** Internal server errors (HTTP 500, SQLState XX000) the clients got, with their messages. */
  List<String> serverErrors() {
    return List.copyOf(serverErrors);
  }

  /** Failures by kind (SQLState or HTTP status), for the test's summary. */
  Map<String, Integer> failures() {
    return Map.copyOf(failures);
  }

  private void failed(String kind) {
    failures.merge(kind, 1, Integer::sum);
  }

  private String pick(Random random) {
    List<String> live = cluster.live();
    return live.isEmpty() ? null : live.get(random.nextInt(live.size()));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void jdbcWriter(int w) {
    Random random = new Random(seeds.incrementAndGet());
    Connection c = null;
    String on = null;
    for (int n = 0; running; n++) {
      try {
        if (c == null) {
          on = pick(random);
          if (on == null) {
            pause(100);
            continue;
          }
          c = cluster.jdbc(on);
        }
      } catch (SQLException e) {
        failed("connect " + e.getSQLState());
        c = null;
        pause(100);
        continue;
      }
      String key = "s-" + w + "-" + n;
      long t = history.invoke(key);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, V) VALUES (?, ?)")) {
        ps.setString(1, key);
        ps.setString(2, History.valueOf(key));
        ps.executeUpdate();
        history.ack(key, t);
      } catch (SQLException e) {
        history.unknown(key, t);
        failed("jdbc " + e.getSQLState());
        if (e.getSQLState() != null && e.getSQLState().startsWith("XX")) {
          serverErrors.add("JDBC INSERT on " + on + ": " + e);
        }
        // Any failure: another node next time (this one may be dead or without a quorum).
        close(c);
        c = null;
        pause(50);
      }
    }
    close(c);
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        // the server is gone
      }
    }
  }

  private void restWriter(int w) {
    Random random = new Random(seeds.incrementAndGet());
    for (int n = 0; running; n++) {
      String on = pick(random);
      if (on == null) {
        pause(100);
        continue;
      }
      String key = "k-" + w + "-" + n;
      long t = history.invoke(key);
      try {
        HttpResponse<String> r = cluster.http(on, "POST", "/api/v1/put",
            "{\"key\":\"" + key + "\",\"value\":\"" + History.valueOf(key) + "\"}");
        if (r.statusCode() == 201) {
          history.ack(key, t);
        } else {
          history.unknown(key, t);
          failed("rest " + r.statusCode());
          if (r.statusCode() == 500) {
            serverErrors.add("PUT on " + on + ": " + r.body());
          }
          pause(50);
        }
      } catch (Exception e) {
        history.unknown(key, t);
        failed("rest " + e.getClass().getSimpleName());
        pause(50);
      }
    }
  }

  private void reader() {
    Random random = new Random(seeds.incrementAndGet());
    Map<String, Connection> connections = new ConcurrentHashMap<>();
    for (int n = 0; running; n++) {
      String on = pick(random);
      String key = random.nextInt(10) == 0 ? (random.nextBoolean() ? "k-never-" : "s-never-") + n
          : history.randomAcked(random);
      if (on == null || key == null) {
        pause(50);
        continue;
      }
      long t = System.nanoTime();
      try {
        String value = key.startsWith("k-") ? restGet(on, key) : jdbcGet(connections, on, key);
        history.read(on, key, t, value);
      } catch (Exception e) {
        failed("read " + (e instanceof SQLException s ? s.getSQLState() : e.getClass().getSimpleName()));
        Connection c = connections.remove(on);
        close(c);
        pause(50);
      }
    }
    connections.values().forEach(ClusterLoad::close);
  }

  private String restGet(String on, String key) throws Exception {
    HttpResponse<String> r = cluster.http(on, "GET", "/api/v1/get/" + key, null);
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      if (r.statusCode() == 500) {
        serverErrors.add("GET on " + on + ": " + r.body());
      }
      throw new IllegalStateException("HTTP " + r.statusCode());
    }
    return cluster.json(r).path("value").asText();
  }

  private final Map<String, PreparedStatement> selects = new ConcurrentHashMap<>();

  private String jdbcGet(Map<String, Connection> connections, String on, String key) throws SQLException {
    Connection c = connections.get(on);
    if (c == null) {
      c = cluster.jdbc(on);
      connections.put(on, c);
      selects.remove(Thread.currentThread().getName() + "@" + on);
    }
    String slot = Thread.currentThread().getName() + "@" + on;
    PreparedStatement ps = selects.get(slot);
    if (ps == null) {
      ps = c.prepareStatement("SELECT V FROM T WHERE ID = ?"); // closed with its connection
      selects.put(slot, ps);
    }
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Stops the clients and waits for them. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(ClusterProcesses.WAIT_SECONDS * 1000);
    }
  }
}

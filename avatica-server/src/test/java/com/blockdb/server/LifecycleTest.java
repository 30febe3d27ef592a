package com.blockdb.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.server.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's life: /health says 503 STARTING until the database is open and the features are
 * built, JDBC requests meanwhile get a SQLException (not an endless retry); a stop lets requests in
 * flight finish, rolls back transactions never committed and seals the pending block, so that a
 * committed row is in a sealed block when the directory is opened again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleTest {
  @TempDir
  Path dir;

  private final StaticAuthenticator users = new StaticAuthenticator().add("local", "pw", Role.ADMIN);

  private ServerSettings settings() throws IOException {
    Path config = dir.resolve("blockdb.toml");
    Files.writeString(config, "[server]\nshutdown_timeout = 60\n");
    return ServerSettingsResolver.resolve(null, 0, dir.resolve("data").toString(), config, Map.of());
  }

  private static HttpResponse<String> get(BlockDbServer s, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.address() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIs503WhileStartingAndJdbcIsRefusedWithASqlState() throws Exception {
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockDbServer s = new BlockDbServer(settings(), ctx -> {
      building.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ServerFeatures(users, List.of());
    });
    CompletableFuture<Void> started = CompletableFuture.runAsync(s::start);
    try {
      building.await();
      HttpResponse<String> health = get(s, "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"status\":\"STARTING\"");
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:blockdb:remote:" + s.address(), "local", "pw"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08006");
            assertThat(e.getMessage()).contains("starting");
          });
      assertThat(get(s, "/api/v1/get/x").statusCode()).isEqualTo(503);
      release.countDown();
      started.get(60, TimeUnit.SECONDS);
      assertThat(get(s, "/health").statusCode()).isEqualTo(200);
      assertThat(s.state()).isEqualTo(ServerState.UP);
    } finally {
      release.countDown();
      s.stop();
    }
    assertThat(s.state()).isEqualTo(ServerState.STOPPED);
  }

  @Test
  void aStopLetsRequestsInFlightFinishAndKeepsOnlyWhatWasCommitted() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AbstractHandler slow = new AbstractHandler() {
      @Override
      public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        if (!"/slow".equals(target)) {
          return;
        }
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        base.setHandled(true);
        response.setStatus(200);
        response.getOutputStream().write("done".getBytes(StandardCharsets.UTF_8));
      }
    };
    BlockDbServer s = new BlockDbServer(settings(), ctx -> new ServerFeatures(users, List.of(slow)));
    s.start();
    String url = "jdbc:blockdb:remote:" + s.address();
    Connection committed = DriverManager.getConnection(url, "local", "pw");
    Connection open = DriverManager.getConnection(url, "local", "pw");
    try (Statement st = committed.createStatement(); Statement ot = open.createStatement()) {
      st.executeUpdate("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
      st.executeUpdate("INSERT INTO T VALUES (1)");
      open.setAutoCommit(false);
      ot.executeUpdate("INSERT INTO T VALUES (2)"); // never committed
    }
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return get(s, "/slow");
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    entered.await();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::stop);
    while (s.state() != ServerState.STOPPING) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertThat(stopping).isNotDone(); // it waits for the request in flight
    release.countDown();
    HttpResponse<String> r = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("done");
    stopping.get(60, TimeUnit.SECONDS);
    assertThat(s.state()).isEqualTo(ServerState.STOPPED);
    assertThat(s.openConnections()).isZero();
    committed.close();
    open.close();

    try (Connection c = DriverManager.getConnection("jdbc:blockdb:" + dir.resolve("data"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ID, LEDGER_BLOCK FROM T ORDER BY ID")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getObject(2)).as("sealed into a block at shutdown").isNotNull();
      assertThat(rs.next()).as("the uncommitted row").isFalse();
    }
  }

  @Test
  void anIdleConnectionExpiresOnTheServerAndTheClientIsToldWhy() throws Exception {
    Path config = dir.resolve("expiry.toml");
    Files.writeString(config, "[server]\nconnection_expiry = 1\n");
    ServerSettings settings = ServerSettingsResolver.resolve(null, 0, dir.resolve("data").toString(), config, Map.of());
    BlockDbServer s = new BlockDbServer(settings, ctx -> new ServerFeatures(users, List.of()));
    s.start();
    try (Connection c = DriverManager.getConnection("jdbc:blockdb:remote:" + s.address(), "local", "pw")) {
      assertThat(c.isValid(5)).isTrue();
      assertThat(s.openConnections()).isEqualTo(1);
      TimeUnit.MILLISECONDS.sleep(2500); // idle past connection_expiry
      assertThat(s.openConnections()).isZero();
      assertThat(c.isValid(5)).as("isValid asks the server").isFalse();
      assertThatThrownBy(() -> c.createStatement().executeQuery("VALUES 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08003");
            assertThat(e.getMessage()).contains("connection_expiry");
          });
    } finally {
      s.stop();
    }
  }

  @Test
  void aPortInUseFailsTheStartNamingHostAndPort() throws Exception {
    ServerSettings first = settings();
    BlockDbServer a = new BlockDbServer(first, ctx -> new ServerFeatures(users, List.of()));
    a.start();
    try {
      ServerSettings samePort = ServerSettingsResolver.resolve(null, a.port(), dir.resolve("other").toString(),
          null, Map.of());
      BlockDbServer b = new BlockDbServer(samePort, ctx -> new ServerFeatures(users, List.of()));
      assertThatThrownBy(b::start).isInstanceOf(ServerStartException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + a.port());
    } finally {
      a.stop();
    }
  }
}

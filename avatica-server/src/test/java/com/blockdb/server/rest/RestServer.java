package com.blockdb.server.rest;

import com.blockdb.engine.Options;
import com.blockdb.jdbc.store.Database;
import com.blockdb.jdbc.store.DatabaseRegistry;
import com.blockdb.server.metrics.MetricsHandler;
import com.blockdb.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.HandlerList;

/**
 * Test fixture: a real Jetty server on an ephemeral loopback port serving the REST and metrics
 * handlers over an in-memory database, chained as the server does, with a last handler that
 * answers 418 so a test can see which requests the BlockDB handlers left unhandled.
 */
public final class RestServer implements AutoCloseable {
  /** The status of the fallback handler: "nobody before me took this request". */
  public static final int UNHANDLED = 418;

  private final Database db;
  private final String dbName;
  private final ServerMetrics metrics;
  private final Server server;
  private final URI base;
  private boolean released;

  private RestServer(long maxBodyBytes, long lockTimeoutNanos, boolean openMetrics) throws Exception {
    dbName = "mem:rest-" + UUID.randomUUID();
    db = DatabaseRegistry.acquire(dbName, Options.defaults(), lockTimeoutNanos);
    metrics = ServerMetrics.create(db.engine());
    FixedAuthenticator auth = new FixedAuthenticator();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new HandlerList(
        new RestHandler(db, auth, metrics.registry(), maxBodyBytes),
        new MetricsHandler(metrics.registry(), auth, openMetrics),
        new AbstractHandler() {
          @Override
          public void handle(String target, Request baseRequest, HttpServletRequest request,
              HttpServletResponse response) throws IOException {
            baseRequest.setHandled(true);
            response.setStatus(UNHANDLED);
          }
        }));
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  public static RestServer start() throws Exception {
    return start(256 * 1024);
  }

  public static RestServer start(long maxBodyBytes) throws Exception {
    return new RestServer(maxBodyBytes, java.util.concurrent.TimeUnit.SECONDS.toNanos(30), false);
  }

  /** With a short lock wait limit, for lock-conflict tests. */
  public static RestServer withLockTimeout(long lockTimeoutNanos) throws Exception {
    return new RestServer(256 * 1024, lockTimeoutNanos, false);
  }

  /** With {@code /metrics} served without credentials. */
  public static RestServer withOpenMetrics() throws Exception {
    return new RestServer(256 * 1024, java.util.concurrent.TimeUnit.SECONDS.toNanos(30), true);
  }

  public Database db() {
    return db;
  }

  /** The JDBC URL of the same database (shared through the registry while the server holds it). */
  public String jdbcUrl() {
    return "jdbc:blockdb:" + dbName;
  }

  public URI base() {
    return base;
  }

  public int port() {
    return base.getPort();
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** Closes the database under the running server (its requests then find it closed). */
  public void closeDatabase() {
    if (!released) {
      released = true;
      DatabaseRegistry.release(db);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the test server did not stop", e);
    } finally {
      metrics.close();
      closeDatabase();
    }
  }
}

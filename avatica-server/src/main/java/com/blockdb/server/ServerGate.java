package com.blockdb.server;

import com.blockdb.server.http.HttpErrors;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: {@code /health} is always answered; other requests pass to
 * the application only while the server is {@link ServerState#UP} (JDBC requests to its endpoint
 * directly), and are counted, so that a shutdown can wait for those in flight. Before (the
 * database is still opening) and after (a shutdown began) they are refused: 503 for the HTTP API;
 * the JDBC endpoint ({@code POST /}) is left to refuse in its protocol, since Avatica's client
 * retries HTTP 503 without end.
 *
 * <p>Thread-safety: the state and the application are published through volatile fields; the
 * in-flight count is atomic (a shutdown polls it: one lock for every request would cost more).
 */
final class ServerGate extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ServerGate.class);
  private final HealthHandler health;
  private final AvaticaEndpoint jdbc;
  private volatile ServerState state = ServerState.STARTING;
  private volatile Handler application;
  private final AtomicInteger inFlight = new AtomicInteger();

  ServerGate(AvaticaEndpoint jdbc) {
    this.jdbc = jdbc;
    this.health = new HealthHandler(() -> state);
  }

  ServerState state() {
    return state;
  }

  /** Opens the gate: {@code app} (started by the caller) serves every request from now on. */
  void open(Handler app) {
    application = app;
    state = ServerState.UP;
  }

  /** Closes the gate to new requests; those in flight go on. */
  void closing() {
    state = ServerState.STOPPING;
  }

  void stopped() {
    state = ServerState.STOPPED;
  }

  /** Waits until no request is in flight or {@code timeoutNanos} passed; true when none is. */
  boolean awaitIdle(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (inFlight.get() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return true;
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if ("/health".equals(target)) {
      health.handle(target, baseRequest, request, response);
      return;
    }
    // Counted before the state is read: a shutdown that sets STOPPING and then sees no request in
    // flight cannot miss one that is about to start.
    inFlight.incrementAndGet();
    try {
      Handler app = application;
      ServerState s = state;
      if (s != ServerState.UP || app == null) {
        refuse(s, target, baseRequest, request, response);
        return;
      }
      // A JDBC request goes straight to its endpoint: the HTTP API's handlers, asked first, would
      // each only find that the path is not theirs (and the JDBC endpoint is started with them).
      (jdbc.isJdbcRequest(target) ? jdbc : app).handle(target, baseRequest, request, response);
      if (!baseRequest.isHandled()) {
        HttpErrors.send(baseRequest, response, 404, "no endpoint " + request.getMethod() + " " + target);
      }
    } catch (RuntimeException | ServletException e) {
      // A handler's bug: logged here with its trace, one line to the client.
      LOG.warn("{} {} failed", request.getMethod(), target, e);
      HttpErrors.send(baseRequest, response, 500, "internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void refuse(ServerState s, String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    boolean starting = s == ServerState.STARTING;
    if (jdbc.isJdbcRequest(target)) {
      jdbc.refuse(baseRequest, request, response,
          starting ? "the server is starting: try again shortly" : "the server is shutting down");
    } else {
      response.setHeader("Retry-After", "5");
      HttpErrors.send(baseRequest, response, 503, starting
          ? "the server is starting (opening the database): try again shortly" : "the server is shutting down");
    }
  }
}

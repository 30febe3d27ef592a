package com.blockdb.server.metrics;

import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Permission;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.rest.ErrorMapping;
import com.blockdb.server.rest.HttpError;
import com.blockdb.server.rest.JsonResponses;
import com.blockdb.server.rest.RequestMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format (0.0.4), or OpenMetrics 1.0
 * when the scraper's {@code Accept} asks for it. By default a scrape needs credentials with the
 * READ permission, like every other endpoint (give Prometheus a reader's {@code basic_auth}); a
 * server configured for it may serve the metrics open, as most exporters do, since they hold
 * counts and sizes but no data. Other paths stay unhandled. Thread-safe.
 */
public final class MetricsHandler extends AbstractHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

  /** The path it serves. */
  public static final String PATH = "/metrics";
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Authenticator auth;
  private final boolean open;
  private final RequestMetrics requests;

  /** Scrapes need the READ permission. */
  public MetricsHandler(PrometheusMeterRegistry registry, Authenticator auth) {
    this(registry, auth, false);
  }

  /** With {@code open}, scrapes need no credentials; else they need the READ permission. */
  public MetricsHandler(PrometheusMeterRegistry registry, Authenticator auth, boolean open) {
    this.registry = registry;
    this.auth = auth;
    this.open = open;
    this.requests = new RequestMetrics(registry);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    if (!PATH.equals(baseRequest.getHttpURI().getPath())) {
      return;
    }
    baseRequest.setHandled(true);
    Timer.Sample sample = requests.start();
    int status = 500;
    try {
      status = serve(request, response);
    } catch (AuthenticationException e) {
      HttpError h = ErrorMapping.of(e);
      status = h.status();
      JsonResponses.sendError(response, h);
    } catch (IOException e) {
      status = response.getStatus(); // the scraper went away while it was being answered
      throw e;
    } catch (RuntimeException e) {
      LOG.error("bug: the metrics scrape failed", e);
      JsonResponses.sendError(response,
          new HttpError(500, "internal", "internal error; the server log has the details", false));
    } finally {
      requests.stop(sample, PATH, request.getMethod(), status);
    }
  }

  private int serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Principal who = open ? null : auth.authenticate(request.getHeader("Authorization"));
    if (!"GET".equals(request.getMethod())) {
      JsonResponses.sendMethodNotAllowed(response, request.getMethod(), PATH, "GET");
      return 405;
    }
    if (who != null) {
      auth.require(who, Permission.READ);
    }
    String accept = request.getHeader("Accept");
    String type = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT_FORMAT;
    // Scrape into memory first, so a failure still gets a clean error instead of half a page.
    ByteArrayOutputStream page = new ByteArrayOutputStream(64 * 1024);
    registry.scrape(page, type);
    response.setStatus(200);
    response.setContentType(type);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(page.size());
    try (OutputStream out = response.getOutputStream()) {
      page.writeTo(out);
    }
    return 200;
  }
}

package com.blockdb.server;

import com.blockdb.jdbc.Version;
import com.blockdb.server.http.HttpErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * {@code GET /health}, for load balancers and container probes: no authentication, no database
 * work, 200 {@code {"status":"UP", ...}} while serving and 503 with the state ({@code STARTING},
 * {@code STOPPING}) otherwise. It reveals nothing but the state, version and uptime.
 */
final class HealthHandler extends AbstractHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<ServerState> state;
  private final long startedNanos = System.nanoTime();

  HealthHandler(Supplier<ServerState> state) {
    this.state = state;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/health".equals(target)) {
      return;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      HttpErrors.send(baseRequest, response, 405, "/health takes GET or HEAD, not " + method);
      return;
    }
    ServerState s = state.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", s.name());
    body.put("version", Version.VERSION);
    body.put("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
    baseRequest.setHandled(true);
    response.setStatus(s == ServerState.UP ? 200 : 503);
    response.setContentType("application/json;charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    if ("GET".equals(method)) {
      response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
  }
}

package com.blockdb.server.http;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * {@code enable_cors = true}: lets scripts of any web origin call the HTTP API with their own
 * credentials (an {@code Authorization} header, never cookies, which BlockDB does not use), and
 * answers their preflight {@code OPTIONS} requests.
 */
public final class CorsHandler extends HandlerWrapper {
  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      response.setHeader("Access-Control-Allow-Origin", "*");
      response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
      response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
      response.setHeader("Access-Control-Max-Age", "600");
      if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        baseRequest.setHandled(true);
        return;
      }
    }
    super.handle(target, baseRequest, request, response);
  }
}

package com.blockdb.server.http;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

/**
 * {@code enable_compression = true}: Jetty's gzip compression for the requests that can get it,
 * those with an {@code Accept-Encoding} header. A request without one is passed straight to the
 * handler inside: Jetty's handler would only look at its path and method, wrap its output and add
 * a {@code Vary} header, to send it uncompressed all the same. BlockDB's remote JDBC driver sends
 * no {@code Accept-Encoding} (its responses to executes are a few hundred bytes), so each of its
 * requests skips that work; Avatica's own client and browsers send one and are compressed as before.
 * Compressed request bodies are not inflated either way (Jetty's default).
 */
public final class AcceptedGzipHandler extends GzipHandler {
  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!baseRequest.getHttpFields().contains(HttpHeader.ACCEPT_ENCODING)) {
      Handler next = getHandler();
      if (next != null) {
        next.handle(target, baseRequest, request, response);
      }
      return;
    }
    super.handle(target, baseRequest, request, response);
  }
}

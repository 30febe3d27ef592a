package com.blockdb.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;

/**
 * Error responses of every HTTP endpoint, in one shape: {@code {"error": "<message>", "status": N}}
 * with that HTTP status, JSON, never a stack trace (docs/API.md).
 */
public final class HttpErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpErrors() {}

  /** Sends the error and marks the request handled. */
  public static void send(Request baseRequest, HttpServletResponse response, int status, String message)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return; // part of a response went out already: nothing more can be said
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/json;charset=utf-8");
    if (status == 401 && response.getHeader("WWW-Authenticate") == null) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"BlockDB\", charset=\"UTF-8\"");
    }
    response.getOutputStream().write(body(status, message));
  }

  /** The JSON body of an error. */
  public static byte[] body(int status, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("status", status);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (IOException e) {
      throw new IllegalStateException("a map of a string and a number always serializes", e);
    }
  }
}

package com.blockdb.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletResponse;

/**
 * Writes JSON responses and the JSON error body every BlockDB endpoint answers with:
 * {@code {"error": "...", "status": N, "code": "...", "retryable": true?}}.
 */
public final class JsonResponses {
  /** Shared, thread-safe once configured. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  public static final String JSON = "application/json; charset=utf-8";

  private JsonResponses() {}

  /** A new empty JSON object to fill in. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Sends {@code body} with {@code status}. */
  public static void send(HttpServletResponse response, int status, ObjectNode body) throws IOException {
    String text;
    try {
      text = MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a response", e); // a tree always serializes
    }
    sendRaw(response, status, text);
  }

  /** Sends a JSON document that is already text (a digest or proof as the engine writes it). */
  public static void sendRaw(HttpServletResponse response, int status, String json) throws IOException {
    byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(JSON);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }

  /** Sends the error body of {@code e}, with the headers its status calls for. */
  public static void sendError(HttpServletResponse response, HttpError e) throws IOException {
    ObjectNode body = object();
    body.put("error", e.getMessage());
    body.put("status", e.status());
    body.put("code", e.code());
    if (e.retryable()) {
      body.put("retryable", true);
      response.setHeader("Retry-After", "1");
    }
    if (e.status() == 401) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"BlockDB\", charset=\"UTF-8\"");
    }
    if (e.status() == 413) {
      // The unread rest of the body would be taken for the next request: end the connection.
      response.setHeader("Connection", "close");
    }
    send(response, e.status(), body);
  }

  /** Sends 405 naming the method the path accepts. */
  public static void sendMethodNotAllowed(HttpServletResponse response, String method, String path,
      String allowed) throws IOException {
    response.setHeader("Allow", allowed);
    sendError(response, new HttpError(405, "method_not_allowed",
        "method " + method + " is not allowed on " + path + "; use " + allowed, false));
  }
}

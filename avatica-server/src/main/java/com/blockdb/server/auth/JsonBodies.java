package com.blockdb.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Reading the JSON bodies of the auth endpoints (bounded in size, strict: duplicate and unknown
 * fields and trailing data are refused with 400 naming them) and writing JSON replies, errors as
 * {@code {"error": "...", "status": N}}. Stateless.
 */
final class JsonBodies {
  /** Largest request body accepted, in bytes. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonBodies() {}

  /** The request's body as a JSON object with no field but {@code allowed}. */
  static ObjectNode read(HttpServletRequest request, String... allowed) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(declared + " bytes");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw new HttpError(400, "the request body is empty: expected a JSON object");
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new HttpError(400, "the request body must be a JSON object");
    }
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        throw new HttpError(400, "unknown field '" + UserNames.printable(f) + "' (expected " + String.join(", ", allowed) + ")");
      }
    }
    return (ObjectNode) node;
  }

  private static HttpError tooLarge(String size) {
    return new HttpError(413, "request body of " + size + " exceeds the limit of " + MAX_BODY_BYTES + " bytes");
  }

  /** A string field; null if absent and not required; 400 if of another type or required and absent. */
  static String text(ObjectNode o, String field, boolean required) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new HttpError(400, "field '" + field + "' is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new HttpError(400, "field '" + field + "' must be a string");
    }
    return n.textValue();
  }

  /** An array of role names (case-insensitive); empty if absent; 400 naming an unknown role. */
  static Set<Role> roles(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (n == null || n.isNull()) {
      return roles;
    }
    if (!n.isArray()) {
      throw new HttpError(400, "field '" + field + "' must be an array of role names");
    }
    for (JsonNode r : n) {
      if (!r.isTextual()) {
        throw new HttpError(400, "field '" + field + "' must hold role names (strings)");
      }
      roles.add(role(r.textValue()));
    }
    return roles;
  }

  private static Role role(String name) {
    for (Role r : Role.values()) {
      if (r.name().equalsIgnoreCase(name)) {
        return r;
      }
    }
    throw new HttpError(400, "unknown role '" + UserNames.printable(name) + "' (roles: "
        + String.join(", ", LedgerAuthenticator.names(EnumSet.allOf(Role.class))) + ")");
  }

  /** Writes {@code body} with {@code status}; replies are never cached (they may hold tokens). */
  static void reply(HttpServletResponse response, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** Writes the error body {@code {"error": message, "status": status}}. */
  static void error(HttpServletResponse response, int status, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    body.put("status", status);
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + LedgerAuthenticator.REALM + "\", charset=\"UTF-8\"");
    }
    reply(response, status, body);
  }

  /** Lower-case role names as a JSON array, sorted by role. */
  static com.fasterxml.jackson.databind.node.ArrayNode roleArray(Set<Role> roles) {
    com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
    LedgerAuthenticator.names(roles).forEach(a::add);
    return a;
  }

  /** Lower-case name of a change kind, as the HTTP API spells it. */
  static String kindName(ChangeKind k) {
    return k.name().toLowerCase(Locale.ROOT);
  }
}

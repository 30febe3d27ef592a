package com.blockdb.jdbc.driver;

import com.blockdb.jdbc.error.VendorCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;

/**
 * Turns what Avatica's remote client throws into the SQLException the embedded driver would have
 * thrown: the server's SQLState, vendor code and message (without Avatica's "Error -1 (00000)"
 * wrapping), the same exception subclass, and connection failures (server unreachable, HTTP 401)
 * as 08xxx and 28000 errors that name the server.
 */
final class RemoteErrors {
  private static final Pattern HTTP_STATUS = Pattern.compile("got HTTP/(\\d{3})(?:: (.+))?");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The longest server reason quoted in a message. */
  private static final int MAX_REASON = 300;

  private RemoteErrors() {}

  static SQLException translate(Throwable t, String server) {
    AvaticaSqlException remote = find(t, AvaticaSqlException.class);
    if (remote != null && remote.getSQLState() != null && !remote.getSQLState().equals("00000")) {
      return SqlErrors.create(remote.getSQLState(), remote.getErrorCode(), serverMessage(remote), remote);
    }
    // Where Avatica's client does not wrap the server's error (opening a connection), it arrives raw.
    AvaticaClientRuntimeException raw = find(t, AvaticaClientRuntimeException.class);
    if (raw != null && raw.getSqlState() != null && !raw.getSqlState().equals("00000")) {
      return SqlErrors.create(raw.getSqlState(), raw.getErrorCode(),
          serverMessage(raw.getMessage(), raw.getServerExceptions()), t);
    }
    Matcher http = httpStatus(t);
    if (http != null) {
      String status = http.group(1);
      String reason = http.group(2) == null ? "" : ": " + http.group(2);
      return switch (status) {
        case "401" -> SqlErrors.create("28000", VendorCodes.CONNECTION_REFUSED, "the BlockDB server at " + server
            + " refused the credentials (HTTP 401" + reason + "): give a user and password the server knows", t);
        case "403" -> SqlErrors.create("28000", VendorCodes.CONNECTION_REFUSED, "the BlockDB server at " + server
            + " refused access (HTTP 403" + reason + "): the user's role does not allow it", t);
        case "413" -> SqlErrors.create("54000", VendorCodes.INVALID_ARGUMENT, "the request to the BlockDB server at "
            + server + " is larger than its max_body_bytes (HTTP 413): send smaller batches", t);
        default -> SqlErrors.create("08006", VendorCodes.CONNECTION_REFUSED, "the BlockDB server at " + server
            + " answered HTTP " + status, t);
      };
    }
    ConnectException refused = find(t, ConnectException.class);
    UnknownHostException unknown = find(t, UnknownHostException.class);
    if (refused != null || unknown != null) {
      String why = refused != null ? refused.getMessage() : "unknown host " + unknown.getMessage();
      return SqlErrors.create("08001", VendorCodes.CONNECTION_REFUSED, "cannot reach the BlockDB server at "
          + server + ": " + why + " (is blockdb-server running?)", t);
    }
    java.io.IOException broken = find(t, java.io.IOException.class);
    if (broken != null && remote == null) {
      // The connection broke during the request (the server died or restarted): what the request
      // did on the server is unknown, a commit's included.
      return SqlErrors.create("08006", VendorCodes.CONNECTION_REFUSED, "the connection to the BlockDB server at "
          + server + " broke during the request (" + broken.getMessage() + "): if it committed anything, the"
          + " outcome is unknown; read before retrying", t);
    }
    if (remote != null) {
      return remote; // a server that is not BlockDB's: keep what it said
    }
    if (t instanceof SQLException e && e.getSQLState() == null && "Statement canceled".equals(e.getMessage())) {
      // Avatica's client-side cancel: the server is not told (its request_timeout still applies).
      return SqlErrors.create("57014", VendorCodes.CANCELED, "query canceled by Statement.cancel()", e);
    }
    if (t instanceof SQLException e && e.getSQLState() == null && "Connection closed".equals(e.getMessage())) {
      return SqlErrors.create("08003", VendorCodes.CLOSED, "the connection is closed", e);
    }
    return SqlErrors.map(t);
  }

  /**
   * The server's own message. BlockDB's server sends it, alone on one line, as the first "stack
   * trace" of its error response (it sends no real traces); Avatica's client puts its own words
   * in front of the message, which end with it. Any other server: Avatica's message as it is.
   */
  static String serverMessage(AvaticaSqlException e) {
    return serverMessage(e.getErrorMessage() == null ? e.getMessage() : e.getErrorMessage(), e.getStackTraces());
  }

  private static String serverMessage(String full, List<String> traces) {
    if (traces != null && !traces.isEmpty()) {
      String first = traces.get(0).strip();
      if (!first.isEmpty() && !first.contains("\n") && full != null && full.endsWith(first)) {
        return first;
      }
    }
    return full;
  }

  /** The HTTP status (group 1) and the server's reason (group 2, or null) of a refused request. */
  private static Matcher httpStatus(Throwable t) {
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = HTTP_STATUS.matcher(t.getMessage());
        if (m.find()) {
          return m;
        }
      }
    }
    return null;
  }

  /**
   * ": reason" from the body of an HTTP error response, where it is BlockDB's JSON error
   * ({@code {"error": "...", "status": N}}); "" for any other body.
   */
  static String serverReason(byte[] body) {
    if (body == null || body.length == 0 || body.length > 64 * 1024 || body[0] != '{') {
      return "";
    }
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (!error.isTextual() || error.asText().isBlank()) {
        return "";
      }
      String reason = error.asText().replaceAll("\\s+", " ").strip();
      return ": " + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
    } catch (java.io.IOException | RuntimeException e) {
      return ""; // not BlockDB's error shape: the status alone says it
    }
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

package com.blockdb.server;

import com.blockdb.server.auth.AuthenticationException;
import com.blockdb.server.auth.Authenticator;
import com.blockdb.server.auth.Permission;
import com.blockdb.server.auth.Principal;
import com.blockdb.server.http.BodyLimit;
import com.blockdb.server.http.BodyTooLargeException;
import com.blockdb.server.http.HttpErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC endpoint: Avatica's protocol on {@code POST /}, in protobuf or JSON (told apart by the
 * body's first byte: a JSON request is an object, a protobuf one starts with its name field), with
 * BlockDB's authentication in front. Each request is authenticated
 * ({@link Authenticator#authenticate} of its {@code Authorization} header: HTTP BASIC, which
 * Avatica's client sends with {@code authentication=BASIC;avatica_user=..;avatica_password=..}),
 * needs {@link Permission#READ}, and runs as its principal ({@link RequestPrincipal}), which
 * {@link BlockDbMeta} opens connections for. Bodies over {@code max_body_bytes} get 413, bodies
 * that are no Avatica request 400; SQL errors go back as Avatica error responses carrying
 * BlockDB's SQLStates.
 *
 * <p>Two exceptions to the authentication: a client refused since it opened a connection (its user
 * revoked or disabled) may still close it and its statements, with the credentials it opened it
 * with; and where anonymous access is on, a request without credentials that opens a connection
 * for a named user is challenged (401), since Avatica's client sends BASIC only when challenged.
 */
final class AvaticaEndpoint extends AbstractHandler implements AvaticaHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AvaticaEndpoint.class);

  private final Service service;
  private final ProtobufHandler protobuf;
  private final JsonHandler json;
  private final ProtobufTranslation translation = new ProtobufTranslationImpl();
  private final long maxBodyBytes;
  private final BlockDbMeta meta;
  private volatile Authenticator authenticator;
  private volatile Service.RpcMetadataResponse rpcMetadata;

  AvaticaEndpoint(BlockDbMeta meta, long maxBodyBytes) {
    this.service = new SignatureTrimmingService(MetaErrors.wrap(meta), meta::clientKeepsSignatures);
    this.protobuf = new ProtobufHandler(service, translation, NoopMetricsSystem.getInstance());
    this.json = new JsonHandler(service, NoopMetricsSystem.getInstance());
    this.maxBodyBytes = maxBodyBytes;
    this.meta = meta;
  }

  /** Sets who checks credentials (before the server opens to requests). */
  void authenticator(Authenticator a) {
    this.authenticator = a;
  }

  /** Whether a request for {@code target} is one for this endpoint. */
  boolean isJdbcRequest(String target) {
    return "/".equals(target) || target.isEmpty();
  }

  @Override
  public void setServerRpcMetadata(Service.RpcMetadataResponse metadata) {
    this.rpcMetadata = metadata;
    service.setRpcMetadata(metadata);
    protobuf.setRpcMetadata(metadata);
    json.setRpcMetadata(metadata);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!isJdbcRequest(target)) {
      return; // not ours: the next handler's, or 404
    }
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      HttpErrors.send(baseRequest, response, 405, "the JDBC endpoint takes POST requests of Avatica's protocol"
          + " (connect with jdbc:blockdb:remote:http://host:port), not " + request.getMethod());
      return;
    }
    String authorization = request.getHeader("Authorization");
    Principal who;
    try {
      Authenticator auth = authenticator;
      if (auth == null) {
        throw new AuthenticationException(503, "the server is starting");
      }
      who = auth.authenticate(authorization);
      if (who == null) {
        throw new AuthenticationException(401, "credentials required: connect with a user and password");
      }
      auth.require(who, Permission.READ);
    } catch (AuthenticationException e) {
      if (e.status() == 401 || e.status() == 403) {
        if (release(baseRequest, request, response, authorization)) {
          return;
        }
      }
      HttpErrors.send(baseRequest, response, e.status(), e.getMessage());
      return;
    }
    byte[] body;
    try {
      body = BodyLimit.read(request, maxBodyBytes);
    } catch (BodyTooLargeException e) {
      HttpErrors.send(baseRequest, response, 413, e.getMessage()
          + ": send smaller batches (a transaction may span several)");
      return;
    }
    if (body.length == 0) {
      HttpErrors.send(baseRequest, response, 400, "empty request: the JDBC endpoint expects an Avatica request");
      return;
    }
    boolean isJson = isJson(body);
    if (authorization == null && opensConnectionForAUser(body, isJson)) {
      // Served anonymously, yet the client names a user: Avatica's own client sends its BASIC
      // credentials only when challenged, so challenge it rather than connect it as anonymous.
      HttpErrors.send(baseRequest, response, 401, "credentials required: the connection names a user, so"
          + " it must send that user's password (HTTP BASIC: authentication=BASIC;avatica_user=..;avatica_password=..)");
      return;
    }
    MetaErrors.clearMalformed();
    HandlerResponse<?> r = RequestPrincipal.callAs(who, authorization,
        () -> isJson ? json.apply(new String(body, StandardCharsets.UTF_8)) : protobuf.apply(body));
    if (r.getStatusCode() == 500 && (MetaErrors.malformed() || !decodes(body, isJson))) {
      HttpErrors.send(baseRequest, response, 400, "not an Avatica " + (isJson ? "JSON" : "protobuf")
          + " request: the JDBC endpoint speaks Avatica's protocol (use a JDBC driver)");
      return;
    }
    write(baseRequest, response, r.getStatusCode(), isJson, r.getResponse());
  }

  /**
   * Serves a request whose user the server now refuses (revoked or disabled since) if it only
   * releases a connection: a CloseConnection or CloseStatement request for a connection that was
   * opened with the very same {@code Authorization} header. It runs as the connection's user
   * without any role, so it can close and nothing else. Returns false (nothing sent) otherwise.
   */
  private boolean release(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
      String authorization) throws IOException {
    if (authorization == null) {
      return false;
    }
    byte[] body;
    try {
      body = BodyLimit.read(request, Math.min(maxBodyBytes, 64 * 1024));
    } catch (BodyTooLargeException e) {
      return false; // no close request is that large
    }
    boolean isJson = isJson(body);
    Service.Request req = decode(body, isJson);
    String connectionId;
    if (req instanceof Service.CloseConnectionRequest close) {
      connectionId = close.connectionId;
    } else if (req instanceof Service.CloseStatementRequest close) {
      connectionId = close.connectionId;
    } else {
      return false;
    }
    String owner = meta.releasableBy(connectionId, authorization);
    if (owner == null) {
      return false;
    }
    LOG.debug("user '{}', refused otherwise, releases its connection {}", owner, connectionId);
    Principal releaser = new Principal(owner, Set.of());
    MetaErrors.clearMalformed();
    HandlerResponse<?> r = RequestPrincipal.callAs(releaser, authorization,
        () -> isJson ? json.apply(new String(body, StandardCharsets.UTF_8)) : protobuf.apply(body));
    write(baseRequest, response, r.getStatusCode(), isJson, r.getResponse());
    return true;
  }

  /** Whether {@code body} is an OpenConnection request whose properties name a user. */
  private boolean opensConnectionForAUser(byte[] body, boolean isJson) {
    if (!contains(body, isJson ? OPEN_JSON : OPEN_PROTOBUF)) {
      return false; // the cheap test first: most requests are no connection opening
    }
    if (decode(body, isJson) instanceof Service.OpenConnectionRequest open && open.info != null) {
      String user = open.info.get("user");
      return user != null && !user.isBlank();
    }
    return false;
  }

  private static final byte[] OPEN_JSON = "openConnection".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OPEN_PROTOBUF = "OpenConnectionRequest".getBytes(StandardCharsets.US_ASCII);

  private static boolean contains(byte[] body, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= body.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (body[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The request in {@code body}, or null when it is none. */
  private Service.Request decode(byte[] body, boolean isJson) {
    try {
      return isJson ? JsonService.MAPPER.readValue(body, Service.Request.class) : translation.parseRequest(body);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Answers a JDBC request the server cannot serve now with an Avatica error (SQLState 08006),
   * which the client reports as a SQLException: an HTTP 503 would make it retry without end.
   */
  void refuse(Request baseRequest, HttpServletRequest request, HttpServletResponse response, String message)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      HttpErrors.send(baseRequest, response, 503, message);
      return;
    }
    byte[] body;
    try {
      body = BodyLimit.read(request, maxBodyBytes);
    } catch (BodyTooLargeException e) {
      body = new byte[0];
    }
    boolean isJson = body.length > 0 && isJson(body);
    Service.ErrorResponse error = new Service.ErrorResponse(List.of(message), message, 7, "08006",
        AvaticaSeverity.ERROR, rpcMetadata);
    Object encoded = isJson ? JsonService.MAPPER.writeValueAsString(error) : translation.serializeResponse(error);
    write(baseRequest, response, 500, isJson, encoded);
  }

  private static void write(Request baseRequest, HttpServletResponse response, int status, boolean isJson,
      Object body) throws IOException {
    baseRequest.setHandled(true);
    response.setStatus(status);
    byte[] bytes;
    if (isJson) {
      response.setContentType("application/json;charset=utf-8");
      bytes = ((String) body).getBytes(StandardCharsets.UTF_8);
    } else {
      response.setContentType("application/octet-stream");
      bytes = (byte[]) body;
    }
    // The length first: Jetty then sends the response with this one write, instead of gathering it
    // in a buffer to learn its length at the end (or sending a large one chunked).
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** A JSON request is an object: its first non-blank byte is '{'. */
  private static boolean isJson(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  /** Whether {@code body} is a request at all (asked only after a failure, to tell 400 from 500). */
  private boolean decodes(byte[] body, boolean isJson) {
    try {
      if (isJson) {
        JsonService.MAPPER.readValue(body, Service.Request.class);
      } else {
        translation.parseRequest(body);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("undecodable JDBC request: {}", e.toString());
      return false;
    }
  }
}

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
 */
final class AvaticaEndpoint extends AbstractHandler implements AvaticaHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AvaticaEndpoint.class);

  private final Service service;
  private final ProtobufHandler protobuf;
  private final JsonHandler json;
  private final ProtobufTranslation translation = new ProtobufTranslationImpl();
  private final long maxBodyBytes;
  private volatile Authenticator authenticator;
  private volatile Service.RpcMetadataResponse rpcMetadata;

  AvaticaEndpoint(BlockDbMeta meta, long maxBodyBytes) {
    this.service = new SignatureTrimmingService(MetaErrors.wrap(meta), meta::clientKeepsSignatures);
    this.protobuf = new ProtobufHandler(service, translation, NoopMetricsSystem.getInstance());
    this.json = new JsonHandler(service, NoopMetricsSystem.getInstance());
    this.maxBodyBytes = maxBodyBytes;
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
    Principal who;
    try {
      Authenticator auth = authenticator;
      if (auth == null) {
        throw new AuthenticationException(503, "the server is starting");
      }
      who = auth.authenticate(request.getHeader("Authorization"));
      if (who == null) {
        throw new AuthenticationException(401, "credentials required: connect with a user and password");
      }
      auth.require(who, Permission.READ);
    } catch (AuthenticationException e) {
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
    MetaErrors.clearMalformed();
    HandlerResponse<?> r = RequestPrincipal.callAs(who,
        () -> isJson ? json.apply(new String(body, StandardCharsets.UTF_8)) : protobuf.apply(body));
    if (r.getStatusCode() == 500 && (MetaErrors.malformed() || !decodes(body, isJson))) {
      HttpErrors.send(baseRequest, response, 400, "not an Avatica " + (isJson ? "JSON" : "protobuf")
          + " request: the JDBC endpoint speaks Avatica's protocol (use a JDBC driver)");
      return;
    }
    write(baseRequest, response, r.getStatusCode(), isJson, r.getResponse());
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
    if (isJson) {
      response.setContentType("application/json;charset=utf-8");
      response.getOutputStream().write(((String) body).getBytes(StandardCharsets.UTF_8));
    } else {
      response.setContentType("application/octet-stream");
      response.getOutputStream().write((byte[]) body);
    }
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

package com.blockdb.jdbc.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.RemoteProtobufService;

/**
 * Avatica's protobuf client service, keeping prepared statements' signatures on the client side.
 * Avatica's protocol sends a prepared statement's signature (every column's and parameter's
 * metadata, a few hundred bytes) to the server with each execute and back with each result; for a
 * point SELECT that is most of what both sides encode and decode. This service tells the server,
 * when it opens the connection, that it fills the signature of an execute's result in itself
 * ({@value #CLIENT_SIGNATURES}); a BlockDB server then leaves it out, and once a result has come
 * back without one (so the server is known to remember signatures), executes are sent without it
 * too. A server that ignores the property keeps getting and sending signatures as usual.
 *
 * <p>Thread-safe, as Avatica's service: requests of one connection may come from several threads.
 */
final class SignatureKeepingService extends RemoteProtobufService implements AutoCloseable {
  /** The connection property the server reads (BlockDbMeta.CLIENT_SIGNATURES on the server side). */
  static final String CLIENT_SIGNATURES = "blockdb_client_signatures";

  private final AvaticaHttpClient http;
  /** Set once a query result came back without its signature: the server remembers signatures. */
  private volatile boolean serverKeepsSignatures;

  SignatureKeepingService(AvaticaHttpClient http) {
    super(http, new ProtobufTranslationImpl());
    this.http = http;
  }

  @Override
  public Response _apply(Request request) {
    if (request instanceof OpenConnectionRequest open) {
      Map<String, String> info = open.info == null ? new HashMap<>() : new HashMap<>(open.info);
      info.put(CLIENT_SIGNATURES, "true");
      return super._apply(new OpenConnectionRequest(open.connectionId, info));
    }
    if (!(request instanceof ExecuteRequest execute) || execute.statementHandle == null
        || execute.statementHandle.signature == null) {
      return super._apply(request);
    }
    Meta.StatementHandle h = execute.statementHandle;
    Request sent = !serverKeepsSignatures ? execute
        : new ExecuteRequest(new Meta.StatementHandle(h.connectionId, h.id, null), execute.parameterValues,
            execute.maxRowCount);
    Response response = super._apply(sent);
    return response instanceof ExecuteResponse r ? withSignatures(r, h.signature) : response;
  }

  /** The response with {@code signature} in every query result that came without one. */
  private ExecuteResponse withSignatures(ExecuteResponse r, Meta.Signature signature) {
    if (r.missingStatement || r.results == null) {
      return r;
    }
    List<ResultSetResponse> filled = null;
    for (int i = 0; i < r.results.size(); i++) {
      ResultSetResponse rs = r.results.get(i);
      if (rs.signature == null && rs.updateCount == -1) {
        if (filled == null) {
          filled = new ArrayList<>(r.results);
        }
        filled.set(i, new ResultSetResponse(rs.connectionId, rs.statementId, rs.ownStatement, signature,
            rs.firstFrame, rs.updateCount, rs.rpcMetadata));
      }
    }
    if (filled == null) {
      return r;
    }
    serverKeepsSignatures = true;
    ExecuteResponse out = new ExecuteResponse(filled, false, r.rpcMetadata);
    return out;
  }

  /** Closes the HTTP connections (the JDBC connection is closed). */
  @Override
  public void close() {
    if (http instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing sockets: nothing left to do about a failure
      }
    }
  }
}

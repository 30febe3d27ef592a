package com.blockdb.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.Meta;

/**
 * Avatica's server-side service, leaving the signature out of execute results for connections
 * whose client keeps it itself ({@link BlockDbMeta#CLIENT_SIGNATURES}): the client sent the
 * statement's signature back at prepare time and fills it in, so encoding it again with every
 * result (a few hundred bytes of column and parameter metadata) would be wasted on both sides.
 */
final class SignatureTrimmingService extends LocalService {
  private final Predicate<String> clientKeepsSignatures;

  /**
   * @param clientKeepsSignatures whether the client of a connection id fills in signatures
   */
  SignatureTrimmingService(Meta meta, Predicate<String> clientKeepsSignatures) {
    super(meta);
    this.clientKeepsSignatures = clientKeepsSignatures;
  }

  @Override
  public ExecuteResponse apply(ExecuteRequest request) {
    ExecuteResponse r = super.apply(request);
    if (r.missingStatement || r.results == null || request.statementHandle == null
        || !hasSignature(r.results) || !clientKeepsSignatures.test(request.statementHandle.connectionId)) {
      return r; // an update count (an INSERT's) carries none: nothing to copy
    }
    List<ResultSetResponse> trimmed = new ArrayList<>(r.results.size());
    for (ResultSetResponse rs : r.results) {
      // Update counts carry no signature; a query result's is the prepared statement's.
      trimmed.add(rs.signature == null ? rs : new ResultSetResponse(rs.connectionId, rs.statementId,
          rs.ownStatement, null, rs.firstFrame, rs.updateCount, rs.rpcMetadata));
    }
    return new ExecuteResponse(trimmed, false, r.rpcMetadata);
  }

  private static boolean hasSignature(List<ResultSetResponse> results) {
    for (ResultSetResponse rs : results) {
      if (rs.signature != null) {
        return true;
      }
    }
    return false;
  }
}

package com.blockdb.engine;

import com.blockdb.engine.util.Json;
import java.util.List;
import java.util.Map;

/**
 * Proof that the ledger behind {@code newer} extends the ledger behind {@code older}: an RFC 6962
 * consistency path over block hashes. {@link ProofVerifier#verify(ConsistencyProof)} checks it.
 */
public record ConsistencyProof(Digest older, Digest newer, List<byte[]> path) {

  public static final int FORMAT = 1;

  public String toJson() {
    return "{\"format\":" + FORMAT + ",\"older\":" + older.toJson() + ",\"newer\":" + newer.toJson()
        + ",\"path\":" + InclusionProof.hexList(path) + "}";
  }

  public static ConsistencyProof fromJson(String json) {
    if (!(Json.parse(json) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a proof must be a JSON object");
    }
    return new ConsistencyProof(digest(Json.field(m, "older", Map.class)),
        digest(Json.field(m, "newer", Map.class)), InclusionProof.hexList(m, "path"));
  }

  private static Digest digest(Map<?, ?> d) {
    return new Digest(Json.field(d, "block_count", Long.class),
        com.blockdb.engine.util.Bytes.unhex(Json.field(d, "root", String.class)));
  }
}

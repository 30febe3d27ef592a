package com.blockdb.engine;

import com.blockdb.engine.util.Bytes;
import com.blockdb.engine.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proof that one entry is in the ledger committed to by a digest: the entry's canonical bytes, its
 * RFC 6962 audit path to its block's Merkle root, the block header, and the block's audit path to
 * the digest root. {@link ProofVerifier#verify(InclusionProof)} checks it without a database.
 *
 * @param entry the canonical entry bytes (docs/FORMAT.md, "Ledger entry")
 * @param indexInBlock the entry's leaf index within its block
 * @param entryPath audit path from the entry's leaf hash to the block's Merkle root
 * @param blockHeader the encoded block header (docs/FORMAT.md, "Block header")
 * @param blockPath audit path from the block's leaf to the digest root
 * @param digest the digest the proof ends at
 */
public record InclusionProof(byte[] entry, long indexInBlock, List<byte[]> entryPath, byte[] blockHeader,
    List<byte[]> blockPath, Digest digest) {

  public static final int FORMAT = 1;

  /** The proof as a JSON document, every byte string in lower-case hex. */
  public String toJson() {
    return "{\"format\":" + FORMAT + ",\"entry\":\"" + Bytes.hex(entry) + "\",\"index_in_block\":"
        + indexInBlock + ",\"entry_path\":" + hexList(entryPath) + ",\"block_header\":\""
        + Bytes.hex(blockHeader) + "\",\"block_path\":" + hexList(blockPath) + ",\"digest\":"
        + digest.toJson() + "}";
  }

  static String hexList(List<byte[]> l) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < l.size(); i++) {
      b.append(i == 0 ? "" : ",").append('"').append(Bytes.hex(l.get(i))).append('"');
    }
    return b.append(']').toString();
  }

  static List<byte[]> hexList(Map<?, ?> m, String field) {
    List<byte[]> out = new ArrayList<>();
    for (Object o : Json.field(m, field, List.class)) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("field \"" + field + "\" must hold hex strings");
      }
      out.add(Bytes.unhex(s));
    }
    return out;
  }

  /** Reads a proof document; throws IllegalArgumentException naming what is wrong. */
  public static InclusionProof fromJson(String json) {
    if (!(Json.parse(json) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a proof must be a JSON object");
    }
    if (Json.field(m, "format", Long.class) != FORMAT) {
      throw new IllegalArgumentException("unsupported proof format");
    }
    Map<?, ?> d = Json.field(m, "digest", Map.class);
    Digest digest = new Digest(Json.field(d, "block_count", Long.class),
        Bytes.unhex(Json.field(d, "root", String.class)));
    return new InclusionProof(Bytes.unhex(Json.field(m, "entry", String.class)),
        Json.field(m, "index_in_block", Long.class), hexList(m, "entry_path"),
        Bytes.unhex(Json.field(m, "block_header", String.class)), hexList(m, "block_path"), digest);
  }
}

package com.blockdb.engine;

import com.blockdb.engine.util.Bytes;
import com.blockdb.engine.util.Json;
import java.util.Arrays;
import java.util.Map;

/**
 * A commitment to the whole ledger: the number of blocks and the RFC 6962 Merkle root over their
 * hashes. Saved outside the database, it makes any later rewrite of history evident, because the
 * rewritten ledger no longer proves consistent with it.
 *
 * @param blockCount blocks covered, genesis included (so the height of the newest is count - 1)
 * @param root the Merkle tree hash over the block hashes
 */
public record Digest(long blockCount, byte[] root) {

  /** Version of the JSON document; readers refuse versions they do not know. */
  public static final int FORMAT = 1;

  public Digest {
    if (blockCount < 1 || root == null || root.length != 32) {
      throw new IllegalArgumentException("a digest needs at least one block and a 32-byte root");
    }
    root = root.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The JSON document to save: {@code {"format":1,"block_count":N,"root":"<hex>"}}. */
  public String toJson() {
    return "{\"format\":" + FORMAT + ",\"block_count\":" + blockCount + ",\"height\":" + (blockCount - 1)
        + ",\"root\":\"" + Bytes.hex(root) + "\"}";
  }

  /** Reads a saved digest; throws IllegalArgumentException naming what is wrong. */
  public static Digest fromJson(String json) {
    Object doc = Json.parse(json);
    if (!(doc instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a digest must be a JSON object");
    }
    long format = Json.field(m, "format", Long.class);
    if (format != FORMAT) {
      throw new IllegalArgumentException("unsupported digest format " + format);
    }
    long count = Json.field(m, "block_count", Long.class);
    String root = Json.field(m, "root", String.class);
    byte[] r;
    try {
      r = Bytes.unhex(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field \"root\" is not hex");
    }
    if (r.length != 32 || count < 1) {
      throw new IllegalArgumentException("a digest needs block_count >= 1 and a 32-byte root");
    }
    return new Digest(count, r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && d.blockCount == blockCount && Arrays.equals(d.root, root);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(blockCount) * 31 + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Digest[blocks=" + blockCount + ", root=" + Bytes.hex(root) + "]";
  }
}

package com.blockdb.engine.commit;

import com.blockdb.engine.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A record of the commit log, the unit that is made durable (in the WAL, or the Raft log in a
 * cluster) and then applied to the memtable and the ledger, identically on every replica. Codec per
 * docs/FORMAT.md, "Commit record"; the first byte is the type:
 *
 * <pre>
 *   COMMIT (1): u64 commit timestamp, u16 principal length, principal (UTF-8), u32 put count,
 *               then per put: u32 table, u32 key length, key, u32 value length, value
 *   SEAL   (2): u64 timestamp — seal the pending entries into a block
 * </pre>
 *
 * Sequence numbers are not in the record: applying records in log order assigns them, so that a
 * leader need not know them when it proposes. Type ids 3 (PREPARE) and 4 (DECISION) are reserved
 * for two-phase commit.
 */
public sealed interface CommitRecord {

  byte COMMIT = 1;
  byte SEAL = 2;

  long timestamp();

  /** A transaction's puts. */
  record Commit(long timestamp, String principal, List<WriteBatch.Put> puts) implements CommitRecord {}

  /** Seal the pending block. */
  record Seal(long timestamp) implements CommitRecord {}

  static byte[] encode(CommitRecord r) {
    if (r instanceof Seal s) {
      return ByteBuffer.allocate(9).put(SEAL).putLong(s.timestamp()).array();
    }
    Commit c = (Commit) r;
    byte[] p = c.principal().getBytes(StandardCharsets.UTF_8);
    int size = 1 + 8 + 2 + p.length + 4;
    for (WriteBatch.Put put : c.puts()) {
      size += 12 + put.key().length + put.value().length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(COMMIT).putLong(c.timestamp()).putShort((short) p.length).put(p).putInt(c.puts().size());
    for (WriteBatch.Put put : c.puts()) {
      b.putInt(put.table()).putInt(put.key().length).put(put.key()).putInt(put.value().length).put(put.value());
    }
    assert !b.hasRemaining();
    return b.array();
  }

  /** Decodes a record; throws IllegalArgumentException if the bytes are not a valid record. */
  static CommitRecord decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte type = b.get();
      if (type == SEAL) {
        return new Seal(b.getLong());
      }
      if (type != COMMIT) {
        throw new IllegalArgumentException("unknown commit record type " + type);
      }
      long ts = b.getLong();
      byte[] p = new byte[b.getShort() & 0xFFFF];
      b.get(p);
      int n = b.getInt();
      if (n < 0 || n > bytes.length) {
        throw new IllegalArgumentException("bad put count " + n);
      }
      List<WriteBatch.Put> puts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int table = b.getInt();
        byte[] k = new byte[b.getInt()];
        b.get(k);
        byte[] v = new byte[b.getInt()];
        b.get(v);
        puts.add(new WriteBatch.Put(table, k, v));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after commit record");
      }
      return new Commit(ts, new String(p, StandardCharsets.UTF_8), puts);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed commit record", e);
    }
  }
}

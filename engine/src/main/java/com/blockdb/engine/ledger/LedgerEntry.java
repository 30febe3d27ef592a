package com.blockdb.engine.ledger;

import com.blockdb.engine.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Codec of the canonical ledger entry, the bytes a leaf hash covers (docs/FORMAT.md, "Ledger entry"):
 *
 * <pre>
 *   u8  version (1)
 *   u32 table
 *   u32 key length,   key bytes
 *   u32 value length, value bytes
 *   u64 sequence
 *   u64 commit timestamp (epoch ms)
 *   u16 principal length, principal (UTF-8)
 * </pre>
 *
 * All integers big-endian. Leaf hash = SHA-256(0x00 ‖ entry).
 */
public final class LedgerEntry {

  public static final byte VERSION = 1;

  private LedgerEntry() {}

  public static byte[] encode(Entry e) {
    byte[] p = e.principal().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + e.key().length + 4 + e.value().length + 8 + 8 + 2 + p.length);
    b.put(VERSION).putInt(e.table()).putInt(e.key().length).put(e.key()).putInt(e.value().length)
        .put(e.value()).putLong(e.sequence()).putLong(e.commitTimestamp()).putShort((short) p.length).put(p);
    return b.array();
  }

  /** Decodes canonical bytes; throws IllegalArgumentException if they are not a well-formed entry. */
  public static Entry decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != VERSION) {
        throw new IllegalArgumentException("unknown ledger entry version");
      }
      int table = b.getInt();
      byte[] key = new byte[b.getInt()];
      b.get(key);
      byte[] value = new byte[b.getInt()];
      b.get(value);
      long seq = b.getLong();
      long ts = b.getLong();
      byte[] p = new byte[b.getShort() & 0xFFFF];
      b.get(p);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after ledger entry");
      }
      return new Entry(table, key, value, seq, ts, new String(p, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed ledger entry", e);
    }
  }

  /**
   * SHA-256(0x00 ‖ entry) computed field by field, without building the entry bytes: the commit
   * path and verify hash every entry, so this avoids copying each value once more.
   */
  public static byte[] leafHash(int table, byte[] key, byte[] value, int valueOffset, int valueLength, long seq,
      long ts, byte[] principal) {
    java.security.MessageDigest md = com.blockdb.engine.util.Sha256.digest();
    ByteBuffer head = ByteBuffer.allocate(1 + 1 + 4 + 4);
    head.put((byte) 0).put(VERSION).putInt(table).putInt(key.length);
    md.update(head.array());
    md.update(key);
    md.update(ByteBuffer.allocate(4).putInt(valueLength).array());
    md.update(value, valueOffset, valueLength);
    ByteBuffer tail = ByteBuffer.allocate(8 + 8 + 2);
    tail.putLong(seq).putLong(ts).putShort((short) principal.length);
    md.update(tail.array());
    md.update(principal);
    return md.digest();
  }

  /** Leaf hash of an entry: SHA-256(0x00 ‖ encode(e)). */
  public static byte[] leafHash(Entry e) {
    return leafHash(e.table(), e.key(), e.value(), 0, e.value().length, e.sequence(), e.commitTimestamp(),
        e.principal().getBytes(StandardCharsets.UTF_8));
  }
}

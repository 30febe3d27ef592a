package com.blockdb.engine.ledger;

import com.blockdb.engine.Entry;
import com.blockdb.engine.util.Sha256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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

  /** Scratch for the fixed-size fields of {@link #leafHash}: the longest run is 18 bytes. */
  private static final ThreadLocal<byte[]> FIELDS = ThreadLocal.withInitial(() -> new byte[18]);
  // Big-endian views for writing those fields into the scratch array.
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
   * path and verify hash every entry, so this avoids copying each value once more. The fixed-size
   * fields go through a per-thread scratch array, so hashing an entry allocates only its result.
   */
  public static byte[] leafHash(int table, byte[] key, byte[] value, int valueOffset, int valueLength, long seq,
      long ts, byte[] principal) {
    MessageDigest md = Sha256.digest();
    byte[] f = FIELDS.get();
    f[0] = 0; // the leaf prefix of RFC 6962
    f[1] = VERSION;
    INT.set(f, 2, table);
    INT.set(f, 6, key.length);
    md.update(f, 0, 10);
    md.update(key);
    INT.set(f, 0, valueLength);
    md.update(f, 0, 4);
    md.update(value, valueOffset, valueLength);
    LONG.set(f, 0, seq);
    LONG.set(f, 8, ts);
    SHORT.set(f, 16, (short) principal.length);
    md.update(f, 0, 18);
    md.update(principal);
    return md.digest();
  }

  /** Leaf hash of an entry: SHA-256(0x00 ‖ encode(e)). */
  public static byte[] leafHash(Entry e) {
    return leafHash(e.table(), e.key(), e.value(), 0, e.value().length, e.sequence(), e.commitTimestamp(),
        e.principal().getBytes(StandardCharsets.UTF_8));
  }
}

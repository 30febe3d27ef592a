package com.blockdb.engine.impl;

import com.blockdb.engine.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Codec of what is stored under an internal key (docs/FORMAT.md, "Stored value"): u64 sequence,
 * u64 commit timestamp, u16 principal length, principal (UTF-8), then the value bytes to the end.
 * With the internal key it holds every field of the ledger entry, so the ledger keeps no copy of
 * values and verify re-hashes what is actually stored.
 */
final class StoredValue {

  private StoredValue() {}

  static byte[] encode(long seq, long ts, byte[] principal, byte[] value) {
    return ByteBuffer.allocate(18 + principal.length + value.length).putLong(seq).putLong(ts)
        .putShort((short) principal.length).put(principal).put(value).array();
  }

  static long sequence(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong();
  }

  static Entry toEntry(byte[] internalKey, byte[] stored) {
    ByteBuffer b = ByteBuffer.wrap(stored);
    long seq = b.getLong();
    long ts = b.getLong();
    int plen = b.getShort() & 0xFFFF;
    String principal = new String(stored, 18, plen, StandardCharsets.UTF_8);
    byte[] value = Arrays.copyOfRange(stored, 18 + plen, stored.length);
    return new Entry(InternalKey.table(internalKey), InternalKey.userKey(internalKey), value, seq, ts, principal);
  }
}

package com.blockdb.engine.impl;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The key under which an entry is stored in memtables and SSTables: u32 table id (big-endian) ‖ key,
 * so that each table's keys are contiguous and in unsigned byte order.
 */
final class InternalKey {

  private InternalKey() {}

  static byte[] of(int table, byte[] key) {
    return ByteBuffer.allocate(4 + key.length).putInt(table).put(key).array();
  }

  static int table(byte[] internal) {
    return ByteBuffer.wrap(internal).getInt();
  }

  static byte[] userKey(byte[] internal) {
    return Arrays.copyOfRange(internal, 4, internal.length);
  }

  /** First internal key of a table, or of the key range start if given. */
  static byte[] lowerBound(int table, byte[] from) {
    return of(table, from == null ? new byte[0] : from);
  }

  /** Exclusive upper bound: the range end if given, else the start of the next table. */
  static byte[] upperBound(int table, byte[] to) {
    if (to != null) {
      return of(table, to);
    }
    return table == -1 ? null : ByteBuffer.allocate(4).putInt(table + 1).array();
  }
}

package com.blockdb.engine.sstable;

/**
 * Unsigned LEB128 varints (7 bits per byte, least significant group first, high bit = "more"), the
 * length prefixes of block entries; only values 0..2^31-1 in at most 5 bytes are valid.
 */
final class Varints {

  /** Longest encoding of a non-negative int. */
  static final int MAX_LENGTH = 5;

  private Varints() {}

  static int encodedLength(int value) {
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** Writes {@code value} (non-negative) at {@code pos}; returns the position after it. */
  static int write(byte[] buf, int pos, int value) {
    while ((value & ~0x7F) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
    return pos;
  }

  /**
   * Reads a varint starting at {@code pos}, not reading at or past {@code limit}. Returns the value
   * in the low 32 bits and the position after it in the high 32 bits, so the hot path allocates
   * nothing; returns -1 if the bytes are not a valid varint (runs past limit, too long, or overflows
   * an int). Overlong encodings with redundant zero groups are also rejected so that each value has
   * exactly one encoding.
   */
  static long read(byte[] buf, int pos, int limit) {
    int result = 0;
    for (int shift = 0, i = 0; i < MAX_LENGTH; i++, shift += 7) {
      if (pos >= limit) {
        return -1;
      }
      int b = buf[pos++] & 0xFF;
      if (i == MAX_LENGTH - 1 && b > 0x07) {
        return -1; // the fifth byte may only carry bits 28..30 of a non-negative int
      }
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          return -1; // a trailing zero group: not the shortest encoding
        }
        return ((long) pos << 32) | (result & 0xFFFFFFFFL);
      }
    }
    return -1;
  }

  static int value(long packed) {
    return (int) packed;
  }

  static int next(long packed) {
    return (int) (packed >>> 32);
  }
}

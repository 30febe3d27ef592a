package com.blockdb.jdbc.codec;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;

/**
 * Reads the bytes of one stored key or row; every read past the end or malformed field is
 * reported as corruption (SQLState XX001) naming the table and what was being read.
 */
final class ByteSource {
  private final byte[] buf;
  private final String table;
  private final String what;
  private int pos;

  ByteSource(byte[] buf, String table, String what) {
    this.buf = buf;
    this.table = table;
    this.what = what;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return buf.length - pos;
  }

  boolean atEnd() {
    return pos == buf.length;
  }

  int peek() {
    need(1);
    return buf[pos] & 0xFF;
  }

  int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  int readInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  byte[] readBytes(int n) {
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(buf, pos, b, 0, n);
    pos += n;
    return b;
  }

  void skip(int n) {
    need(n);
    pos += n;
  }

  /** An unsigned LEB128 varint of at most 10 bytes. */
  long readVarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw corrupt("a varint longer than 10 bytes");
  }

  long readZigzag() {
    long v = readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A zigzag varint that must fit an int. */
  int readZigzagInt() {
    long v = readZigzag();
    if (v != (int) v) {
      throw corrupt("an integer out of range");
    }
    return (int) v;
  }

  /** A varint length that must fit the remaining bytes. */
  int readLength() {
    long n = readVarint();
    if (n < 0 || n > remaining()) {
      throw corrupt("a length of " + n + " bytes with " + remaining() + " left");
    }
    return (int) n;
  }

  /** Corruption at the current offset. */
  SqlStateException corrupt(String problem) {
    return new SqlStateException("XX001", VendorCodes.CORRUPTION,
        "corrupt " + what + " of table " + table + " at byte " + pos + ": " + problem);
  }

  private void need(int n) {
    if (n < 0 || n > buf.length - pos) {
      throw corrupt("truncated (" + n + " more bytes needed, " + (buf.length - pos) + " left)");
    }
  }
}

package com.blockdb.jdbc.codec;

import java.util.Arrays;

/** A growable byte buffer the codecs write into; not thread-safe, unlike ByteArrayOutputStream. */
public final class ByteSink {
  private byte[] buf;
  private int size;

  public ByteSink() {
    this(32);
  }

  public ByteSink(int initialCapacity) {
    buf = new byte[Math.max(8, initialCapacity)];
  }

  /** The number of bytes written so far. */
  public int size() {
    return size;
  }

  /** The buffer's length. */
  public int capacity() {
    return buf.length;
  }

  /** Forgets what was written, keeping the buffer (for a sink reused row after row). */
  public void reset() {
    size = 0;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  /** Four bytes, big-endian. */
  public void writeInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  /** Eight bytes, big-endian. */
  public void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  /** An unsigned LEB128 varint: 7 bits a byte, least significant group first. */
  public void writeVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    write((int) v);
  }

  /** Bytes {@link #writeMinimalTwosComplement} writes for {@code v}. */
  public static int minimalTwosComplementLength(long v) {
    int bits = 64 - Long.numberOfLeadingZeros(v >= 0 ? v : ~v); // BigInteger.bitLength()
    return bits / 8 + 1;
  }

  /**
   * {@code v} as {@link java.math.BigInteger#toByteArray()} writes it: the fewest big-endian
   * two's-complement bytes that keep the sign, without making a BigInteger.
   */
  public void writeMinimalTwosComplement(long v) {
    int len = minimalTwosComplementLength(v);
    ensure(len);
    for (int shift = 8 * (len - 1); shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  /** A signed value as a zigzag varint, so small negative numbers stay short too. */
  public void writeZigzag(long v) {
    writeVarint((v << 1) ^ (v >> 63));
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      int capacity = Math.max(buf.length * 2, size + more);
      buf = Arrays.copyOf(buf, capacity);
    }
  }
}

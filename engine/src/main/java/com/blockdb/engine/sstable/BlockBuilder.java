package com.blockdb.engine.sstable;

import com.blockdb.engine.util.Checksums;
import java.util.Arrays;

/**
 * Accumulates the entries of one data block, {@code [varint keyLen][varint valueLen][key][value]}
 * each, and seals it with its {@link BlockTrailer} so the table writer appends it in one call.
 */
final class BlockBuilder {

  /** Largest array the JVM reliably allocates; bounds a block's stored size. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final int targetSize;
  private byte[] buf;
  private int size;

  BlockBuilder(int targetSize) {
    this.targetSize = targetSize;
    this.buf = new byte[targetSize + BlockTrailer.ENCODED_LENGTH];
  }

  static long encodedLength(byte[] key, byte[] value) {
    return encodedLength(key.length, value.length);
  }

  static long encodedLength(int keyLength, int valueLength) {
    return (long) Varints.encodedLength(keyLength) + Varints.encodedLength(valueLength) + keyLength + valueLength;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Payload bytes so far, without the trailer. */
  int size() {
    return size;
  }

  void add(byte[] key, byte[] value) {
    add(key, 0, key.length, value, 0, value.length);
  }

  void add(byte[] keyBuf, int keyOffset, int keyLength, byte[] valueBuf, int valueOffset, int valueLength) {
    int needed = (int) encodedLength(keyLength, valueLength);
    ensureCapacity(size + needed + BlockTrailer.ENCODED_LENGTH);
    int p = Varints.write(buf, size, keyLength);
    p = Varints.write(buf, p, valueLength);
    System.arraycopy(keyBuf, keyOffset, buf, p, keyLength);
    System.arraycopy(valueBuf, valueOffset, buf, p + keyLength, valueLength);
    size = p + keyLength + valueLength;
  }

  /**
   * Appends the CRC32C trailer and returns the buffer; bytes {@code [0, size() + 4)} are the block
   * as stored. Valid until {@link #reset()}.
   */
  byte[] seal() {
    int crc = Checksums.crc32c(buf, 0, size);
    buf[size] = (byte) (crc >>> 24);
    buf[size + 1] = (byte) (crc >>> 16);
    buf[size + 2] = (byte) (crc >>> 8);
    buf[size + 3] = (byte) crc;
    return buf;
  }

  void reset() {
    size = 0;
    // A huge single-entry block must not pin its buffer for the rest of the table.
    if (buf.length > 2 * (targetSize + BlockTrailer.ENCODED_LENGTH)) {
      buf = new byte[targetSize + BlockTrailer.ENCODED_LENGTH];
    }
  }

  private void ensureCapacity(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.max(capacity, Math.min(2L * buf.length, MAX_ARRAY)));
    }
  }
}

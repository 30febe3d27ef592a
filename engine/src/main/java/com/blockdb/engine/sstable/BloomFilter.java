package com.blockdb.engine.sstable;

import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.util.Bytes;
import java.nio.file.Path;

/**
 * The in-memory, read-only bloom filter of one table, which lets a point get skip the data block
 * read for most absent keys.
 *
 * <p>Block payload: {@code [u8 k][m/8 bytes of bits]}. Key hash: FNV-1a 64 over the key bytes,
 * then the MurmurHash3 64-bit finaliser (FNV alone mixes its low bits poorly for short keys).
 * Probe {@code i} (0 &lt;= i &lt; k) tests bit {@code (a + i*b) mod m} with {@code a = h >>> 32}
 * and {@code b = (h & 0xFFFFFFFF) | 1} (Kirsch-Mitzenmacher double hashing; an odd {@code b} is
 * never a multiple of the even {@code m}, so the k probes never collapse onto one bit). Bit
 * {@code j} is {@code byte[j/8] & (1 << (j%8))}.
 */
final class BloomFilter {

  /** Largest k a reader accepts; a writer uses {@link BloomFilterBuilder#HASH_COUNT}. */
  static final int MAX_HASH_COUNT = 30;

  private final byte[] block; // the block as read; bits start at index 1
  private final int hashCount;
  private final long bitCount;

  private BloomFilter(byte[] block, int hashCount, long bitCount) {
    this.block = block;
    this.hashCount = hashCount;
    this.bitCount = bitCount;
  }

  /** Wraps a CRC-checked bloom block payload (the first {@code size} bytes of {@code block}). */
  static BloomFilter decode(byte[] block, int size, Path file, long blockOffset) {
    if (size < 2) {
      throw new CorruptionException(file, blockOffset, "bloom filter block too short: " + size);
    }
    int k = block[0] & 0xFF;
    if (k < 1 || k > MAX_HASH_COUNT) {
      throw new CorruptionException(file, blockOffset, "bloom filter hash count " + k);
    }
    return new BloomFilter(block, k, 8L * (size - 1));
  }

  /** False only if {@code key} was certainly not added. */
  boolean mayContain(byte[] key) {
    long h = hash(key);
    long m = bitCount;
    long bit = probe(h, 0, m);
    long step = step(h, m);
    for (int i = 0; i < hashCount; i++) {
      if ((block[1 + (int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
      bit = next(bit, step, m);
    }
    return true;
  }

  /** {@code b mod m}: what {@link #next} adds to go from one probe to the next. */
  static long step(long h, long m) {
    return ((h & 0xFFFF_FFFFL) | 1) % m;
  }

  /**
   * The probe after {@code bit}: {@link #probe}{@code (h, i + 1, m)} from {@code probe(h, i, m)}
   * and {@code step = b mod m}, by one addition instead of a division (both are below m).
   */
  static long next(long bit, long step, long m) {
    long n = bit + step;
    return n >= m ? n - m : n;
  }

  /** Bit tested by probe {@code i} of a key with hash {@code h} in a filter of {@code m} bits. */
  static long probe(long h, int i, long m) {
    long a = h >>> 32;
    long b = (h & 0xFFFF_FFFFL) | 1;
    return (a + i * b) % m; // a + i*b < 2^37 for i < 32: never overflows, never negative
  }

  /** The 64-bit key hash written out in docs/FORMAT.md ("SSTable"); part of the file format. */
  static long hash(byte[] key) {
    return hash(key, 0, key.length);
  }

  /** {@link #hash(byte[])} of {@code buf[offset, offset + length)}. */
  static long hash(byte[] buf, int offset, int length) {
    return Bytes.hash64(buf, offset, length);
  }
}

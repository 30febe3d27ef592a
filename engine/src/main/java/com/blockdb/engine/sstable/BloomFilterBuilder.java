package com.blockdb.engine.sstable;

import java.nio.file.Path;

/**
 * Collects the keys of a table being written into a bloom filter sized up front from the expected
 * key count, so the writer never has to hold all keys (or their hashes) in memory.
 */
final class BloomFilterBuilder {

  /** About 1% false positives at 10 bits per key needs k = 10 * ln 2, rounded. */
  static final int BITS_PER_KEY = 10;
  static final int HASH_COUNT = 7;

  /** Floor so tiny or empty tables still get a useful filter. */
  static final int MIN_BYTES = 8;
  /** Cap (256 MiB, 2^31 bits) so a wild estimate cannot exhaust the heap; costs only accuracy. */
  static final int MAX_BYTES = 1 << 28;

  private final byte[] block; // [k][bits], the block payload as written

  BloomFilterBuilder(long expectedKeys) {
    if (expectedKeys < 0) {
      throw new IllegalArgumentException("expectedKeys < 0: " + expectedKeys);
    }
    long bytes = (Math.min(expectedKeys, Long.MAX_VALUE / BITS_PER_KEY) * BITS_PER_KEY + 7) / 8;
    int n = (int) Math.max(MIN_BYTES, Math.min(MAX_BYTES, bytes));
    block = new byte[1 + n];
    block[0] = HASH_COUNT;
  }

  void add(byte[] key) {
    add(key, 0, key.length);
  }

  void add(byte[] buf, int offset, int length) {
    long bitCount = 8L * (block.length - 1);
    long h = BloomFilter.hash(buf, offset, length);
    long bit = BloomFilter.probe(h, 0, bitCount);
    long step = BloomFilter.step(h, bitCount);
    for (int i = 0; i < HASH_COUNT; i++) {
      block[1 + (int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
      bit = BloomFilter.next(bit, step, bitCount);
    }
  }

  /** The block payload; the caller appends the trailer. */
  byte[] payload() {
    return block;
  }

  /** For tests: a reader over what has been added so far. */
  BloomFilter toFilter() {
    return BloomFilter.decode(block, block.length, Path.of("<memory>"), 0);
  }
}

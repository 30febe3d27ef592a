package com.blockdb.engine.impl;

import com.blockdb.engine.util.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bloom filter over a memtable's keys, so that looking for a key the memtable does not hold costs
 * one cache line instead of a skip-list search. Most lookups are such: every write's duplicate
 * check (a new key is nowhere), and every point read of a key that was flushed. A search of half a
 * million entries was 12% of a server's request threads and 40% of a cluster node's apply thread
 * under single-row INSERTs, on each node.
 *
 * <p>Blocked: all probes of a key fall in one 512-bit block (eight longs, one cache line), chosen by
 * the hash's high bits, six bits within it from the rest (about 1-2% false positives at ten bits per
 * key; more when a memtable holds more, smaller entries than its size suggests, which costs only a
 * search). One writer sets bits (opaque stores, before the key is linked into the skip list, whose
 * volatile writes publish them); readers test with opaque loads.
 */
final class MemtableFilter {

  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int BITS_PER_KEY = 10;
  /** The bytes one entry is assumed to take of the memtable's size limit when sizing the filter. */
  private static final int ASSUMED_ENTRY_BYTES = 128;
  private static final int MAX_BLOCKS = 1 << 20; // 64 MiB of filter: a memtable limit of ~6 GiB

  private final long[] words;
  private final int blockMask;

  /** A filter for a memtable flushed at about {@code sizeLimit} bytes. */
  MemtableFilter(long sizeLimit) {
    long keys = Math.max(64, sizeLimit / ASSUMED_ENTRY_BYTES);
    long blocks = Math.max(1, keys * BITS_PER_KEY / 512);
    int b = Integer.highestOneBit((int) Math.min(MAX_BLOCKS, blocks));
    if (b < blocks && b < MAX_BLOCKS) {
      b <<= 1;
    }
    this.words = new long[b * 8];
    this.blockMask = b - 1;
  }

  void add(byte[] key) {
    long h = Bytes.hash64(key, 0, key.length);
    int base = block(h);
    for (int i = 0; i < 6; i++) {
      int bit = (int) (h >>> (9 * i)) & 511;
      int w = base + (bit >>> 6);
      long old = (long) WORDS.getOpaque(words, w);
      WORDS.setOpaque(words, w, old | (1L << bit));
    }
  }

  /** False if the key was never added (by an add that happened before this call). */
  boolean mayContain(byte[] key) {
    long h = Bytes.hash64(key, 0, key.length);
    int base = block(h);
    for (int i = 0; i < 6; i++) {
      int bit = (int) (h >>> (9 * i)) & 511;
      if (((long) WORDS.getOpaque(words, base + (bit >>> 6)) & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The first word of the key's block: from the hash remixed, since its low 54 bits pick the probes. */
  private int block(long h) {
    return ((int) ((h * 0x9E37_79B9_7F4A_7C15L) >>> 40) & blockMask) * 8;
  }
}

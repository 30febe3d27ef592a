package com.blockdb.engine.sstable;

import com.blockdb.engine.CorruptionException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The decoded, in-memory index of a table: for each data block its last key, offset and size,
 * binary-searched so a point get touches exactly one data block.
 */
final class IndexBlock {

  private final byte[] smallestKey; // null iff there are no blocks
  private final byte[][] lastKeys;
  private final long[] offsets;
  private final int[] sizes;

  private IndexBlock(byte[] smallestKey, byte[][] lastKeys, long[] offsets, int[] sizes) {
    this.smallestKey = smallestKey;
    this.lastKeys = lastKeys;
    this.offsets = offsets;
    this.sizes = sizes;
  }

  /**
   * Decodes a CRC-checked index payload (first {@code size} bytes of {@code block}) and checks that
   * it describes a plausible table: keys strictly ascending, data blocks non-empty and packed
   * back to back from offset 0 up to {@code dataEnd}. The CRC already guards against damage; these
   * checks catch a buggy writer or a file that was spliced together from valid pieces.
   */
  static IndexBlock decode(byte[] block, int size, Path file, long blockOffset, long dataEnd) {
    if (size < 4) {
      throw new CorruptionException(file, blockOffset, "index block too short: " + size);
    }
    long declared = Integer.toUnsignedLong(ByteBuffer.wrap(block).getInt(0));
    // Each entry takes at least 1 + 12 bytes, which bounds the count before we allocate for it.
    if (declared > (size - 4) / (1 + BlockHandle.ENCODED_LENGTH)) {
      throw new CorruptionException(file, blockOffset, "index block count " + declared
          + " does not fit in " + size + " bytes");
    }
    int count = (int) declared;
    int pos = 4;
    byte[] smallest = null;
    if (count > 0) {
      long p = Varints.read(block, pos, size);
      int len = Varints.value(p);
      if (p < 0 || len > size - Varints.next(p)) {
        throw new CorruptionException(file, blockOffset + pos, "bad smallest key length");
      }
      pos = Varints.next(p);
      smallest = Arrays.copyOfRange(block, pos, pos + len);
      pos += len;
    }
    byte[][] keys = new byte[count][];
    long[] offsets = new long[count];
    int[] sizes = new int[count];
    long expectedOffset = 0;
    for (int i = 0; i < count; i++) {
      int entryStart = pos;
      long p = Varints.read(block, pos, size);
      int len = Varints.value(p);
      if (p < 0 || len > size - Varints.next(p) - BlockHandle.ENCODED_LENGTH) {
        throw new CorruptionException(file, blockOffset + entryStart, "bad index entry " + i);
      }
      pos = Varints.next(p);
      keys[i] = Arrays.copyOfRange(block, pos, pos + len);
      pos += len;
      BlockHandle h = BlockHandle.decode(ByteBuffer.wrap(block, pos, BlockHandle.ENCODED_LENGTH));
      pos += BlockHandle.ENCODED_LENGTH;
      if (h.offset() != expectedOffset || h.size() == 0
          || h.size() > BlockBuilder.MAX_ARRAY - BlockTrailer.ENCODED_LENGTH
          || h.end() > dataEnd) {
        throw new CorruptionException(file, blockOffset + entryStart, "index entry " + i
            + " has handle " + h + " but data blocks end at " + dataEnd);
      }
      int cmp = Arrays.compareUnsigned(i == 0 ? smallest : keys[i - 1], keys[i]);
      if (i == 0 ? cmp > 0 : cmp >= 0) {
        throw new CorruptionException(file, blockOffset + entryStart, "index keys out of order");
      }
      offsets[i] = h.offset();
      sizes[i] = (int) h.size();
      expectedOffset = h.end();
    }
    if (pos != size) {
      throw new CorruptionException(file, blockOffset + pos, "trailing bytes in index block");
    }
    if (expectedOffset != dataEnd) {
      throw new CorruptionException(file, expectedOffset, "data blocks end at " + expectedOffset
          + " but the index block starts at " + dataEnd);
    }
    return new IndexBlock(smallest, keys, offsets, sizes);
  }

  int blockCount() {
    return lastKeys.length;
  }

  /** The table's smallest key, or null if it has no entries. Not a copy. */
  byte[] smallestKey() {
    return smallestKey;
  }

  /** The table's largest key, or null if it has no entries. Not a copy. */
  byte[] largestKey() {
    return lastKeys.length == 0 ? null : lastKeys[lastKeys.length - 1];
  }

  /** Last key of block {@code i}. Not a copy. */
  byte[] lastKey(int i) {
    return lastKeys[i];
  }

  long offset(int i) {
    return offsets[i];
  }

  int size(int i) {
    return sizes[i];
  }

  /**
   * Index of the first block whose last key is &gt;= {@code key}: the only block that can hold
   * {@code key} or its successor; {@link #blockCount()} if {@code key} is past the last key.
   */
  int findBlock(byte[] key) {
    int lo = 0;
    int hi = lastKeys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(lastKeys[mid], key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

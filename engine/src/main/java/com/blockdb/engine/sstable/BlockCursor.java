package com.blockdb.engine.sstable;

import com.blockdb.engine.CorruptionException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Walks the entries of one CRC-checked data block in place, without copying, checking as it goes
 * that each entry fits in the block and that keys strictly ascend.
 */
final class BlockCursor {

  private final byte[] buf;
  private final int limit;
  private final Path file;
  private final long blockOffset;

  private int pos;
  private int entryStart = -1;
  private int keyOff = -1;
  private int keyLen;
  private int valueOff;
  private int valueLen;

  /** Entries are the first {@code limit} bytes of {@code buf}, read from {@code blockOffset}. */
  BlockCursor(byte[] buf, int limit, Path file, long blockOffset) {
    this.buf = buf;
    this.limit = limit;
    this.file = file;
    this.blockOffset = blockOffset;
  }

  /** A new cursor over the same block, before its first entry. */
  BlockCursor rewound() {
    return new BlockCursor(buf, limit, file, blockOffset);
  }

  /** Moves to the next entry; false at the end of the block. */
  boolean next() {
    if (pos == limit) {
      return false;
    }
    int start = pos;
    long k = Varints.read(buf, start, limit);
    long v = k < 0 ? -1 : Varints.read(buf, Varints.next(k), limit);
    if (v < 0) {
      throw corrupt(start, "bad entry length");
    }
    int kLen = Varints.value(k);
    int vLen = Varints.value(v);
    int kOff = Varints.next(v);
    if (kLen > limit - kOff || vLen > limit - kOff - kLen) {
      throw corrupt(start, "entry overruns its block");
    }
    if (keyOff >= 0
        && Arrays.compareUnsigned(buf, keyOff, keyOff + keyLen, buf, kOff, kOff + kLen) >= 0) {
      throw corrupt(start, "keys out of order in block");
    }
    entryStart = start;
    keyOff = kOff;
    keyLen = kLen;
    valueOff = kOff + kLen;
    valueLen = vLen;
    pos = valueOff + vLen;
    return true;
  }

  /** True when on the block's first entry. */
  boolean isFirst() {
    return entryStart == 0;
  }

  /** Compares the current key with {@code key}, unsigned, without copying. */
  int compareKey(byte[] key) {
    return Arrays.compareUnsigned(buf, keyOff, keyOff + keyLen, key, 0, key.length);
  }

  byte[] key() {
    return Arrays.copyOfRange(buf, keyOff, keyOff + keyLen);
  }

  byte[] value() {
    return Arrays.copyOfRange(buf, valueOff, valueOff + valueLen);
  }

  CorruptionException corrupt(int at, String what) {
    return new CorruptionException(file, blockOffset + at, what);
  }
}

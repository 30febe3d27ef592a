package com.blockdb.engine.sstable;

import java.nio.ByteBuffer;

/**
 * Where a block lives in a table file: the offset of its first byte and its size without the
 * 4-byte {@link BlockTrailer}.
 *
 * <p>Encoded as {@code [u64 offset][u32 size]}, big-endian. A decoded handle is not yet trusted:
 * {@link TableReader} checks it against the file layout before reading.
 */
record BlockHandle(long offset, long size) {

  static final int ENCODED_LENGTH = 12;

  /** Offset of the first byte after this block's trailer. */
  long end() {
    return offset + size + BlockTrailer.ENCODED_LENGTH;
  }

  static void encode(BlockHandle handle, ByteBuffer out) {
    if (handle.size < 0 || handle.size > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("block size does not fit u32: " + handle.size);
    }
    out.putLong(handle.offset).putInt((int) handle.size);
  }

  static BlockHandle decode(ByteBuffer in) {
    long offset = in.getLong();
    long size = Integer.toUnsignedLong(in.getInt());
    return new BlockHandle(offset, size);
  }
}

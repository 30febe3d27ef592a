package com.blockdb.engine.sstable;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Records the last key and handle of each data block as the table is written, then encodes the
 * index block that {@link IndexBlock} decodes.
 */
final class IndexBlockBuilder {

  private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
  private final byte[] scratch = new byte[Varints.MAX_LENGTH + BlockHandle.ENCODED_LENGTH];
  private int count;

  void add(byte[] lastKey, BlockHandle handle) {
    int n = Varints.write(scratch, 0, lastKey.length);
    entries.write(scratch, 0, n);
    entries.write(lastKey, 0, lastKey.length);
    ByteBuffer h = ByteBuffer.wrap(scratch, 0, BlockHandle.ENCODED_LENGTH);
    BlockHandle.encode(handle, h);
    entries.write(scratch, 0, BlockHandle.ENCODED_LENGTH);
    count++;
  }

  /**
   * The index block with its trailer: {@code [u32 count]}, then (if count &gt; 0) the table's
   * smallest key as {@code [varint len][bytes]}, then the entries.
   */
  byte[] seal(byte[] smallestKey) {
    int head = 4 + (count > 0 ? Varints.encodedLength(smallestKey.length) + smallestKey.length : 0);
    int size = head + entries.size();
    ByteBuffer buf = ByteBuffer.allocate(size + BlockTrailer.ENCODED_LENGTH);
    buf.putInt(count);
    if (count > 0) {
      buf.position(Varints.write(buf.array(), buf.position(), smallestKey.length));
      buf.put(smallestKey);
    }
    buf.put(entries.toByteArray());
    BlockTrailer.encode(BlockTrailer.of(buf.array(), 0, size), buf);
    return buf.array();
  }
}

package com.blockdb.engine.sstable;

import com.blockdb.engine.util.Checksums;
import java.nio.ByteBuffer;

/**
 * The 4 bytes after every block: CRC32C of the block's bytes, so a block is verified on its own
 * without trusting anything else in the file.
 */
record BlockTrailer(int crc32c) {

  static final int ENCODED_LENGTH = 4;

  static BlockTrailer of(byte[] block, int off, int len) {
    return new BlockTrailer(Checksums.crc32c(block, off, len));
  }

  static void encode(BlockTrailer trailer, ByteBuffer out) {
    out.putInt(trailer.crc32c);
  }

  static BlockTrailer decode(ByteBuffer in) {
    return new BlockTrailer(in.getInt());
  }
}

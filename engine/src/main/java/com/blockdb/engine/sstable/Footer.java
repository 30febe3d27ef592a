package com.blockdb.engine.sstable;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.CorruptionException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.util.Checksums;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The fixed-size record at the very end of a table file that locates the index and bloom blocks;
 * a reader starts here, so it is self-checking (magic, version, CRC32C).
 *
 * <p>Layout (48 bytes, big-endian): {@code [index handle 12][bloom handle 12][u64 entryCount]
 * [u32 version][8-byte magic][u32 crc32c of the preceding 44 bytes]}. Version and magic sit at
 * fixed distances from the end of the file so that a future version may change everything before
 * them and still be recognised as "newer" rather than "corrupt".
 */
record Footer(BlockHandle indexHandle, BlockHandle bloomHandle, long entryCount) {

  static final int FORMAT_VERSION = 1;

  /** ASCII {@code "BDBSST\r\n"}; the CR LF pair exposes text-mode line-ending conversion. */
  static final long MAGIC = 0x4244_4253_5354_0D0AL;

  static final int ENCODED_LENGTH = 2 * BlockHandle.ENCODED_LENGTH + 8 + 4 + 8 + 4;

  /** Field offsets inside the footer, used to name the exact offset of a failed check. */
  static final int VERSION_OFFSET = 2 * BlockHandle.ENCODED_LENGTH + 8;
  static final int MAGIC_OFFSET = VERSION_OFFSET + 4;
  static final int CRC_OFFSET = MAGIC_OFFSET + 8;

  static byte[] encode(Footer footer) {
    ByteBuffer buf = ByteBuffer.allocate(ENCODED_LENGTH);
    BlockHandle.encode(footer.indexHandle, buf);
    BlockHandle.encode(footer.bloomHandle, buf);
    buf.putLong(footer.entryCount).putInt(FORMAT_VERSION).putLong(MAGIC);
    buf.putInt(Checksums.crc32c(buf.array(), 0, CRC_OFFSET));
    return buf.array();
  }

  /**
   * Decodes and checks a footer read from {@code file} at {@code footerOffset}. Checks run in the
   * order magic, version, CRC: a wrong magic means "not a table", and an unknown version must be
   * reported as such even though a newer layout would not match our CRC position.
   */
  static Footer decode(byte[] bytes, Path file, long footerOffset) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.getLong(MAGIC_OFFSET) != MAGIC) {
      throw new CorruptionException(file, footerOffset + MAGIC_OFFSET, "bad sstable magic number");
    }
    int version = buf.getInt(VERSION_OFFSET);
    if (version != FORMAT_VERSION) {
      throw new BlockDbException(ErrorCode.UNSUPPORTED_FORMAT, "sstable " + file
          + " has format version " + Integer.toUnsignedString(version) + " (offset "
          + (footerOffset + VERSION_OFFSET) + "); this build reads only version " + FORMAT_VERSION);
    }
    if (buf.getInt(CRC_OFFSET) != Checksums.crc32c(bytes, 0, CRC_OFFSET)) {
      throw new CorruptionException(file, footerOffset, "sstable footer checksum mismatch");
    }
    BlockHandle index = BlockHandle.decode(buf);
    BlockHandle bloom = BlockHandle.decode(buf);
    long entryCount = buf.getLong();
    if (entryCount < 0) {
      throw new CorruptionException(file, footerOffset + 2L * BlockHandle.ENCODED_LENGTH,
          "negative entry count");
    }
    return new Footer(index, bloom, entryCount);
  }
}

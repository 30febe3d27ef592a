package com.blockdb.engine.wal;

import com.blockdb.engine.util.Checksums;
import java.nio.ByteBuffer;

/** Byte-layout constants and file naming of WAL segments, as documented in docs/FORMAT.md ("Write-ahead log"). */
public final class WalFormat {

  /** {@code "BLKDBWAL"} in ASCII, the first eight bytes of every segment file. */
  public static final long MAGIC = 0x424C4B444257414CL;

  /** The only segment format version this code reads and writes. */
  public static final int VERSION = 2;

  /** Bytes in a segment header: magic, version, first index, header CRC. */
  public static final int HEADER_LENGTH = 8 + 4 + 8 + 4;

  /** Bytes before a record's body: body length and body CRC. */
  public static final int RECORD_HEADER_LENGTH = 4 + 4;

  /** Bytes of the log index at the start of every record body. */
  public static final int INDEX_LENGTH = 8;

  /** Bytes of the durability watermark that follows the index in every record body. */
  public static final int WATERMARK_LENGTH = 8;

  /** Bytes of a record body before its payload (index and watermark): the smallest valid body length. */
  public static final int BODY_PREFIX_LENGTH = INDEX_LENGTH + WATERMARK_LENGTH;

  /** Largest body length a record may declare (64 MiB); a larger length field is damage. */
  public static final int MAX_BODY_LENGTH = 64 << 20;

  /** Largest payload {@link LogWriter#append} accepts. */
  public static final int MAX_PAYLOAD_LENGTH = MAX_BODY_LENGTH - BODY_PREFIX_LENGTH;

  /** File-name suffix of segment files. */
  public static final String SEGMENT_SUFFIX = ".log";

  private static final int NAME_DIGITS = 20;

  private WalFormat() {}

  /** The file name of the segment whose first record has index {@code firstIndex}. */
  public static String segmentFileName(long firstIndex) {
    if (firstIndex < 1) {
      throw new IllegalArgumentException("log indices start at 1: " + firstIndex);
    }
    // Zero-padded to the width of a u64 so that name order is index order.
    return String.format("%020d%s", firstIndex, SEGMENT_SUFFIX);
  }

  /** The first index encoded in a segment file name, or -1 if {@code name} is not a segment name. */
  public static long parseSegmentFileName(String name) {
    if (name.length() != NAME_DIGITS + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < NAME_DIGITS; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      int digit = c - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return -1; // beyond the index range this code ever writes
      }
      value = value * 10 + digit;
    }
    return value >= 1 ? value : -1;
  }

  /** The encoded segment header for a segment starting at {@code firstIndex}, ready to write. */
  static ByteBuffer encodeHeader(long firstIndex) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH); // big-endian by default
    b.putLong(MAGIC).putInt(VERSION).putLong(firstIndex);
    b.putInt(Checksums.crc32c(b.array(), 0, HEADER_LENGTH - 4));
    return b.flip();
  }
}

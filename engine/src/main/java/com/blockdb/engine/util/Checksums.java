package com.blockdb.engine.util;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli), the checksum of every BlockDB file record; hardware-accelerated by the JDK. */
public final class Checksums {

  private Checksums() {}

  public static int crc32c(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  public static int crc32c(byte[] b) {
    return crc32c(b, 0, b.length);
  }

  /** CRC32C of the bytes between position and limit, without moving the buffer's position. */
  public static int crc32c(ByteBuffer buf) {
    CRC32C c = new CRC32C();
    c.update(buf.duplicate());
    return (int) c.getValue();
  }
}

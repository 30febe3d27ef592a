package com.blockdb.engine.util;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** Byte-array helpers: unsigned order, hex, and big-endian integers. */
public final class Bytes {

  /** Unsigned lexicographic order, the order of every key in BlockDB. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  public static byte[] unhex(String s) {
    return HEX.parseHex(s);
  }

  /** The smallest key greater than every key starting with {@code prefix}, or null if none. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** A key as text when it is printable UTF-8, else as {@code 0x<hex>}, for error messages. */
  public static String printable(byte[] key) {
    for (byte b : key) {
      if ((b & 0xFF) < 0x20 || b == 0x7F) {
        return "0x" + hex(key);
      }
    }
    String s = new String(key, java.nio.charset.StandardCharsets.UTF_8);
    if (!Arrays.equals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), key)) {
      return "0x" + hex(key);
    }
    return s;
  }

  /**
   * FNV-1a 64 over {@code buf[offset, offset + length)}, then MurmurHash3's fmix64: the key hash of
   * SSTable bloom filters (part of the file format, docs/FORMAT.md "SSTable") and memtable filters.
   */
  public static long hash64(byte[] buf, int offset, int length) {
    long h = 0xCBF2_9CE4_8422_2325L; // FNV-1a 64 offset basis
    for (int i = offset; i < offset + length; i++) {
      h ^= buf[i] & 0xFF;
      h *= 0x0000_0100_0000_01B3L; // FNV-1a 64 prime
    }
    h ^= h >>> 33; // MurmurHash3 fmix64
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    h ^= h >>> 33;
    return h;
  }
}

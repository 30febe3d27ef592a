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
}

package com.blockdb.bench;

import java.nio.charset.StandardCharsets;

/** 16-byte ASCII keys: 'k', a 2-digit stream number, then a 13-digit counter (unique per stream). */
final class Keys {

  static final int LENGTH = 16;
  static final int VALUE_BYTES = 100;

  private Keys() {}

  static byte[] key(int stream, long n) {
    byte[] k = new byte[LENGTH];
    k[0] = 'k';
    k[1] = (byte) ('0' + (stream / 10) % 10);
    k[2] = (byte) ('0' + stream % 10);
    for (int i = LENGTH - 1; i >= 3; i--) {
      k[i] = (byte) ('0' + n % 10);
      n /= 10;
    }
    return k;
  }

  static String text(byte[] key) {
    return new String(key, StandardCharsets.US_ASCII);
  }
}

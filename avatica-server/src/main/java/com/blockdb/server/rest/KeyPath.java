package com.blockdb.server.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The key at the end of a path such as {@code /api/v1/get/{key}}: everything after the prefix,
 * percent-decoded to bytes (RFC 3986). A key holding {@code /} may send it raw or as {@code %2F};
 * binary keys send each byte as {@code %XX}. {@code +} stays a plus sign, as paths have no form
 * encoding.
 */
final class KeyPath {
  private KeyPath() {}

  /** The key bytes of the raw (still encoded) path remainder; 400 on a broken escape or an empty key. */
  static byte[] decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw HttpError.badRequest("the key in the path has a broken percent escape at position "
              + (i + 1) + "; write a '%' in a key as %25");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    if (out.size() == 0) {
      throw HttpError.badRequest("the key in the path is empty; a key needs at least one byte");
    }
    return out.toByteArray();
  }
}

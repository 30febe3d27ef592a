package com.blockdb.server.rest;

import java.util.Base64;

/**
 * Base64 in requests: the standard or the URL-safe alphabet (RFC 4648), padding optional, nothing
 * else (no whitespace, no mixed alphabets), so a damaged string is refused instead of storing
 * different bytes.
 */
final class Base64Values {
  private Base64Values() {}

  /** The bytes of {@code text}; 400 naming {@code field} when it is not base64. */
  static byte[] decode(String text, String field) {
    boolean standard = false;
    boolean urlSafe = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+' || c == '/') {
        standard = true;
      } else if (c == '-' || c == '_') {
        urlSafe = true;
      } else if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '=') {
        throw invalid(field, "illegal character " + describe(c) + " at position " + (i + 1));
      }
    }
    if (standard && urlSafe) {
      throw invalid(field, "it mixes the standard (+/) and URL-safe (-_) alphabets");
    }
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid(field, e.getMessage());
    }
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private static HttpError invalid(String field, String reason) {
    return HttpError.badRequest("field \"" + field + "\" is not valid base64: " + reason);
  }
}

package com.blockdb.cli;

import java.util.Base64;

/**
 * Base64 arguments and output for binary keys and values. Accepts the standard or the URL-safe
 * alphabet, padding optional and whitespace ignored (so wrapped {@code base64} output works), but
 * nothing else: a typo must fail, not store different bytes.
 */
final class Base64Text {
  private Base64Text() {}

  /** Decodes {@code text}; a usage error names {@code what} (KEY or VALUE) and the problem. */
  static byte[] decode(String text, String what) {
    StringBuilder clean = new StringBuilder(text.length());
    boolean standard = false;
    boolean urlSafe = false;
    int padding = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        continue;
      }
      boolean common = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (c == '=') {
        padding++;
      } else if (padding > 0) {
        throw invalid(what, "'=' padding may only end the text");
      } else if (c == '+' || c == '/') {
        standard = true;
      } else if (c == '-' || c == '_') {
        urlSafe = true;
      } else if (!common) {
        throw invalid(what, "illegal character '" + c + "' at position " + (i + 1));
      }
      clean.append(c);
    }
    if (standard && urlSafe) {
      throw invalid(what, "mixes the standard (+/) and URL-safe (-_) alphabets");
    }
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(clean.toString());
    } catch (IllegalArgumentException e) {
      String reason = clean.length() % 4 == 1 ? "length " + clean.length() + " cannot be base64"
          : e.getMessage();
      throw invalid(what, reason);
    }
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static CliException invalid(String what, String reason) {
    return CliException.usage("invalid base64 in " + what + ": " + reason);
  }
}

package com.blockdb.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The password rules: what a new password must look like, and the one canonical form (Unicode NFC,
 * as UTF-8) that is both hashed and cached, so that the same password typed with composed or
 * decomposed accents is the same password.
 */
final class Passwords {
  /** Shortest new password, in Unicode code points (NIST SP 800-63B's minimum). */
  static final int MIN_CODE_POINTS = 8;
  /** Longest password, in UTF-8 bytes of its canonical form: bounds the work of one check. */
  static final int MAX_BYTES = 1024;

  private Passwords() {}

  /** The canonical form of {@code password}: NFC. */
  static String canonical(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFC);
  }

  /**
   * The UTF-8 bytes of the canonical form, or null when the password is not well-formed UTF-16
   * (a lone surrogate) or longer than {@link #MAX_BYTES}.
   */
  static byte[] canonicalBytes(String password) {
    byte[] ascii = asciiBytes(password);
    if (ascii != null) {
      // ASCII, the usual case, is its own NFC form and its own UTF-8.
      return ascii.length > MAX_BYTES ? null : ascii;
    }
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(canonical(password)));
      if (b.remaining() > MAX_BYTES) {
        return null;
      }
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The bytes of {@code s} when it is all ASCII, else null. */
  private static byte[] asciiBytes(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      b[i] = (byte) c;
    }
    return b;
  }

  /** Why {@code password} may not be set as a new password, or null if it may. */
  static String problem(String password) {
    if (password == null) {
      return "a password is required";
    }
    if (canonical(password).codePointCount(0, canonical(password).length()) < MIN_CODE_POINTS) {
      return "a password needs at least " + MIN_CODE_POINTS + " characters";
    }
    if (canonicalBytes(password) == null) {
      return "a password must be valid Unicode of at most " + MAX_BYTES + " UTF-8 bytes";
    }
    return null;
  }
}

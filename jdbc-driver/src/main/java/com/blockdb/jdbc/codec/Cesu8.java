package com.blockdb.jdbc.codec;

/**
 * Strings as CESU-8: UTF-8 applied to each UTF-16 code unit on its own, so a surrogate is three
 * bytes. Unlike UTF-8 this keeps {@link String#compareTo} order (code-unit order, in which a
 * supplementary character, a surrogate pair D800..DBFF, sorts below U+E000..U+FFFF) and keeps every
 * Java string exactly, lone surrogates included.
 *
 * <p>Two forms: the row form is the plain unit bytes (U+0000 is the byte 0x00) behind a length;
 * the key form escapes U+0000 as 0x00 0xFF and ends with the terminator 0x00 0x01, so it is
 * self-delimiting and a shorter string sorts before its extensions.
 */
final class Cesu8 {
  /** First byte of an escape or the terminator in the key form. */
  static final int ESCAPE = 0x00;
  /** Second byte after {@link #ESCAPE}: the byte 0x00 itself. */
  static final int ESCAPED_ZERO = 0xFF;
  /** Second byte after {@link #ESCAPE}: end of the component. */
  static final int TERMINATOR = 0x01;

  private Cesu8() {}

  /** The number of bytes of {@code s} in the row form. */
  static int length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return n;
  }

  /** The row form: the unit bytes only. */
  static void write(ByteSink sink, String s) {
    for (int i = 0; i < s.length(); i++) {
      writeUnit(sink, s.charAt(i));
    }
  }

  /** The key form without the terminator (a string prefix stops here). */
  static void writeEscaped(ByteSink sink, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        sink.write(ESCAPE);
        sink.write(ESCAPED_ZERO);
      } else {
        writeUnit(sink, c);
      }
    }
  }

  static void writeTerminator(ByteSink sink) {
    sink.write(ESCAPE);
    sink.write(TERMINATOR);
  }

  private static void writeUnit(ByteSink sink, char c) {
    if (c < 0x80) {
      sink.write(c);
    } else if (c < 0x800) {
      sink.write(0xC0 | (c >> 6));
      sink.write(0x80 | (c & 0x3F));
    } else {
      sink.write(0xE0 | (c >> 12));
      sink.write(0x80 | ((c >> 6) & 0x3F));
      sink.write(0x80 | (c & 0x3F));
    }
  }

  /** Reads {@code n} bytes of the row form. */
  static String read(ByteSource src, int n) {
    int end = src.position() + n;
    StringBuilder sb = new StringBuilder(n);
    while (src.position() < end) {
      sb.append(readUnit(src, src.readByte()));
    }
    if (src.position() != end) {
      throw src.corrupt("a string's last character crosses its length");
    }
    return sb.toString();
  }

  /** Reads the key form up to and including its terminator. */
  static String readEscaped(ByteSource src) {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = src.readByte();
      if (b == ESCAPE) {
        int next = src.readByte();
        if (next == TERMINATOR) {
          return sb.toString();
        } else if (next == ESCAPED_ZERO) {
          sb.append('\0');
        } else {
          throw src.corrupt("0x00 followed by 0x" + Integer.toHexString(next) + " in a string");
        }
      } else {
        sb.append(readUnit(src, b));
      }
    }
  }

  private static char readUnit(ByteSource src, int b) {
    if (b < 0x80) {
      return (char) b;
    } else if (b >= 0xC0 && b < 0xE0) {
      int c = ((b & 0x1F) << 6) | continuation(src);
      if (c < 0x80) {
        throw src.corrupt("an overlong character encoding");
      }
      return (char) c;
    } else if (b >= 0xE0 && b < 0xF0) {
      int c = ((b & 0x0F) << 12) | (continuation(src) << 6) | continuation(src);
      if (c < 0x800) {
        throw src.corrupt("an overlong character encoding");
      }
      return (char) c;
    }
    throw src.corrupt("byte 0x" + Integer.toHexString(b) + " cannot start a character");
  }

  private static int continuation(ByteSource src) {
    int b = src.readByte();
    if ((b & 0xC0) != 0x80) {
      throw src.corrupt("byte 0x" + Integer.toHexString(b) + " is not a continuation byte");
    }
    return b & 0x3F;
  }
}

package com.blockdb.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an interactive line into arguments the way a POSIX shell would: whitespace separates,
 * single quotes keep text literally, double quotes keep spaces (a backslash escapes {@code "} and
 * {@code \} inside them), and a backslash outside quotes escapes the next character.
 */
final class LineSplitter {
  private LineSplitter() {}

  /** The arguments of {@code line}; throws IllegalArgumentException on an unterminated quote. */
  static List<String> split(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    // Tracks `""`, which is an argument (empty) even though it adds no characters.
    boolean inArg = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inArg) {
          args.add(cur.toString());
          cur.setLength(0);
          inArg = false;
        }
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated single quote");
        }
        cur.append(line, i + 1, end);
        inArg = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char d = line.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
            cur.append(line.charAt(i + 1));
            i += 2;
          } else {
            cur.append(d);
            i++;
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated double quote");
        }
        inArg = true;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("backslash at end of line");
        }
        cur.append(line.charAt(i + 1));
        inArg = true;
        i += 2;
      } else {
        cur.append(c);
        inArg = true;
        i++;
      }
    }
    if (inArg) {
      args.add(cur.toString());
    }
    return args;
  }
}

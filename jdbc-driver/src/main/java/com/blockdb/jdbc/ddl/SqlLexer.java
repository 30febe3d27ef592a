package com.blockdb.jdbc.ddl;

import java.util.Locale;

/**
 * Splits SQL text into {@link SqlToken}s the way Calcite's parser does, so that BlockDB's screening
 * agrees with Calcite on what is code and what is a comment or a literal: {@code --} and {@code //}
 * line comments, non-nesting block comments, {@code '...'} strings with {@code ''} escapes (and
 * backslash escapes after an {@code E} prefix), {@code "..."} identifiers with {@code ""} escapes.
 * Never throws: text it cannot tokenize becomes one ERROR token, after which it returns END.
 * Not thread-safe; one instance reads one text once.
 */
final class SqlLexer {
  private final String sql;
  private int pos;
  private boolean failed;

  SqlLexer(String sql) {
    this.sql = sql;
  }

  /** Whether the lexer stopped at text it cannot tokenize (it returned an ERROR token). */
  boolean failed() {
    return failed;
  }

  /** The SQL text being read. */
  String sql() {
    return sql;
  }

  /** The next token; END (repeatedly) at the end of the text or after an ERROR. */
  SqlToken next() {
    if (failed) {
      return new SqlToken(SqlToken.Type.END, "", sql.length(), sql.length());
    }
    String triviaError = skipTrivia();
    if (triviaError != null) {
      return fail(triviaError, pos);
    }
    int start = pos;
    if (pos >= sql.length()) {
      return new SqlToken(SqlToken.Type.END, "", start, start);
    }
    char c = sql.charAt(pos);
    if (c == '\'') {
      return string(start, false);
    }
    if (c == '"') {
      return quotedIdentifier(start);
    }
    if (isIdentifierStart(c)) {
      while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
        pos++;
      }
      String word = sql.substring(start, pos);
      if (pos < sql.length() && sql.charAt(pos) == '\'') {
        // A prefixed literal: N'..', X'..', U&'..' (the & is a symbol), _charset'..', E'..'.
        return string(start, word.equalsIgnoreCase("E"));
      }
      return new SqlToken(SqlToken.Type.WORD, word.toUpperCase(Locale.ROOT), start, pos);
    }
    if (isDigit(c)) {
      return number(start);
    }
    pos++;
    return new SqlToken(SqlToken.Type.SYMBOL, String.valueOf(c), start, pos);
  }

  /**
   * Skips to just after the next {@code ;} outside comments and literals, without building tokens
   * (statements can be megabytes of INSERT values).
   *
   * @return the offset of that semicolon, or -1 if there is none before the end of the text (or
   *     before text that does not tokenize)
   */
  int skipToSemicolon() {
    while (!failed) {
      if (skipTrivia() != null) {
        return -1;
      }
      if (pos >= sql.length()) {
        return -1;
      }
      char c = sql.charAt(pos);
      if (c == ';') {
        pos++;
        return pos - 1;
      }
      SqlToken t;
      if (c == '\'' || c == '"' || isIdentifierStart(c) || isDigit(c)) {
        t = next();
      } else {
        pos++;
        continue;
      }
      if (t.type() == SqlToken.Type.ERROR) {
        return -1;
      }
    }
    return -1;
  }

  /** The 1-based line and column of {@code offset}, as "line L, column C". */
  static String position(String sql, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= sql.length() || sql.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (offset - lineStart + 1);
  }

  /** Skips whitespace and comments; returns an error message for an unterminated comment. */
  private String skipTrivia() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if ((c == '-' || c == '/') && pos + 1 < sql.length() && sql.charAt(pos + 1) == c) {
        while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
          pos++;
        }
      } else if (c == '/' && pos + 1 < sql.length() && sql.charAt(pos + 1) == '*') {
        int close = sql.indexOf("*/", pos + 2);
        if (close < 0) {
          return "unterminated comment";
        }
        pos = close + 2;
      } else {
        return null;
      }
    }
    return null;
  }

  private SqlToken string(int start, boolean backslashEscapes) {
    pos++; // the opening quote
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\' && pos + 1 < sql.length()) {
        pos += 2;
      } else if (c == '\'') {
        if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
          pos += 2;
        } else {
          pos++;
          return new SqlToken(SqlToken.Type.STRING, sql.substring(start, pos), start, pos);
        }
      } else {
        pos++;
      }
    }
    return fail("unterminated string literal", start);
  }

  private SqlToken quotedIdentifier(int start) {
    StringBuilder name = new StringBuilder();
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '"') {
        if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '"') {
          name.append('"');
          pos += 2;
        } else {
          pos++;
          return new SqlToken(SqlToken.Type.QUOTED, name.toString(), start, pos);
        }
      } else {
        name.append(c);
        pos++;
      }
    }
    return fail("unterminated quoted identifier", start);
  }

  private SqlToken number(int start) {
    while (pos < sql.length() && isDigit(sql.charAt(pos))) {
      pos++;
    }
    if (pos + 1 < sql.length() && sql.charAt(pos) == '.' && isDigit(sql.charAt(pos + 1))) {
      pos++;
      while (pos < sql.length() && isDigit(sql.charAt(pos))) {
        pos++;
      }
    }
    if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
      int exponent = pos + 1;
      if (exponent < sql.length() && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
        exponent++;
      }
      if (exponent < sql.length() && isDigit(sql.charAt(exponent))) {
        pos = exponent;
        while (pos < sql.length() && isDigit(sql.charAt(pos))) {
          pos++;
        }
      }
    }
    return new SqlToken(SqlToken.Type.NUMBER, sql.substring(start, pos), start, pos);
  }

  private SqlToken fail(String message, int at) {
    failed = true;
    pos = sql.length();
    return new SqlToken(SqlToken.Type.ERROR, message, at, sql.length());
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

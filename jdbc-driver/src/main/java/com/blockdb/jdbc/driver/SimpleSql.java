package com.blockdb.jdbc.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognizes the two statement shapes BlockDB runs without Calcite: a point SELECT by the full
 * primary key ({@code SELECT a, b FROM t WHERE k1 = ? AND k2 = ?}) and a one-row INSERT of
 * parameters ({@code INSERT INTO t (a, b) VALUES (?, ?)}). Anything else, including anything it
 * is unsure of, is left to Calcite: a miss costs speed, never correctness.
 */
final class SimpleSql {
  private SimpleSql() {}

  /** A point SELECT: the selected column names (empty for {@code *}), the table, the key columns. */
  record PointSelect(List<String> columns, String schema, String table, List<String> whereColumns) {}

  /** A one-row INSERT of parameters: the table and the named columns (empty: all, in order). */
  record ParamInsert(String schema, String table, List<String> columns, int parameters) {}

  static PointSelect pointSelect(String sql) {
    Lexer lx = new Lexer(sql);
    if (!lx.keyword("SELECT")) {
      return null;
    }
    List<String> cols = new ArrayList<>();
    if (!lx.symbol("*")) {
      do {
        String c = lx.identifier();
        if (c == null) {
          return null;
        }
        if (lx.symbol(".")) {
          return null; // qualified names: left to Calcite
        }
        cols.add(c);
      } while (lx.symbol(","));
    }
    if (!lx.keyword("FROM")) {
      return null;
    }
    String first = lx.identifier();
    if (first == null) {
      return null;
    }
    String schema = null;
    String table = first;
    if (lx.symbol(".")) {
      schema = first;
      table = lx.identifier();
      if (table == null) {
        return null;
      }
    }
    if (!lx.keyword("WHERE")) {
      return null;
    }
    List<String> where = new ArrayList<>();
    do {
      String c = lx.identifier();
      if (c == null || !lx.symbol("=") || !lx.symbol("?")) {
        return null;
      }
      where.add(c);
    } while (lx.keyword("AND"));
    lx.symbol(";");
    return lx.atEnd() ? new PointSelect(cols, schema, table, where) : null;
  }

  static ParamInsert paramInsert(String sql) {
    Lexer lx = new Lexer(sql);
    if (!lx.keyword("INSERT") || !lx.keyword("INTO")) {
      return null;
    }
    String first = lx.identifier();
    if (first == null) {
      return null;
    }
    String schema = null;
    String table = first;
    if (lx.symbol(".")) {
      schema = first;
      table = lx.identifier();
      if (table == null) {
        return null;
      }
    }
    List<String> cols = new ArrayList<>();
    if (lx.symbol("(")) {
      do {
        String c = lx.identifier();
        if (c == null) {
          return null;
        }
        cols.add(c);
      } while (lx.symbol(","));
      if (!lx.symbol(")")) {
        return null;
      }
    }
    if (!lx.keyword("VALUES") || !lx.symbol("(")) {
      return null;
    }
    int params = 0;
    do {
      if (!lx.symbol("?")) {
        return null;
      }
      params++;
    } while (lx.symbol(","));
    if (!lx.symbol(")")) {
      return null;
    }
    lx.symbol(";");
    if (!lx.atEnd() || (!cols.isEmpty() && cols.size() != params)) {
      return null;
    }
    return new ParamInsert(schema, table, cols, params);
  }

  /** A minimal SQL tokenizer: identifiers (quoted or not), keywords and one-character symbols. */
  private static final class Lexer {
    private final String s;
    private int pos;

    Lexer(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (Character.isWhitespace(c)) {
          pos++;
        } else if (s.startsWith("--", pos)) {
          int nl = s.indexOf('\n', pos);
          pos = nl < 0 ? s.length() : nl + 1;
        } else if (s.startsWith("/*", pos)) {
          int end = s.indexOf("*/", pos + 2);
          pos = end < 0 ? s.length() : end + 2;
        } else {
          return;
        }
      }
    }

    boolean atEnd() {
      skipSpace();
      return pos == s.length();
    }

    boolean symbol(String sym) {
      skipSpace();
      if (s.startsWith(sym, pos)) {
        pos += sym.length();
        return true;
      }
      return false;
    }

    boolean keyword(String kw) {
      skipSpace();
      int end = pos + kw.length();
      if (end <= s.length() && s.regionMatches(true, pos, kw, 0, kw.length())
          && (end == s.length() || !isIdentifierPart(s.charAt(end)))) {
        pos = end;
        return true;
      }
      return false;
    }

    /** An identifier as Calcite resolves it (unquoted: upper case), or null. */
    String identifier() {
      skipSpace();
      if (pos >= s.length()) {
        return null;
      }
      char c = s.charAt(pos);
      if (c == '"') {
        StringBuilder b = new StringBuilder();
        int i = pos + 1;
        while (i < s.length()) {
          char d = s.charAt(i);
          if (d == '"') {
            if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
              b.append('"');
              i += 2;
              continue;
            }
            pos = i + 1;
            return b.length() == 0 ? null : b.toString();
          }
          b.append(d);
          i++;
        }
        return null;
      }
      if (!Character.isLetter(c)) {
        return null;
      }
      int start = pos;
      while (pos < s.length() && isIdentifierPart(s.charAt(pos))) {
        pos++;
      }
      String word = s.substring(start, pos).toUpperCase(Locale.ROOT);
      if (RESERVED.contains(word)) {
        pos = start;
        return null;
      }
      return word;
    }

    private static boolean isIdentifierPart(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
  }

  /** Words that end an identifier list; a table or column so named must be quoted anyway. */
  private static final java.util.Set<String> RESERVED = java.util.Set.of(
      "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "VALUES", "INTO", "INSERT", "AS", "ORDER", "GROUP",
      "BY", "LIMIT", "OFFSET", "FETCH", "UNION", "JOIN", "ON", "DISTINCT", "ALL", "VALUE", "NULL",
      "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "HAVING", "EXISTS", "IN", "IS", "LIKE",
      "BETWEEN", "WITH", "TABLE", "CAST");
}

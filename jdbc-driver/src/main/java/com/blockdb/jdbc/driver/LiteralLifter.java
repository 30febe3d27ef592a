package com.blockdb.jdbc.driver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns SQL text into a plan-cache key by lifting literals into {@code ?} parameters, so that
 * {@code ... WHERE ID = 17} and {@code ... WHERE ID = 18} share one plan. Only literals whose
 * meaning cannot change as a parameter are lifted: the right side of a comparison
 * ({@code = <> < <= > >= LIKE}, {@code BETWEEN a AND b}) and the values of
 * {@code INSERT ... VALUES}. Everything else (select lists, LIMIT, ORDER BY ordinals, typed
 * literals such as {@code DATE '...'}, type lengths) stays in the text. The plan cache then checks
 * each parameter's inferred type against its literal before using the lifted plan.
 */
final class LiteralLifter {
  /** A lifted literal: a string, or an exact number as written. */
  record Literal(Object value) {
    boolean isString() {
      return value instanceof String;
    }
  }

  /** The text with {@code ?} in place of each lifted literal, and the literals in order. */
  record Lifted(String text, List<Literal> literals) {}

  private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");
  private static final Set<String> TYPED_PREFIX = Set.of("DATE", "TIME", "TIMESTAMP", "INTERVAL");

  private LiteralLifter() {}

  /** Lifts the literals of {@code sql}; null when the text cannot be tokenized or has its own {@code ?}. */
  static Lifted lift(String sql) {
    List<int[]> spans = new ArrayList<>(); // [start, end) of each lifted literal, negative sign included
    List<Literal> literals = new ArrayList<>();
    String prev = "";
    String prev2 = "";
    boolean insertValues = false;
    boolean sawInsert = false;
    int depth = 0;
    int betweenPending = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
        continue;
      }
      if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          return null;
        }
        i = end + 2;
        continue;
      }
      if (c == '?') {
        return null; // the statement has parameters of its own: not ours to renumber
      }
      if (c == '\'') {
        int start = i;
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            return null;
          }
          char d = sql.charAt(i);
          if (d == '\'') {
            if (i + 1 < n && sql.charAt(i + 1) == '\'') {
              b.append('\'');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          b.append(d);
          i++;
        }
        boolean glued = start > 0 && isWordChar(sql.charAt(start - 1)); // X'..', N'..', E'..'
        if (!glued && !TYPED_PREFIX.contains(prev) && liftable(prev, prev2, insertValues, depth, betweenPending)) {
          spans.add(new int[] {start, i});
          literals.add(new Literal(b.toString()));
          if (prev.equals("BETWEEN")) {
            betweenPending = 1;
          } else if (betweenPending == 1 && prev.equals("AND")) {
            betweenPending = 0;
          }
        }
        prev2 = prev;
        prev = "'";
        continue;
      }
      if (c == '"') {
        int end = i + 1;
        while (true) {
          end = sql.indexOf('"', end);
          if (end < 0) {
            return null;
          }
          if (end + 1 < n && sql.charAt(end + 1) == '"') {
            end += 2;
            continue;
          }
          break;
        }
        i = end + 1;
        prev2 = prev;
        prev = "\"";
        continue;
      }
      boolean negative = c == '-' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
          && (COMPARISONS.contains(prev) || prev.equals("(") || prev.equals(",") || prev.equals("BETWEEN")
              || prev.equals("AND") && betweenPending == 1);
      if (Character.isDigit(c) || negative || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int start = i;
        if (negative) {
          i++;
        }
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        if (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
          return null; // 1e5, 12abc: left alone, and so is the whole statement
        }
        String number = sql.substring(start, i);
        if (liftable(prev, prev2, insertValues, depth, betweenPending)) {
          BigDecimal value;
          try {
            value = new BigDecimal(number);
          } catch (NumberFormatException e) {
            return null;
          }
          spans.add(new int[] {start, i});
          literals.add(new Literal(value));
          if (prev.equals("BETWEEN")) {
            betweenPending = 1;
          } else if (betweenPending == 1 && prev.equals("AND")) {
            betweenPending = 0;
          }
        }
        prev2 = prev;
        prev = "0";
        continue;
      }
      if (isWordChar(c)) {
        int start = i;
        while (i < n && isWordChar(sql.charAt(i))) {
          i++;
        }
        String word = sql.substring(start, i).toUpperCase(Locale.ROOT);
        if (word.equals("INSERT")) {
          sawInsert = true;
        } else if (word.equals("VALUES") && sawInsert && depth == 0) {
          insertValues = true;
        } else if (word.equals("SELECT") && insertValues) {
          insertValues = false;
        }
        prev2 = prev;
        prev = word;
        continue;
      }
      // symbols, longest first
      String sym = sql.startsWith("<=", i) || sql.startsWith(">=", i) || sql.startsWith("<>", i)
          || sql.startsWith("!=", i) || sql.startsWith("||", i) ? sql.substring(i, i + 2) : String.valueOf(c);
      if (sym.equals("(")) {
        depth++;
      } else if (sym.equals(")")) {
        depth--;
      }
      i += sym.length();
      prev2 = prev;
      prev = sym;
    }
    if (literals.isEmpty()) {
      return new Lifted(sql, literals);
    }
    StringBuilder out = new StringBuilder(sql.length());
    int at = 0;
    for (int[] span : spans) {
      out.append(sql, at, span[0]).append('?');
      at = span[1];
    }
    out.append(sql, at, sql.length());
    return new Lifted(out.toString(), literals);
  }

  private static boolean liftable(String prev, String prev2, boolean insertValues, int depth, int betweenPending) {
    if (COMPARISONS.contains(prev) || prev.equals("LIKE") || prev.equals("BETWEEN")) {
      return true;
    }
    if (prev.equals("AND") && betweenPending == 1) {
      return true;
    }
    // INSERT ... VALUES (a, b), (c, d): items directly inside one pair of parentheses
    return insertValues && depth == 1 && (prev.equals("(") || prev.equals(","));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}

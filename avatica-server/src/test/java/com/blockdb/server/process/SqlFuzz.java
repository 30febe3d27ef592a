package com.blockdb.server.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of SQL strings a server must survive: token soup of keywords (UPDATE, DROP,
 * DELETE and others BlockDB refuses among them), operators, quotes and comments; valid statements
 * with characters cut, doubled or replaced; unbalanced quotes and parentheses; nesting hundreds
 * deep; literals of hundreds of KiB; any Unicode, lone surrogates and NUL included.
 */
final class SqlFuzz {
  private static final List<String> VALID = List.of(
      "SELECT 1", "VALUES 1", "SELECT * FROM FUZZ WHERE ID = 1", "SELECT KEY, VAL FROM KV WHERE KEY >= 'a' ORDER BY KEY",
      "INSERT INTO FUZZ VALUES (1, 'one')", "INSERT INTO KV (KEY, VAL) VALUES ('k', 'v')",
      "SELECT COUNT(*) FROM FUZZ GROUP BY NAME HAVING COUNT(*) > 1", "SELECT VERIFY_CHAIN()",
      "SELECT * FROM TABLE(LEDGER_BLOCKS())", "SELECT ROW_PROOF('FUZZ', 1)",
      "SELECT F.ID, K.VAL FROM FUZZ F JOIN KV K ON F.NAME = K.KEY", "CREATE TABLE T2 (A INTEGER PRIMARY KEY)",
      "SELECT CAST('x' AS INTEGER)", "SELECT 1/0", "SELECT * FROM FUZZ UNION ALL SELECT * FROM FUZZ",
      "SELECT CASE WHEN ID > 1 THEN 'a' ELSE NULL END FROM FUZZ", "EXPLAIN PLAN FOR SELECT * FROM FUZZ",
      "SELECT LEDGER_SEQ, LEDGER_PRINCIPAL FROM FUZZ", "SELECT VERIFY_DIGEST('{}')",
      "SELECT * FROM FUZZ ORDER BY NAME DESC LIMIT 3 OFFSET 1", "SELECT SUBSTRING(NAME FROM 2) FROM FUZZ");
  private static final List<String> TOKENS = List.of(
      "SELECT", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "DROP", "TABLE", "CREATE", "ALTER",
      "TRUNCATE", "MERGE", "GRANT", "REVOKE", "CALL", "COMMIT", "ROLLBACK", "FROM", "WHERE", "JOIN", "ON",
      "UNION", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "AS", "CAST", "CASE", "WHEN", "THEN",
      "END", "NULL", "NOT", "AND", "OR", "IN", "EXISTS", "LIKE", "BETWEEN", "DISTINCT", "OVER", "PARTITION",
      "WITH", "RECURSIVE", "LATERAL", "TABLE(", "UNNEST", "MULTISET", "ARRAY[", "ROW(", "INTERVAL", "DATE",
      "TIMESTAMP", "X'", "U&'", "FUZZ", "KV", "KEY", "VAL", "ID", "NAME", "BLOCKDB.", "metadata.TABLES",
      "VERIFY_CHAIN()", "LEDGER_VERIFY()", "ROW_PROOF(", "LEDGER_DIGEST()", "(", ")", "((", "))", ",", ";",
      "*", "=", "<>", "<", ">=", "||", "+", "-", "/", "%", "?", ":", ".", "'", "''", "\"", "`", "[", "]", "{",
      "}", "--", "/*", "*/", "\\", "$", "@", "#", "0", "1", "-1", "2147483648", "9223372036854775808", "1e999",
      "1.5e-400", "0x10", "'a'", "'é'", "'\u4e2d\u6587'", "'\ud83d\ude00'", "'\u0000'", "'\ud800'", "\u202e",
      "\u00a0", "\t", "\n", " ");

  private final Random rnd;

  SqlFuzz(long seed) {
    this.rnd = new Random(seed);
  }

  /** The next string to send. */
  String next() {
    return switch (rnd.nextInt(8)) {
      case 0, 1 -> soup();
      case 2, 3 -> mutate(VALID.get(rnd.nextInt(VALID.size())));
      case 4 -> nested();
      case 5 -> hugeLiteral();
      case 6 -> unicode();
      default -> VALID.get(rnd.nextInt(VALID.size())) + " " + soup();
    };
  }

  private String soup() {
    int n = 1 + rnd.nextInt(30);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(TOKENS.get(rnd.nextInt(TOKENS.size()))).append(rnd.nextInt(4) == 0 ? "" : " ");
    }
    return b.toString();
  }

  private String mutate(String sql) {
    StringBuilder b = new StringBuilder(sql);
    int edits = 1 + rnd.nextInt(4);
    for (int i = 0; i < edits && b.length() > 0; i++) {
      int at = rnd.nextInt(b.length());
      switch (rnd.nextInt(4)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, TOKENS.get(rnd.nextInt(TOKENS.size())));
        case 2 -> b.setCharAt(at, "'\"()[];,*".charAt(rnd.nextInt(9)));
        default -> b.setLength(at); // cut short: unbalanced quotes and parentheses
      }
    }
    return b.toString();
  }

  private String nested() {
    int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 3000);
    boolean balanced = rnd.nextInt(3) != 0;
    String inner = rnd.nextBoolean() ? "1" : "SELECT 1";
    return "SELECT " + "(".repeat(depth) + inner + ")".repeat(balanced ? depth : rnd.nextInt(depth + 1))
        + (rnd.nextBoolean() ? "" : " FROM FUZZ");
  }

  private String hugeLiteral() {
    int n = 1 << (10 + rnd.nextInt(9)); // 1 KiB to 256 KiB
    String body = String.valueOf((char) ('a' + rnd.nextInt(26))).repeat(n);
    return switch (rnd.nextInt(4)) {
      case 0 -> "SELECT '" + body + "'";
      case 1 -> "INSERT INTO FUZZ VALUES (" + rnd.nextInt(1_000_000) + ", '" + body + "')";
      case 2 -> "SELECT " + "9".repeat(Math.min(n, 100_000));
      default -> "SELECT * FROM FUZZ WHERE NAME = '" + body; // never closed
    };
  }

  private String unicode() {
    StringBuilder b = new StringBuilder(rnd.nextBoolean() ? "SELECT '" : "");
    int n = 1 + rnd.nextInt(100);
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(10);
      if (kind == 0) {
        b.append((char) (0xD800 + rnd.nextInt(0x800))); // a lone surrogate
      } else if (kind < 3) {
        b.appendCodePoint(0x10000 + rnd.nextInt(0x10FFFF - 0x10000));
      } else {
        b.appendCodePoint(rnd.nextInt(0xD800));
      }
    }
    return b.toString();
  }

  /** Many strings at once. */
  List<String> take(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }
}

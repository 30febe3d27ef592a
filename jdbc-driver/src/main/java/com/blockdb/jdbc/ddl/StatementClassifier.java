package com.blockdb.jdbc.ddl;

import com.blockdb.jdbc.error.SqlStateException;
import com.blockdb.jdbc.error.VendorCodes;
import java.util.Set;

/**
 * Screens SQL text by its leading keywords before Calcite sees it, so that statements an
 * append-only ledger never runs fail with a clear SQLState instead of Calcite's behaviour (DELETE
 * silently reporting 0 rows, UPDATE and MERGE dying with an AssertionError). Comments, string
 * literals and quoted identifiers are skipped exactly as Calcite's lexer skips them (see
 * {@link SqlLexer}), so neither a keyword nor a {@code ;} inside them counts. Stateless and
 * thread-safe.
 */
public final class StatementClassifier {

  /** A statement's kind and its name as error messages give it, e.g. "DROP TABLE". */
  public record Classification(StatementKind kind, String name) {}

  /** Words that may come between EXPLAIN and FOR (Calcite's EXPLAIN PLAN options). */
  private static final Set<String> EXPLAIN_OPTIONS =
      Set.of(
          "PLAN", "WITH", "WITHOUT", "TYPE", "IMPLEMENTATION", "INCLUDING", "EXCLUDING", "ALL",
          "ATTRIBUTES", "AS", "JSON", "XML", "DOT", "LOGICAL", "PHYSICAL");

  /** The object words that end a statement's name: "DROP MATERIALIZED VIEW", "CREATE OR REPLACE FUNCTION". */
  private static final Set<String> OBJECT_WORDS =
      Set.of(
          "TABLE", "VIEW", "SCHEMA", "FUNCTION", "TYPE", "INDEX", "SEQUENCE", "USER", "ROLE",
          "DATABASE", "TRIGGER", "PROCEDURE", "JAR", "CATALOG", "SYSTEM", "SESSION");

  private StatementClassifier() {}

  /** The kind of the statement in {@code sql}; never throws. */
  public static StatementKind classify(String sql) {
    return describe(sql).kind();
  }

  /**
   * Classifies {@code sql} and throws for the kinds BlockDB refuses ({@link StatementKind#refused()}).
   *
   * @return the statement's kind, one of QUERY, INSERT, CREATE_TABLE, TRANSACTION_CONTROL, OTHER
   * @throws SqlStateException 0A000 with {@link VendorCodes#APPEND_ONLY} for UPDATE, DELETE, MERGE,
   *     UPSERT, TRUNCATE, DROP and ALTER; 0A000 {@link VendorCodes#NOT_SUPPORTED} for any other
   *     CREATE, GRANT, SET, CALL, ... and for several statements in one text; 42000
   *     {@link VendorCodes#SYNTAX_ERROR} for text with no statement
   */
  public static StatementKind checkAllowed(String sql) {
    Classification c = describe(sql);
    switch (c.kind()) {
      case UPDATE:
      case DELETE:
      case MERGE:
      case UPSERT:
        throw appendOnly(c.name(), "rows are never updated or deleted");
      case TRUNCATE:
        throw appendOnly(c.name(), "rows are never deleted");
      case DROP:
        throw appendOnly(c.name(), "tables and their rows are never dropped");
      case ALTER:
        throw appendOnly(c.name(), "a table's definition never changes once it is created");
      case UNSUPPORTED:
        throw new SqlStateException(
            "0A000",
            VendorCodes.NOT_SUPPORTED,
            c.name() + " is not supported by BlockDB: only CREATE TABLE, INSERT and SELECT run");
      case MULTIPLE_STATEMENTS:
        throw new SqlStateException(
            "0A000",
            VendorCodes.NOT_SUPPORTED,
            "multiple statements in one execute are not supported: run each statement on its own");
      case EMPTY:
        throw new SqlStateException("42000", VendorCodes.SYNTAX_ERROR, "empty SQL statement");
      default:
        return c.kind();
    }
  }

  /**
   * {@code sql} without a trailing {@code ;} (and any whitespace, comments or further {@code ;}
   * after it), which Calcite's parser does not accept; unchanged if there is none.
   *
   * @throws SqlStateException 0A000 {@link VendorCodes#NOT_SUPPORTED} if another statement
   *     follows the {@code ;}
   */
  public static String stripTrailingSemicolon(String sql) {
    SqlLexer lexer = new SqlLexer(sql);
    int semicolon = lexer.skipToSemicolon();
    if (semicolon < 0) {
      return sql;
    }
    SqlToken after = afterSemicolons(lexer);
    if (after.type() == SqlToken.Type.ERROR) {
      return sql; // e.g. an unterminated comment: Calcite reports it with its position
    }
    if (after.type() != SqlToken.Type.END) {
      throw new SqlStateException(
          "0A000",
          VendorCodes.NOT_SUPPORTED,
          "multiple statements in one execute are not supported: run each statement on its own");
    }
    return sql.substring(0, semicolon).stripTrailing();
  }

  /** The kind and name of the statement in {@code sql}; never throws. */
  public static Classification describe(String sql) {
    SqlLexer lexer = new SqlLexer(sql);
    Classification first = classifyStatement(lexer, leadingToken(lexer));
    if (first.kind() == StatementKind.EMPTY) {
      return first;
    }
    // Look for a second statement after a ';' (inside literals and comments it does not count).
    if (lexer.skipToSemicolon() >= 0
        && afterSemicolons(lexer).type() != SqlToken.Type.END
        && !lexer.failed()) {
      return new Classification(StatementKind.MULTIPLE_STATEMENTS, "multiple statements");
    }
    return first;
  }

  /** The first token that is not an opening parenthesis. */
  private static SqlToken leadingToken(SqlLexer lexer) {
    SqlToken t = lexer.next();
    while (t.isSymbol('(')) {
      t = lexer.next();
    }
    return t;
  }

  private static Classification classifyStatement(SqlLexer lexer, SqlToken first) {
    if (first.isEnd() || first.isSymbol(';')) {
      // ";" alone is an empty statement too; an unterminated comment is Calcite's to report.
      return first.type() == SqlToken.Type.ERROR
          ? new Classification(StatementKind.OTHER, "")
          : new Classification(StatementKind.EMPTY, "");
    }
    if (first.type() != SqlToken.Type.WORD) {
      return new Classification(StatementKind.OTHER, "");
    }
    String word = first.value();
    switch (word) {
      case "SELECT":
      case "WITH":
      case "VALUES":
      case "TABLE": // "TABLE t" is a query in standard SQL and in Calcite
        return new Classification(StatementKind.QUERY, word);
      case "EXPLAIN":
      case "DESCRIBE":
      case "DESC":
        return explained(lexer, word);
      case "INSERT":
        return new Classification(StatementKind.INSERT, word);
      case "UPDATE":
        return new Classification(StatementKind.UPDATE, word);
      case "DELETE":
        return new Classification(StatementKind.DELETE, word);
      case "MERGE":
        return new Classification(StatementKind.MERGE, word);
      case "UPSERT":
        return new Classification(StatementKind.UPSERT, word);
      case "TRUNCATE":
        return new Classification(StatementKind.TRUNCATE, "TRUNCATE TABLE");
      case "DROP":
        return new Classification(StatementKind.DROP, named(lexer, word, lexer.next()));
      case "ALTER":
        {
          String name = named(lexer, word, lexer.next());
          boolean session = name.equals("ALTER SYSTEM") || name.equals("ALTER SESSION");
          return new Classification(session ? StatementKind.UNSUPPORTED : StatementKind.ALTER, name);
        }
      case "CREATE":
        {
          SqlToken next = lexer.next();
          if (next.isWord("TABLE")) {
            return new Classification(StatementKind.CREATE_TABLE, "CREATE TABLE");
          }
          return new Classification(StatementKind.UNSUPPORTED, named(lexer, word, next));
        }
      case "GRANT":
      case "REVOKE":
      case "SET":
      case "RESET":
      case "CALL":
        return new Classification(StatementKind.UNSUPPORTED, word);
      case "COMMIT":
      case "BEGIN":
      case "SAVEPOINT":
        return new Classification(StatementKind.TRANSACTION_CONTROL, word);
      case "ROLLBACK":
        {
          SqlToken next = lexer.next();
          if (next.isWord("WORK")) {
            next = lexer.next();
          }
          boolean toSavepoint = next.isWord("TO");
          return new Classification(
              StatementKind.TRANSACTION_CONTROL, toSavepoint ? "ROLLBACK TO SAVEPOINT" : word);
        }
      case "START":
      case "RELEASE":
        {
          SqlToken next = lexer.next();
          if (word.equals("START") && next.isWord("TRANSACTION")) {
            return new Classification(StatementKind.TRANSACTION_CONTROL, "START TRANSACTION");
          }
          if (word.equals("RELEASE") && next.isWord("SAVEPOINT")) {
            return new Classification(StatementKind.TRANSACTION_CONTROL, "RELEASE SAVEPOINT");
          }
          return new Classification(StatementKind.OTHER, word);
        }
      default:
        return new Classification(StatementKind.OTHER, word);
    }
  }

  /**
   * EXPLAIN [PLAN] [options] [FOR] statement, DESCRIBE [STATEMENT] statement: the kind of the
   * statement explained when BlockDB refuses it (Calcite would plan, and for DELETE even run, it),
   * QUERY when it is a query or an INSERT (explaining runs nothing), otherwise OTHER for Calcite to
   * reject.
   */
  private static Classification explained(SqlLexer lexer, String verb) {
    SqlToken t = lexer.next();
    if (verb.equals("EXPLAIN")) {
      while (t.type() == SqlToken.Type.WORD && EXPLAIN_OPTIONS.contains(t.value())) {
        t = lexer.next();
      }
      if (t.isWord("FOR")) {
        t = lexer.next();
      }
    } else if (t.isWord("STATEMENT")) {
      t = lexer.next();
    } else if (t.isWord("TABLE") || t.isWord("SCHEMA") || t.isWord("DATABASE")
        || t.isWord("CATALOG")) {
      return new Classification(StatementKind.QUERY, verb); // DESCRIBE TABLE t: metadata only
    }
    while (t.isSymbol('(')) {
      t = lexer.next();
    }
    Classification inner = classifyStatement(lexer, t);
    switch (inner.kind()) {
      case QUERY:
      case INSERT:
        return new Classification(StatementKind.QUERY, verb);
      case EMPTY:
      case OTHER:
      case CREATE_TABLE:
      case TRANSACTION_CONTROL:
        // DESCRIBE t (a table) lands here too; Calcite decides.
        return new Classification(StatementKind.OTHER, verb);
      default:
        return inner;
    }
  }

  /** A statement's name: the verb and the words up to its object word, e.g. "CREATE OR REPLACE VIEW". */
  private static String named(SqlLexer lexer, String verb, SqlToken next) {
    StringBuilder name = new StringBuilder(verb);
    String firstWord = null;
    SqlToken t = next;
    for (int i = 0; i < 4 && t.type() == SqlToken.Type.WORD; i++) {
      name.append(' ').append(t.value());
      if (firstWord == null) {
        firstWord = t.value();
      }
      if (OBJECT_WORDS.contains(t.value())) {
        return name.toString();
      }
      t = lexer.next();
    }
    return firstWord == null ? verb : verb + " " + firstWord;
  }

  /** The first token after any further {@code ;}s: END if nothing but comments follows. */
  private static SqlToken afterSemicolons(SqlLexer lexer) {
    SqlToken t = lexer.next();
    while (t.isSymbol(';')) {
      t = lexer.next();
    }
    return t;
  }

  private static SqlStateException appendOnly(String statement, String why) {
    return new SqlStateException(
        "0A000",
        VendorCodes.APPEND_ONLY,
        statement + " is not supported: BlockDB tables are append-only; " + why);
  }
}

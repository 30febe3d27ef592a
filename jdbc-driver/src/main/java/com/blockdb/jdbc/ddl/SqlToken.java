package com.blockdb.jdbc.ddl;

/**
 * One lexical token of SQL text, located by its offset in the text.
 *
 * @param type what kind of token it is
 * @param value WORD: the word upper-cased; QUOTED: the identifier with {@code ""} unescaped;
 *     STRING, NUMBER, SYMBOL: the source text; END: empty; ERROR: what is wrong (e.g. an
 *     unterminated comment)
 * @param offset where the token starts in the SQL text (0-based)
 * @param end where it ends (exclusive)
 */
record SqlToken(Type type, String value, int offset, int end) {

  /** The kinds of token the lexer produces. */
  enum Type {
    /** An unquoted identifier or keyword. */
    WORD,
    /** A double-quoted identifier. */
    QUOTED,
    /** A character string literal, with any prefix such as {@code N}, {@code X} or {@code E}. */
    STRING,
    /** An unsigned numeric literal. */
    NUMBER,
    /** Any other single character, such as {@code (}, {@code ,} or {@code ;}. */
    SYMBOL,
    /** The end of the text. */
    END,
    /** Text that cannot be tokenized; the lexer stops here. */
    ERROR
  }

  /** Whether this is the unquoted word {@code word} (given in upper case). */
  boolean isWord(String word) {
    return type == Type.WORD && value.equals(word);
  }

  /** Whether this is the symbol {@code symbol}. */
  boolean isSymbol(char symbol) {
    return type == Type.SYMBOL && value.length() == 1 && value.charAt(0) == symbol;
  }

  /** Whether this token ends the token stream. */
  boolean isEnd() {
    return type == Type.END || type == Type.ERROR;
  }

  /** The token as an error message names it: its source text in double quotes, or "end of input". */
  String describe(String sql) {
    if (type == Type.END || type == Type.ERROR) {
      return "end of input";
    }
    String text = sql.substring(offset, end);
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return type == Type.QUOTED ? text : '"' + text + '"';
  }
}

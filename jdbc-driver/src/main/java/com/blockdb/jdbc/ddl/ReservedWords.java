package com.blockdb.jdbc.ddl;

import java.io.StringReader;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.ddl.SqlDdlParserImpl;

/**
 * The words Calcite's parser reserves. A table or column named by one of them unquoted (USER,
 * VALUE, TIMESTAMP, ...) could be created but not queried as written ({@code SELECT user} is the
 * session user), so CREATE TABLE asks for it in double quotes. Thread-safe.
 */
final class ReservedWords {
  /** The DDL parser's word list: BlockDB's parser factory extends that parser. */
  private static final SqlAbstractParserImpl.Metadata METADATA =
      SqlDdlParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();

  private ReservedWords() {}

  /** Whether {@code upperCaseWord} is reserved. */
  static boolean isReserved(String upperCaseWord) {
    return METADATA.isReservedWord(upperCaseWord);
  }
}

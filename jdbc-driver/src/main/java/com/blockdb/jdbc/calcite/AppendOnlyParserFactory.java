package com.blockdb.jdbc.calcite;

import java.io.Reader;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.SourceStringReader;

/**
 * Calcite's SQL parser, refusing after parsing anything that is not a query or an INSERT: defence
 * in depth behind the JDBC layer's keyword screen, for any path that reaches Calcite directly.
 */
public final class AppendOnlyParserFactory implements SqlParserImplFactory {
  public static final AppendOnlyParserFactory INSTANCE = new AppendOnlyParserFactory();

  @Override
  public SqlAbstractParserImpl getParser(Reader stream) {
    SqlParserImpl parser = new SqlParserImpl(stream) {
      @Override
      public SqlNode parseSqlStmtEof() throws Exception {
        SqlNode node = super.parseSqlStmtEof();
        SqlNode target = node instanceof SqlExplain explain ? explain.getExplicandum() : node;
        boolean allowed = target.getKind().belongsTo(SqlKind.QUERY)
            || (target.getKind() == SqlKind.INSERT && !((SqlInsert) target).isUpsert());
        if (!allowed) {
          throw new SqlParseException(target.getKind() + " is not supported: BlockDB tables are append-only",
              target.getParserPosition(), null, null, null);
        }
        return node;
      }
    };
    if (stream instanceof SourceStringReader s) {
      parser.setOriginalSql(s.getSourceString());
    }
    return parser;
  }
}

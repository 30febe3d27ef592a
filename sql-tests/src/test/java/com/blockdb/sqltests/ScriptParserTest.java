package com.blockdb.sqltests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.blockdb.sqltests.Command.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script format: what parses into which commands, and which mistakes are refused with a line. */
class ScriptParserTest {

  @Test
  void statementSpansLinesAndKeepsInnerComments() {
    Script s = Script.parse("a.sql", """
        # a comment
        /* c */
        -- inside the statement
        delete from T;
        !error 0A000 100
        """);
    Action a = (Action) s.commands().get(0);
    assertThat(a.line()).isEqualTo(2);
    assertThat(a.sql()).isEqualTo("/* c */\n-- inside the statement\ndelete from T");
    assertThat(a.checks()).containsExactly(new Check.Error(5, "0A000", 100, null));
  }

  @Test
  void expectedOutputBelongsToTheFirstDirectiveAndSecondaryChecksFollow() {
    Script s = Script.parse("a.sql", """
        SELECT ID FROM T ORDER BY ID;
        ID
        1
        !ok
        !types INTEGER
        !columns ID INTEGER NOT NULL
        VALUES 1;
        !ok-any
        """);
    assertThat(s.commands()).hasSize(2);
    Action a = (Action) s.commands().get(0);
    assertThat(a.checks()).hasSize(3);
    assertThat(((Check.Rows) a.checks().get(0)).lines())
        .containsExactly(new Check.ExpectedLine(2, "ID"), new Check.ExpectedLine(3, "1"));
    assertThat(a.checks().get(1)).isEqualTo(new Check.Types(5, List.of("INTEGER")));
  }

  @Test
  void errorDirectiveTakesOptionalVendorCodeAndMessage() {
    Script s = Script.parse("a.sql", "X;\n!error 42000 102 near \"X\"\nY;\n!error 42S02 table Y\n");
    assertThat(((Action) s.commands().get(0)).checks())
        .containsExactly(new Check.Error(2, "42000", 102, "near \"X\""));
    assertThat(((Action) s.commands().get(1)).checks())
        .containsExactly(new Check.Error(4, "42S02", null, "table Y"));
  }

  @Test
  void bindValuesAreTyped() {
    assertThat(BindValue.parseList("1, 'a, b', 'it''s', 3000000000, 7L, 1.5, 2.5D, 1e3, TRUE, NULL,"
        + " NULL:INTEGER, X'0aff', DATE '2024-01-31', TIME '10:00:00', TIMESTAMP '2024-01-31 10:00:00'")
        .stream().map(BindValue::kind).toList())
        .containsExactly(BindValue.Kind.INT, BindValue.Kind.STRING, BindValue.Kind.STRING,
            BindValue.Kind.LONG, BindValue.Kind.LONG, BindValue.Kind.DECIMAL, BindValue.Kind.DOUBLE,
            BindValue.Kind.DOUBLE, BindValue.Kind.BOOLEAN, BindValue.Kind.NULL, BindValue.Kind.NULL,
            BindValue.Kind.BYTES, BindValue.Kind.DATE, BindValue.Kind.TIME, BindValue.Kind.TIMESTAMP);
    assertThat(BindValue.parseList("'a, b', 'it''s'").stream().map(BindValue::text).toList())
        .containsExactly("a, b", "it's");
  }

  @Test
  void mistakesAreRefusedWithTheirLine() {
    assertRefused("SELECT 1;\nVALUES 2;\n!update 1\n", "a.sql:2: text before !update");
    assertRefused("SELECT 1;\n", "a.sql:1: no directive");
    assertRefused("SELECT 1\n!ok\n", "a.sql:1: statement does not end with ';'");
    assertRefused("SELECT 1;\n!okay\n", "a.sql:2: unknown directive !okay");
    assertRefused("!ok\n", "a.sql:1: directive without a statement");
    assertRefused("SELECT 1;\n!ok\n", "a.sql:2: expected output");
    assertRefused("SELECT 1;\n!error 4200\n", "a.sql:2: !error needs a five-character SQLState");
    assertRefused("!bind 1, abc\n", "a.sql:1: bind value not understood: abc");
    assertRefused("SELECT 1;\n!update 0\n!ok-any\n", "a.sql:3: a result check must be the first");
  }

  @Test
  void renderedValuesThatWouldBeAmbiguousAreQuoted() {
    assertThat(ValueRenderer.quoteIfNeeded("abc")).isEqualTo("abc");
    assertThat(ValueRenderer.quoteIfNeeded("a b")).isEqualTo("a b");
    assertThat(ValueRenderer.quoteIfNeeded("")).isEqualTo("''");
    assertThat(ValueRenderer.quoteIfNeeded("NULL")).isEqualTo("'NULL'");
    assertThat(ValueRenderer.quoteIfNeeded("ab  ")).isEqualTo("'ab  '");
    assertThat(ValueRenderer.quoteIfNeeded("a | b")).isEqualTo("'a | b'");
    assertThat(ValueRenderer.quoteIfNeeded("it's\n")).isEqualTo("'it''s\\n'");
    assertThat(ValueRenderer.quoteIfNeeded("# x")).isEqualTo("'# x'");
  }

  private static void assertRefused(String text, String message) {
    assertThatThrownBy(() -> Script.parse("a.sql", text))
        .isInstanceOf(ScriptFormatException.class)
        .hasMessageStartingWith(message);
  }
}

package com.blockdb.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Shows the runner can fail: against H2, whose answers are known, a script whose checks hold
 * passes, and a script with wrong rows, counts, headers, SQLStates, vendor codes, messages, types
 * and batch results is reported at exactly the lines its markers name.
 */
class ScriptRunnerSelfTest {
  private static final String MARKER = "# fails on the next line: ";

  @Test
  void scriptWhoseChecksHoldPasses() {
    ScriptResult result = ScriptRunner.run(h2Url(), Script.resource("h2/pass.sql"));
    assertThat(result.mismatches()).as(result.report()).isEmpty();
    assertThat(result.outcomes()).hasSize(17);
  }

  @Test
  void everyWrongExpectationIsReportedAtItsLine() throws IOException {
    String text = resourceText("h2/fail.sql");
    List<Mismatch> expected = markedMismatches(text);
    ScriptResult result = ScriptRunner.run(h2Url(), Script.parse("fail.sql", text));

    assertThat(result.mismatches().stream().map(Mismatch::line).toList())
        .as(result.report())
        .containsExactlyElementsOf(expected.stream().map(Mismatch::line).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(result.mismatches().get(i).toString())
          .startsWith("fail.sql:" + expected.get(i).line() + ": ")
          .contains(expected.get(i).message());
    }
  }

  @Test
  void twoRunsOfOneScriptAgreeAndADifferentOutcomeIsFound() {
    Script script = Script.resource("h2/pass.sql");
    ScriptResult first = ScriptRunner.run(h2Url(), script);
    ScriptResult second = ScriptRunner.run(h2Url(), script);
    assertThat(OutcomeDiff.compare(first, second)).isEmpty();

    Script changed = Script.parse("pass.sql", """
        CREATE TABLE T (ID INTEGER PRIMARY KEY);
        !update 0
        INSERT INTO T VALUES (1), (2);
        !update 2
        SELECT ID FROM T ORDER BY ID DESC;
        ID
        !ok
        INSERT INTO T VALUES (1);
        !error 23505
        """);
    Script original = Script.parse("pass.sql", """
        CREATE TABLE T (ID INTEGER PRIMARY KEY);
        !update 0
        INSERT INTO T VALUES (1);
        !update 1
        SELECT CAST(ID AS BIGINT) AS ID FROM T ORDER BY ID;
        ID
        !ok
        INSERT INTO T VALUES (2);
        !error 23505
        """);
    List<String> diffs = OutcomeDiff.compare(
        ScriptRunner.run(h2Url(), original), ScriptRunner.run(h2Url(), changed));
    assertThat(diffs).hasSize(5);
    assertThat(diffs.get(0)).startsWith("pass.sql:3: update counts differ");
    assertThat(diffs.get(1)).startsWith("pass.sql:5: column 1 differ").contains("BIGINT");
    assertThat(diffs.get(2)).startsWith("pass.sql:5: rows differ");
    assertThat(diffs.get(3)).startsWith("pass.sql:8: update counts differ");
    assertThat(diffs.get(4)).startsWith("pass.sql:8: error differ");
  }

  @Test
  void unreachableDatabaseIsAMismatchNotACrash() {
    ScriptResult result = ScriptRunner.run("jdbc:nosuchdriver:x", Script.parse("x.sql", "VALUES 1;\n!ok-any\n"));
    assertThat(result.passed()).isFalse();
    assertThat(result.mismatches().get(0).toString()).startsWith("x.sql:1: cannot connect");
  }

  private static List<Mismatch> markedMismatches(String text) {
    List<Mismatch> marks = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(MARKER)) {
        marks.add(new Mismatch("fail.sql", i + 2, lines[i].substring(MARKER.length())));
      }
    }
    assertThat(marks).as("markers in fail.sql").hasSizeGreaterThan(10);
    return marks;
  }

  private static String resourceText(String name) throws IOException {
    try (InputStream in = ScriptRunnerSelfTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String h2Url() {
    return "jdbc:h2:mem:selftest_" + UUID.randomUUID().toString().replace("-", "");
  }
}

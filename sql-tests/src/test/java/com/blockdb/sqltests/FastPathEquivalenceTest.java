package com.blockdb.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Plays every script twice, with the driver's fast paths on and off ({@code fastpath=false}), and
 * asserts both runs produced the same outcomes: rows, column metadata, update counts, exception
 * classes, SQLStates and vendor codes. Whether the outcomes are right is ScriptTest's job.
 */
class FastPathEquivalenceTest {

  @TestFactory
  Stream<DynamicTest> fastPathsChangeNothing() {
    return Scripts.all().stream().map(script -> DynamicTest.dynamicTest(
        script.getFileName().toString(), script.toUri(), () -> compare(script)));
  }

  private static void compare(Path script) {
    Script parsed = Script.load(script);
    ScriptResult calcite = ScriptRunner.run(Scripts.freshMemUrl(script) + ";fastpath=false", parsed);
    ScriptResult fast = ScriptRunner.run(Scripts.freshMemUrl(script), parsed);
    assertThat(calcite.outcomes()).as("outcomes recorded with fastpath=false").isNotEmpty();
    List<String> diffs = OutcomeDiff.compare(calcite, fast);
    assertThat(diffs).as("outcomes with fastpath=false (first) and on (second) differ:\n"
        + String.join("\n", diffs)).isEmpty();
  }
}

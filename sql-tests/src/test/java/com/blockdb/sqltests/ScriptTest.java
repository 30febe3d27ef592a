package com.blockdb.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Plays every SQL script against a fresh in-memory BlockDB; each script is one test. */
class ScriptTest {

  @TestFactory
  Stream<DynamicTest> scripts() {
    return Scripts.all().stream().map(script -> DynamicTest.dynamicTest(
        script.getFileName().toString(), script.toUri(), () -> play(script)));
  }

  private static void play(Path script) {
    ScriptResult result = ScriptRunner.run(Scripts.freshMemUrl(script), script);
    assertThat(result.passed()).as(result.report()).isTrue();
  }
}

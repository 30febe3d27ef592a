package com.blockdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.blockdb.engine.Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShellTest {
  final FakeDb db = new FakeDb(Options.defaults());
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String input) throws IOException {
    PrintWriter e = new PrintWriter(err);
    Session session = new Session(() -> new Settings(Path.of("d"), Options.defaults(), null), s -> db, e);
    Shell shell = new Shell(session, new ErrorReporter(e, false), false, new PrintWriter(out), e);
    return shell.run(LineSource.lines(new StringReader(input)));
  }

  @Test
  void runsCommandsAndGoesOnAfterErrors() throws IOException {
    int code = run("""
        put user:1003 "Alice Johnson"
        get user:1003
        put user:1003 again
        get missing
        put "unterminated
        frobnicate
        # a comment

        verify
        stats
        exit
        get user:1003
        """);
    assertThat(code).isZero();
    assertThat(out.toString()).contains("Alice Johnson\n", "✓ Blockchain integrity verified successfully",
        "BlockDB Statistics:").doesNotContain("blockdb>");
    assertThat(out.toString().split("Alice Johnson\n", -1)).hasSize(2); // nothing ran after exit
    assertThat(err.toString().lines()).containsExactly(
        "error: duplicate key 'user:1003': BlockDB is append-only and never overwrites a key",
        "error: key 'missing' not found",
        "error: unterminated double quote",
        "error: unknown command 'frobnicate' (type 'help' for the list)");
  }

  @Test
  void endOfInputEndsTheSession() throws IOException {
    assertThat(run("put a 1\nquit")).isZero();
    assertThat(run("help\n")).isZero();
    assertThat(out.toString()).contains("Commands:", "exit, quit");
  }

  @Test
  void usageErrorsInTheShellPointAtTheCommandsHelp() throws IOException {
    run("put a\n");
    assertThat(err.toString()).isEqualTo("error: Missing required parameter: 'VALUE' (see 'put --help')\n");
  }
}

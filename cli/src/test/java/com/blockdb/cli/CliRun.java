package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Runs {@link Main} in-process against a supplied database and captures what it prints. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  static CliRun run(Function<Settings, BlockDb> opener, String... args) {
    return run(new HashMap<>(), opener, args);
  }

  static CliRun run(Map<String, String> env, Function<Settings, BlockDb> opener, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new Main(env, opener, false).run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}

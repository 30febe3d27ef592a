package com.blockdb.cli;

import com.blockdb.engine.BlockDbException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns any failure into one {@code error: ...} line on stderr and an exit code; users never see a
 * stack trace unless {@code BLOCKDB_DEBUG=1} asks for one.
 */
final class ErrorReporter {
  private final PrintWriter err;
  private final boolean debug;

  ErrorReporter(PrintWriter err, boolean debug) {
    this.err = err;
    this.debug = debug;
  }

  /** Prints the failure and returns its exit code. */
  int report(Throwable t) {
    err.println("error: " + message(t));
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.of(t);
  }

  /** A bad command line: the parser's message plus where to read the usage, on one line. */
  int reportUsage(CommandLine.ParameterException e, String[] args, String helpHint) {
    String dash = dashArgument(e, args);
    err.println("error: " + e.getMessage() + (dash == null ? " (see '" + helpHint + "')"
        : " ('" + dash + "' was read as an option; put '--' before a KEY or VALUE starting with '-')"));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * An argument that looks like an option but is none: most likely a value such as "-5 degrees"
   * that picocli would not take as a KEY or VALUE. Values are never guessed, since a wrongly stored
   * value cannot be overwritten.
   */
  static String dashArgument(CommandLine.ParameterException e, String[] args) {
    if (e.getCommandLine() == null || args == null) {
      return null;
    }
    var spec = e.getCommandLine().getCommandSpec();
    for (String a : args) {
      if (a.equals("--")) {
        return null;
      }
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (a.startsWith("-") && a.length() > 1 && !spec.optionsMap().containsKey(name)
          && !spec.subcommands().containsKey(a)) {
        return a;
      }
    }
    return null;
  }

  static String message(Throwable t) {
    if (t instanceof CliException || t instanceof BlockDbException) {
      return t.getMessage();
    }
    if (t instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      return "I/O error: " + u.getCause().getMessage();
    }
    // Anything else is a bug; name it plainly and point at the switch that shows the trace.
    String what = t.getMessage() == null ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
    return "internal error: " + what + " (set BLOCKDB_DEBUG=1 for details)";
  }
}

package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Base of the database commands: reaches the session of whichever root (CLI or shell) runs them. */
abstract class SessionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Set by the {@link Shell}, where each command is a top-level command line of its own. */
  SessionSource shell;

  SessionSource source() {
    return shell != null ? shell : (SessionSource) spec.root().userObject();
  }

  Session session() {
    return source().session();
  }

  BlockDb db() {
    return session().db();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The bytes of a KEY or VALUE argument: its UTF-8 text, or the bytes its base64 text encodes. */
  static byte[] bytes(String text, boolean base64, String what) {
    return base64 ? Base64Text.decode(text, what) : text.getBytes(StandardCharsets.UTF_8);
  }

  static CliException notFound(String key) {
    return new CliException(ExitCodes.NOT_FOUND, "key '" + key + "' not found");
  }
}

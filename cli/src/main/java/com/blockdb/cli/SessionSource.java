package com.blockdb.cli;

/** What a command needs from whoever runs it: the one-shot CLI ({@link Main}) or the {@link Shell}. */
interface SessionSource {
  Session session();

  ErrorReporter reporter();

  /** Whether a user is watching a terminal, so progress bars are worth drawing. */
  boolean terminal();

  /** The process environment (credentials such as BLOCKDB_PASSWORD are read from it). */
  default java.util.Map<String, String> env() {
    return System.getenv();
  }
}

package com.blockdb.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code interactive}: a shell running many commands against one open database. */
@Command(name = "interactive", description = {"Run many commands on one open database.",
    "Commands: put, get, verify, stats, digest, proof, help, exit. Shows a",
    "'blockdb> ' prompt on a terminal; reads stdin line by line when piped."})
final class InteractiveCommand extends SessionCommand {
  @Override
  public Integer call() throws IOException {
    Session session = session();
    // Open now, not at the first command: the shell holds the directory for its whole life and
    // should fail at once if another process has it.
    session.db();
    SessionSource root = source();
    Shell shell = new Shell(session, root.reporter(), root.terminal(), out(), err());
    try (LineSource lines = LineSource.open(root.terminal())) {
      return shell.run(lines);
    }
  }
}

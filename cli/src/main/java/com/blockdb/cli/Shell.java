package com.blockdb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The interactive shell: runs each line as a command against the session's open database; an
 * error is printed and the shell goes on.
 */
final class Shell implements SessionSource {
  static final String HELP = String.join(System.lineSeparator(),
      "Commands:",
      "  put KEY VALUE [--base64]   store VALUE under KEY (once: keys are never overwritten)",
      "  get KEY [--base64]         print the value stored under KEY",
      "  stats                      database figures and the configuration in force",
      "  verify [--digest FILE]     re-check every entry, block and the hash chain",
      "  digest                     print the ledger digest (JSON) to save",
      "  proof KEY [--base64]       print the inclusion proof (JSON) of KEY",
      "  help                       this list; COMMAND --help for details",
      "  exit, quit                 leave the shell (Ctrl-D too)",
      "Quote arguments with spaces: put user:1003 \"Alice Johnson\"");

  private final Session session;
  private final ErrorReporter reporter;
  private final boolean terminal;
  private final PrintWriter out;
  private final PrintWriter err;
  /** Each command on its own, not under a root, so its usage reads "put ...", as typed. */
  private final Map<String, CommandLine> commands = new LinkedHashMap<>();

  Shell(Session session, ErrorReporter reporter, boolean terminal, PrintWriter out, PrintWriter err) {
    this.session = session;
    this.reporter = reporter;
    this.terminal = terminal;
    this.out = out;
    this.err = err;
    for (SessionCommand c : List.of(new PutCommand(), new GetCommand(), new VerifyCommand(),
        new StatsCommand(), new DigestCommand(), new ProofCommand())) {
      c.shell = this;
      CommandLine cl = new CommandLine(c);
      cl.setOut(out);
      cl.setErr(err);
      cl.setExecutionExceptionHandler((e, line, parsed) -> reporter.report(e));
      cl.setParameterExceptionHandler((e, args) -> reporter.reportUsage(e, args,
          e.getCommandLine().getCommandName() + " --help"));
      commands.put(cl.getCommandName(), cl);
    }
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public ErrorReporter reporter() {
    return reporter;
  }

  @Override
  public boolean terminal() {
    return terminal;
  }

  /** Runs lines until exit, quit or end of input; always exit code 0, errors having been shown. */
  int run(LineSource lines) throws IOException {
    if (terminal) {
      out.println("BlockDB interactive shell on " + session.settings().dataDir()
          + ". Type 'help' for commands, 'exit' to leave.");
      out.flush();
    }
    String line;
    while ((line = lines.readLine()) != null) {
      if (!execute(line)) {
        break;
      }
    }
    return ExitCodes.OK;
  }

  /** Runs one line; false when it asks to leave. */
  boolean execute(String line) {
    List<String> args;
    try {
      args = LineSplitter.split(line);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return true;
    }
    if (args.isEmpty() || args.get(0).startsWith("#")) {
      return true;
    }
    String name = args.get(0);
    try {
      switch (name) {
        case "exit", "quit" -> {
          return false;
        }
        case "help", "?" -> out.println(HELP);
        default -> {
          CommandLine command = commands.get(name);
          if (command != null) {
            command.execute(args.subList(1, args.size()).toArray(String[]::new));
          } else {
            err.println("error: unknown command '" + name + "' (type 'help' for the list)");
          }
        }
      }
    } catch (RuntimeException e) {
      // Whatever slips past picocli's handlers must not end the session either.
      reporter.report(e);
    } finally {
      out.flush();
      err.flush();
    }
    return true;
  }
}

package com.blockdb.cli;

import picocli.CommandLine.Command;

/** {@code stats}: prints the database's figures and the configuration in force. */
@Command(name = "stats", description = "Show database figures and the configuration in force.")
final class StatsCommand extends SessionCommand {
  @Override
  public Integer call() {
    out().print(StatsReport.format(session().settings().dataDir(), db().stats()));
    return ExitCodes.OK;
  }
}

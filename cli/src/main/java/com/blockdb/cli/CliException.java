package com.blockdb.cli;

/** A failure the CLI itself detected, carrying the message to print and the exit code to return. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}

package com.blockdb.cli;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import picocli.CommandLine;

/** The process exit codes of blockdb-cli, and the one place that maps failures to them. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;
  /**
   * {@code verify} ran and found the ledger damaged or not extending the saved digest, or
   * {@code restore} found the backup damaged or its ledger not verifying.
   */
  public static final int VERIFY_FAILED = 1;
  /** Bad command line, option, config file, config value, digest file or base64 text. */
  public static final int USAGE = 2;
  /** The key asked for is not stored. */
  public static final int NOT_FOUND = 3;
  /** The key is already stored; BlockDB never overwrites. */
  public static final int DUPLICATE_KEY = 4;
  /** The data directory is held by another process, or cannot be opened (not a directory, unreadable). */
  public static final int DIRECTORY_UNAVAILABLE = 5;
  /** Stored data failed a check, or the storage failed (I/O error, read-only after a failed fsync). */
  public static final int STORAGE_ERROR = 6;
  /**
   * The key is held by a transaction that is not decided yet (a prepared XA branch), the write
   * was aborted to break a lock conflict, or a cluster had no quorum: try again later.
   */
  public static final int CONFLICT = 7;
  /**
   * A server could not be reached, refused the request (authentication, permission) or broke off
   * while it answered ({@code backup --server}).
   */
  public static final int SERVER_ERROR = 8;
  /** A bug: an exception nobody expected (BLOCKDB_DEBUG=1 shows its stack trace). */
  public static final int INTERNAL_ERROR = 70;

  private ExitCodes() {}

  /** The exit code of an engine failure during normal operation. */
  public static int of(ErrorCode code) {
    return switch (code) {
      case DUPLICATE_KEY -> DUPLICATE_KEY;
      case NOT_FOUND -> NOT_FOUND;
      case INVALID_ARGUMENT -> USAGE;
      case DIRECTORY_IN_USE -> DIRECTORY_UNAVAILABLE;
      // A cluster's outcome-unknown write failed like storage does: what is stored must be read back.
      case CORRUPTION, IO_ERROR, READ_ONLY, UNSUPPORTED_FORMAT, CLOSED, OUTCOME_UNKNOWN -> STORAGE_ERROR;
      case KEY_IN_DOUBT, TRANSACTION_ABORTED, NO_QUORUM -> CONFLICT;
    };
  }

  /**
   * The exit code of an engine failure while opening the data directory: there an I/O error means
   * the directory itself is unusable (permissions, not a directory), which the user fixes like a
   * directory held by another process, not like damaged data.
   */
  public static int atOpen(ErrorCode code) {
    return code == ErrorCode.IO_ERROR ? DIRECTORY_UNAVAILABLE : of(code);
  }

  /** The exit code of any failure that reached the top of the CLI. */
  public static int of(Throwable t) {
    if (t instanceof CliException e) {
      return e.exitCode();
    }
    if (t instanceof BlockDbException e) {
      return of(e.code());
    }
    if (t instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    if (t instanceof java.io.UncheckedIOException || t instanceof java.io.IOException) {
      return STORAGE_ERROR;
    }
    return INTERNAL_ERROR;
  }
}

package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Stats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one open database of an invocation (or of a whole interactive session): opened on first use,
 * closed exactly once at the end, since closing is what seals the pending block.
 */
final class Session {
  private final Supplier<Settings> resolver;
  private final Function<Settings, BlockDb> opener;
  private final PrintWriter err;
  private Settings settings;
  private BlockDb db;

  Session(Supplier<Settings> resolver, Function<Settings, BlockDb> opener, PrintWriter err) {
    this.resolver = resolver;
    this.opener = opener;
    this.err = err;
  }

  /** The configuration in force, resolved on first use so --help never reads a config file. */
  Settings settings() {
    if (settings == null) {
      settings = resolver.get();
    }
    return settings;
  }

  /** The database, opened on first call. */
  BlockDb db() {
    if (db == null) {
      db = open(settings());
    }
    return db;
  }


  private BlockDb open(Settings s) {
    Path dir = s.dataDir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CliException(ExitCodes.DIRECTORY_UNAVAILABLE,
          "data directory " + dir + " exists but is not a directory");
    }
    if (s.options().durabilityRelaxed()) {
      // Said on every run, not only by stats: the user must know recent writes may not survive.
      err.println(Stats.durabilityWarning(s.options().walSyncIntervalMs()));
      err.flush();
    }
    try {
      BlockDb opened = opener.apply(s);
      for (String note : opened.recoveryNotes()) {
        err.println("warning: " + note);
      }
      err.flush();
      return opened;
    } catch (BlockDbException e) {
      String msg = e.getMessage() == null ? e.code().name() : e.getMessage();
      // The engine names the directory in its own way (often absolute); do not name it twice.
      if (!msg.contains(dir.toString()) && !msg.contains(dir.toAbsolutePath().normalize().toString())) {
        msg = "cannot open data directory " + dir + ": " + msg;
      }
      throw new CliException(ExitCodes.atOpen(e.code()), msg, e);
    }
  }

  /**
   * Closes the database if it was opened. Returns {@code exitCode}, or the close failure's code when
   * the command itself had succeeded (a failed seal must not look like success).
   */
  int close(int exitCode, ErrorReporter reporter) {
    if (db == null) {
      return exitCode;
    }
    BlockDb d = db;
    db = null;
    try {
      d.close();
      return exitCode;
    } catch (RuntimeException e) {
      int code = reporter.report(e);
      return exitCode == ExitCodes.OK ? code : exitCode;
    }
  }
}

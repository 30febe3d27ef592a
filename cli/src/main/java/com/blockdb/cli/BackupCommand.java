package com.blockdb.cli;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupResult;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.backup.DirectorySink;
import com.blockdb.engine.io.FileLayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backup DIR}: a consistent copy of the data directory, taken while writes go on; with
 * {@code --server}, streamed from a running server that holds the directory.
 */
@Command(name = "backup", description = {"Copy the database into DIR, a new or empty directory.",
    "The copy is consistent: restoring it gives exactly the state at the backup point.",
    "While a server holds the data directory, use --server to have it stream the backup."})
final class BackupCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "DIR", description = "Where to write the backup (new or empty).")
  Path target;

  @Option(names = "--server", paramLabel = "URL",
      description = "Take the backup through a running server (http://host:port), which must grant the"
          + " user the BACKUP permission (role admin).")
  String server;

  @Option(names = "--user", paramLabel = "USER",
      description = "User for --server (default: $BLOCKDB_USER).")
  String user;

  @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
      description = "Password for --server; without a value it is asked for (default: $BLOCKDB_PASSWORD).")
  char[] password;

  @Override
  public Integer call() {
    Path dir = target.toAbsolutePath().normalize();
    checkTarget(dir);
    if (server != null) {
      String u = user != null ? user : source().env().get("BLOCKDB_USER");
      char[] p = password != null ? password : envPassword();
      BackupDescriptor d = new RemoteBackup(server, u, p).fetch(dir);
      report(out(), "the server at " + server + " (" + d.source() + ")", d.files().size() + 1,
          d.bytes(), d.lastSequence(), d.digest());
      return ExitCodes.OK;
    }
    Path dataDir = session().settings().dataDir();
    if (!java.nio.file.Files.isDirectory(dataDir)) {
      // Opening would create an empty database, and back that up.
      throw new CliException(ExitCodes.DIRECTORY_UNAVAILABLE, "data directory " + dataDir
          + " does not exist: there is nothing to back up");
    }
    BlockDb db;
    try {
      db = db();
    } catch (CliException e) {
      if (e.getCause() instanceof BlockDbException be && be.code() == ErrorCode.DIRECTORY_IN_USE) {
        throw new CliException(e.exitCode(), e.getMessage() + ". If a server holds it, back it up through the"
            + " server: blockdb-cli backup --server http://HOST:PORT --user ADMIN " + target, e);
      }
      throw e;
    }
    BackupResult r = db.backup(dir);
    report(out(), dataDir.toString(), r.files(), r.bytes(), r.lastSequence(),
        r.digest());
    return ExitCodes.OK;
  }

  private char[] envPassword() {
    String p = source().env().get("BLOCKDB_PASSWORD");
    return p == null ? null : p.toCharArray();
  }

  /** Refuses a non-empty target before anything is opened or asked of a server. */
  static void checkTarget(Path dir) {
    try {
      DirectorySink.checkNewOrEmpty(FileLayer.real(), dir);
    } catch (IOException e) {
      throw new CliException(ExitCodes.STORAGE_ERROR, "cannot read target directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private void report(PrintWriter out, String from, int files, long bytes, long lastSequence, Digest digest) {
    out.println("✓ Backed up " + from + " into " + target + ": " + files + " files, " + bytes + " bytes, entries"
        + " up to sequence " + lastSequence + ", " + digest.blockCount() + " blocks");
    out.println("Digest of the backup (also in " + target.resolve(BackupDescriptor.FILE_NAME)
        + "; 'restore' checks the copy against it):");
    out.println(digest.toJson());
  }
}

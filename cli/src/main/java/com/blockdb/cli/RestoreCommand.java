package com.blockdb.cli;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ConsistencyProof;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.ProofVerifier;
import com.blockdb.engine.VerifyResult;
import com.blockdb.engine.backup.BackupArchive;
import com.blockdb.engine.backup.BackupRestore;
import com.blockdb.engine.io.FileLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code restore BACKUP NEW_DIR}: copies a backup into a new directory, checking every file,
 * opens it, verifies the whole ledger, and checks it is exactly the backup's ledger (and extends a
 * saved digest). The copy is built beside NEW_DIR and renamed into place only once it verified.
 */
@Command(name = "restore", description = {"Restore a backup into NEW_DIR (new or empty) and verify it.",
    "Checks every file against the backup's descriptor, re-verifies the whole ledger,",
    "and checks its digest is the backup's. Exit code 1 when anything is wrong; NEW_DIR",
    "is then left as it was."})
final class RestoreCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "BACKUP",
      description = "A backup directory ('backup DIR'), or a backup archive (.zip) saved from the server.")
  Path backup;

  @Parameters(index = "1", paramLabel = "NEW_DIR", description = "The data directory to create (new or empty).")
  Path target;

  @Option(names = "--digest", paramLabel = "FILE",
      description = "Also check the restored ledger extends this saved digest (output of 'digest').")
  Path digestFile;

  @Override
  public Integer call() {
    Digest saved = digestFile == null ? null : VerifyCommand.readDigest(digestFile);
    if (!Files.exists(backup)) {
      throw CliException.usage("backup " + backup + " not found");
    }
    Path dir = target.toAbsolutePath().normalize();
    BackupCommand.checkTarget(dir);
    PrintWriter out = out();
    Path stage = null;
    boolean placed = false;
    try {
      Files.createDirectories(dir.getParent());
      // Beside the target, so the final rename stays within one file system.
      stage = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".restoring-");
      BackupDescriptor d = copy(stage);
      out.println("Restoring the backup of " + d.source() + " taken " + d.created() + " (entries up to sequence "
          + d.lastSequence() + ", " + d.digest().blockCount() + " blocks)");
      out.println("✓ Copied " + d.files().size() + " files (" + d.bytes() + " bytes); each matches its size and"
          + " SHA-256 in " + BackupDescriptor.FILE_NAME);
      out.flush();
      String failure = verify(stage, d, saved, out);
      if (failure != null) {
        out.println("✗ Restore FAILED: " + failure);
        return ExitCodes.VERIFY_FAILED;
      }
      place(stage, dir);
      placed = true;
      out.println("Restored into " + target);
      return ExitCodes.OK;
    } catch (BlockDbException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        throw CliException.usage(e.getMessage()); // BACKUP names no backup: a wrong argument
      }
      if (e.code() != ErrorCode.CORRUPTION) {
        throw e;
      }
      // A damaged backup (or one that does not open) failed verification: a verdict, not a crash.
      out.println("✗ Restore FAILED: " + e.getMessage());
      return ExitCodes.VERIFY_FAILED;
    } catch (IOException e) {
      throw new CliException(ExitCodes.STORAGE_ERROR, "restoring into " + target + " failed: " + e.getMessage(), e);
    } finally {
      if (stage != null && !placed) {
        deleteTree(stage);
      }
    }
  }

  /** Copies the backup (a directory or an archive file) into {@code stage}, checking every file. */
  private BackupDescriptor copy(Path stage) throws IOException {
    if (Files.isDirectory(backup)) {
      return BackupRestore.copy(FileLayer.real(), backup, stage);
    }
    try (InputStream in = Files.newInputStream(backup)) {
      return BackupArchive.unpack(in, FileLayer.real(), stage, false);
    }
  }

  /** Opens the copy and checks it; returns why it failed, or null when everything holds. */
  private String verify(Path stage, BackupDescriptor d, Digest saved, PrintWriter out) {
    try (BlockDb db = BlockDb.open(stage, session().settings().options())) {
      for (String note : db.recoveryNotes()) {
        err().println("warning: " + note);
      }
      err().flush();
      VerifyResult r = db.verify(d.digest(), null);
      if (!r.ok()) {
        return VerifyCommand.failure(r);
      }
      out.println("✓ Blockchain integrity verified: " + r.blocksChecked() + " blocks and " + r.entriesChecked()
          + " entries in " + r.millis() + " ms");
      Digest now = db.digest();
      if (!now.equals(d.digest()) || db.lastSequence() != d.lastSequence()) {
        return "the restored ledger (" + now.blockCount() + " blocks, entries up to sequence " + db.lastSequence()
            + ") is not the backup's (" + d.digest().blockCount() + " blocks, up to sequence " + d.lastSequence() + ")";
      }
      out.println("✓ The restored ledger's digest is the backup's: " + now.toJson());
      if (saved != null) {
        if (saved.blockCount() > now.blockCount()) {
          return "the saved digest " + digestFile + " covers " + saved.blockCount() + " blocks, but the backup holds"
              + " only " + now.blockCount() + ": the backup was taken before that digest";
        }
        ConsistencyProof proof = db.proveConsistency(saved); // CORRUPTION if the first blocks differ
        if (!ProofVerifier.verify(proof)) {
          return "the restored ledger does not prove consistent with the saved digest " + digestFile;
        }
        out.println("✓ The ledger extends the saved digest of " + saved.blockCount() + " blocks (" + digestFile + ")");
      }
      int inDoubt = db.preparedTransactions().size();
      if (inDoubt > 0) {
        out.println("  " + inDoubt + " prepared XA transaction(s) are in doubt, as they were at the backup point;"
            + " their coordinator must commit or roll them back");
      }
      return null;
    }
  }

  /** Renames the verified copy to the target (an empty target directory is replaced). */
  private static void place(Path stage, Path dir) throws IOException {
    Files.deleteIfExists(dir); // empty, as checked: the rename replaces it
    Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
    FileLayer.real().syncDirectory(dir.getParent());
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // Left behind: a hidden .restoring- directory the user may remove.
    }
  }
}

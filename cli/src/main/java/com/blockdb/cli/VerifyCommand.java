package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.Digest;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.VerifyListener;
import com.blockdb.engine.VerifyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify}: re-reads and re-hashes everything stored and checks the hash chain. */
@Command(name = "verify", description = {"Check every entry, block and the hash chain.",
    "Re-reads and re-hashes every stored entry, rebuilds every block's Merkle root",
    "and checks the chain from genesis. Exit code 1 when anything is wrong."})
final class VerifyCommand extends SessionCommand {
  /** Below this many entries verification is quick enough that a progress bar is only noise. */
  static final long PROGRESS_MIN_ENTRIES = 100_000;

  @Option(names = "--digest", paramLabel = "FILE",
      description = "Also check the ledger extends this saved digest (output of 'digest').")
  Path digestFile;

  @Override
  public Integer call() {
    Digest saved = digestFile == null ? null : readDigest(digestFile);
    PrintWriter out = out();
    out.println("Verifying blockchain integrity...");
    out.flush();
    BlockDb db;
    try {
      db = db();
    } catch (CliException e) {
      // A ledger too damaged to open has failed verification; other open failures (directory in
      // use, unreadable) say nothing about integrity and keep their own exit codes.
      if (e.getCause() instanceof BlockDbException be && be.code() == ErrorCode.CORRUPTION) {
        out.println("✗ Blockchain integrity verification FAILED: " + be.getMessage());
        return ExitCodes.VERIFY_FAILED;
      }
      throw e;
    }
    ProgressBar bar = source().terminal() && db.stats().entries() > PROGRESS_MIN_ENTRIES
        ? new ProgressBar(err()) : null;
    VerifyResult result;
    try {
      result = db.verify(saved, bar == null ? VerifyListener.NONE : bar);
    } catch (BlockDbException e) {
      if (e.code() != ErrorCode.CORRUPTION) {
        throw e;
      }
      // Damage that stops the walk is still a verification verdict, not a crash of the tool.
      out.println("✗ Blockchain integrity verification FAILED: " + e.getMessage());
      return ExitCodes.VERIFY_FAILED;
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
    if (!result.ok()) {
      out.println("✗ Blockchain integrity verification FAILED: " + failure(result));
      return ExitCodes.VERIFY_FAILED;
    }
    out.println("✓ Blockchain integrity verified successfully");
    out.println("  Checked " + result.blocksChecked() + " blocks and " + result.entriesChecked()
        + " entries in " + result.millis() + " ms"
        + (saved == null ? "" : "; the ledger extends the saved digest of " + saved.blockCount()
            + " blocks"));
    return ExitCodes.OK;
  }

  /** The engine's message, plus the block, key and file when it does not already name them. */
  static String failure(VerifyResult r) {
    String msg = r.message() == null || r.message().isBlank() ? "verification failed" : r.message();
    List<String> where = new ArrayList<>();
    if (r.badBlock() >= 0 && !java.util.regex.Pattern.compile("block " + r.badBlock() + "\\b")
        .matcher(msg).find()) {
      where.add("block " + r.badBlock());
    }
    if (r.badKey() != null && !msg.contains("key '" + r.badKey() + "'")
        && !msg.contains("key " + r.badKey())) {
      where.add("key '" + r.badKey() + "'");
    }
    if (r.file() != null && !msg.contains(r.file())) {
      where.add("file " + r.file());
    }
    return where.isEmpty() ? msg : msg + " (" + String.join(", ", where) + ")";
  }

  static Digest readDigest(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw CliException.usage("digest file " + file + " not found");
    } catch (IOException e) {
      throw CliException.usage("cannot read digest file " + file + ": " + e.getMessage());
    }
    try {
      return Digest.fromJson(json.strip());
    } catch (RuntimeException e) {
      throw CliException.usage("invalid digest file " + file + ": " + e.getMessage());
    }
  }
}

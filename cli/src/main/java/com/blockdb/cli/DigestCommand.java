package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.Digest;
import picocli.CommandLine.Command;

/** {@code digest}: prints the ledger digest as JSON, for the user to keep outside the database. */
@Command(name = "digest", description = {"Print the ledger digest (JSON) covering every entry so far.",
    "Save it elsewhere: 'verify --digest FILE' later proves history was not",
    "rewritten since."})
final class DigestCommand extends SessionCommand {
  @Override
  public Integer call() {
    BlockDb db = db();
    // Seal first: a digest the user saves should cover everything they have written so far.
    Digest digest = db.stats().pendingEntries() > 0 ? db.seal() : db.digest();
    out().println(digest.toJson());
    return ExitCodes.OK;
  }
}

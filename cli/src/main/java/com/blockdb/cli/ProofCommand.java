package com.blockdb.cli;

import com.blockdb.engine.BlockDb;
import com.blockdb.engine.InclusionProof;
import com.blockdb.engine.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proof KEY}: prints the inclusion proof of a key's entry as JSON. */
@Command(name = "proof", description = {"Print the inclusion proof (JSON) of KEY's entry.",
    "It holds the entry's path to its block's Merkle root and the block's path to",
    "the ledger digest."})
final class ProofCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key (UTF-8 text).")
  String key;

  @Option(names = "--base64", description = "KEY is base64 text.")
  boolean base64;

  @Override
  public Integer call() {
    byte[] k = bytes(key, base64, "KEY");
    BlockDb db = db();
    // Ask first, so a missing key gets the same message and exit code as get.
    if (db.getEntry(Tables.KV, k, Long.MAX_VALUE) == null) {
      throw notFound(key);
    }
    InclusionProof proof = db.prove(Tables.KV, k);
    if (proof == null) {
      throw notFound(key);
    }
    out().println(proof.toJson());
    return ExitCodes.OK;
  }
}

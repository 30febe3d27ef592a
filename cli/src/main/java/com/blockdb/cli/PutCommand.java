package com.blockdb.cli;

import com.blockdb.engine.WriteBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code put KEY VALUE}: stores a value under a new key. */
@Command(name = "put", description = {"Store VALUE under KEY.",
    "A key is written once: BlockDB is append-only and never overwrites."})
final class PutCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key (UTF-8 text).")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The value (UTF-8 text).")
  String value;

  @Option(names = "--base64", description = "KEY and VALUE are base64 text (for binary data).")
  boolean base64;

  @Override
  public Integer call() {
    // Decode (and let WriteBatch check the limits) before opening, so bad input touches nothing.
    WriteBatch batch = new WriteBatch().put(bytes(key, base64, "KEY"), bytes(value, base64, "VALUE"));
    long sequence = db().write(batch);
    out().println("Stored '" + key + "' (entry " + sequence + ")");
    return ExitCodes.OK;
  }
}

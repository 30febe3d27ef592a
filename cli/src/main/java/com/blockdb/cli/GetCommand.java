package com.blockdb.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get KEY}: prints the value stored under a key. */
@Command(name = "get", description = "Print the value stored under KEY.")
final class GetCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key (UTF-8 text).")
  String key;

  @Option(names = "--base64",
      description = "KEY is base64 text, and the value is printed as base64 (for binary data).")
  boolean base64;

  @Override
  public Integer call() {
    byte[] k = bytes(key, base64, "KEY");
    byte[] value = db().get(k);
    if (value == null) {
      throw notFound(key);
    }
    if (base64) {
      out().println(Base64Text.encode(value));
    } else {
      out().println(new String(value, StandardCharsets.UTF_8));
      if (!isUtf8(value)) {
        // The text shown is lossy; say how to get the exact bytes instead of silently mangling them.
        err().println("note: the value is not valid UTF-8; use --base64 for its exact bytes");
      }
    }
    return ExitCodes.OK;
  }

  static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}

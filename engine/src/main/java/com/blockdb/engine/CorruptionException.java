package com.blockdb.engine;

import java.nio.file.Path;

/** Stored bytes failed a check; names the file and the byte offset where the damage was found. */
public class CorruptionException extends BlockDbException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public CorruptionException(Path file, long offset, String what) {
    super(ErrorCode.CORRUPTION, "corruption in " + file + " at offset " + offset + ": " + what);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}

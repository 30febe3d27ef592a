package com.blockdb.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file written only at its end. Not thread-safe: each file has one writer. */
public interface WritableFile extends Closeable {

  /** Appends all remaining bytes of {@code data}. */
  void append(ByteBuffer data) throws IOException;

  /** Current length in bytes, including bytes not yet synced. */
  long length() throws IOException;

  /** Forces appended bytes to stable storage (fdatasync). */
  void sync() throws IOException;
}

package com.blockdb.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file written only at its logical end, its append position. Normally that is the end of the
 * file; after {@link #preallocate} (or {@link FileLayer#openAppendAt}) the file may extend past it,
 * and appends overwrite what lies there. Not thread-safe: each file has one writer.
 */
public interface WritableFile extends Closeable {

  /** Writes all remaining bytes of {@code data} at the append position and advances it. */
  void append(ByteBuffer data) throws IOException;

  /**
   * The append position: bytes appended through this handle (plus where it was opened), including
   * bytes not yet synced; preallocated space past it is not counted.
   */
  long length() throws IOException;

  /**
   * Extends the file with real zero bytes (not a sparse hole) from its physical end up to
   * {@code size} bytes, without moving the append position, and forces the file, data and metadata,
   * to stable storage; does nothing to a file already that long. Later appends overwrite the zeros
   * in place, so syncing them no longer changes the file size, which makes fdatasync cheaper.
   * Implementations that cannot preallocate may do nothing: this is only an optimisation.
   */
  default void preallocate(long size) throws IOException {}

  /** Forces appended bytes to stable storage (fdatasync). */
  void sync() throws IOException;
}

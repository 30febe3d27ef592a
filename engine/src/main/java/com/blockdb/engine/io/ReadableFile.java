package com.blockdb.engine.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file read at explicit positions. Thread-safe: positional reads share no cursor. */
public interface ReadableFile extends Closeable {

  /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns -1 at end of file. */
  int read(long position, ByteBuffer dst) throws IOException;

  long length() throws IOException;

  /** Reads exactly {@code length} bytes at {@code position} or throws {@link EOFException}. */
  default ByteBuffer readFully(long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int n = read(position + buf.position(), buf);
      if (n < 0) {
        throw new EOFException("unexpected end of file at offset " + (position + buf.position()));
      }
    }
    return buf.flip();
  }
}

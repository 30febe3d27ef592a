package com.blockdb.engine;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where {@link BlockDb#backup(BackupSink)} writes the files of a backup: a directory, an archive
 * streamed to a client, or anything else that keeps named files. Files arrive one at a time, in an
 * order where the descriptor ({@link BackupDescriptor#FILE_NAME}) comes last, so a copy cut short
 * has none and is recognisably incomplete.
 *
 * <p>Threading: the engine calls a sink from the thread that called {@code backup}, one call at a
 * time.
 */
public interface BackupSink {

  /**
   * Called once, after the backup point is fixed and before the first file: a sink may announce
   * what the backup will hold (an HTTP response, its headers).
   */
  default void begin(Digest digest, long lastSequence) throws IOException {}

  /**
   * Opens the next file, named by a relative path with {@code /} separators (see
   * docs/FORMAT.md, "Backup"). The engine writes exactly {@code size} bytes and closes the stream
   * before it opens the next file.
   */
  OutputStream file(String name, long size) throws IOException;

  /** Called once after the last file: makes everything durable, or ends the archive. */
  void finish() throws IOException;
}

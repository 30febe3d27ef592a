package com.blockdb.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations the engine uses, and nothing else, so that tests can run the whole engine on a
 * fault-injecting implementation that forgets everything not yet fsynced.
 *
 * <p>Durability contract: bytes written to a {@link WritableFile} are durable only after
 * {@link WritableFile#sync()}; a created, renamed or deleted directory entry is durable only after
 * {@link #syncDirectory(Path)} of its parent. Implementations are thread-safe.
 */
public interface FileLayer {

  /** Creates a new empty file (replacing any existing one) open for appending. */
  WritableFile create(Path file) throws IOException;

  /** Opens an existing file for appending at its current end. */
  WritableFile openAppend(Path file) throws IOException;

  /**
   * Opens an existing file for appending at {@code position} (at most its length): appends then
   * overwrite the file from there on, and bytes past the written ones, such as space reserved by
   * {@link WritableFile#preallocate}, are kept. {@link WritableFile#length()} starts at
   * {@code position}.
   *
   * <p>The default cuts the file to {@code position} (durably) and opens it at its end: correct,
   * but it gives up the reserved space, which a later {@link WritableFile#preallocate} must redo.
   */
  default WritableFile openAppendAt(Path file, long position) throws IOException {
    truncate(file, position);
    return openAppend(file);
  }

  /** Opens an existing file for positional reads. */
  ReadableFile openRead(Path file) throws IOException;

  boolean exists(Path path);

  /** Names of the regular files directly inside {@code dir}, sorted. */
  List<String> list(Path dir) throws IOException;

  void createDirectories(Path dir) throws IOException;

  void delete(Path file) throws IOException;

  /** Atomically replaces {@code target} with {@code source}. */
  void rename(Path source, Path target) throws IOException;

  /** Cuts a file to {@code length} bytes and makes that durable. */
  void truncate(Path file, long length) throws IOException;

  /** Makes creations, renames and deletions inside {@code dir} durable. */
  void syncDirectory(Path dir) throws IOException;

  /** The real file system, through {@link java.nio.channels.FileChannel}. */
  static FileLayer real() {
    return NioFileLayer.INSTANCE;
  }
}

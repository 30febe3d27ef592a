package com.blockdb.engine.backup;

import com.blockdb.engine.BackupDescriptor;
import com.blockdb.engine.BackupSink;
import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.io.WritableFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link BackupSink} that writes the files into a new or empty directory: each file is fsynced
 * when it is closed, and {@link #finish()} fsyncs every directory it created or filled, so a
 * finished backup survives a power failure. {@link #abort()} removes what it wrote.
 *
 * <p>Not thread-safe: one backup writes through it.
 */
public final class DirectorySink implements BackupSink {

  /** Subdirectories a backup fills. */
  private static final List<String> SUBDIRS = List.of("wal", "sst", "ledger");

  private final FileLayer fs;
  private final Path target;
  private final boolean createdTarget;
  private final Set<Path> dirs = new LinkedHashSet<>();
  private final List<Path> written = new ArrayList<>();

  private DirectorySink(FileLayer fs, Path target, boolean createdTarget) {
    this.fs = fs;
    this.target = target;
    this.createdTarget = createdTarget;
  }

  /**
   * A sink into {@code target}, which must not exist or be an empty directory.
   *
   * @throws BlockDbException {@link ErrorCode#INVALID_ARGUMENT} naming the target when it is a file
   *     or a directory that is not empty
   */
  public static DirectorySink create(FileLayer fs, Path target) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    checkNewOrEmpty(fs, t);
    boolean existed = fs.exists(t);
    fs.createDirectories(t);
    return new DirectorySink(fs, t, !existed);
  }

  /**
   * Throws {@link ErrorCode#INVALID_ARGUMENT} unless {@code dir} does not exist or is an empty
   * directory: a backup or restore never mixes its files with others.
   */
  public static void checkNewOrEmpty(FileLayer fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return;
    }
    boolean empty;
    if (fs == FileLayer.real()) {
      if (!Files.isDirectory(dir)) {
        throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, dir + " exists and is not a directory: the"
            + " target of a backup or restore must be a new or empty directory");
      }
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      }
    } else {
      // Other file layers list only files; the subdirectories a backup would fill count as well.
      empty = fs.list(dir).isEmpty() && SUBDIRS.stream().noneMatch(d -> fs.exists(dir.resolve(d)));
    }
    if (!empty) {
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "target directory " + dir + " is not empty: a"
          + " backup or restore writes only into a new or empty directory");
    }
  }

  /** The directory written into (absolute). */
  public Path target() {
    return target;
  }

  @Override
  public OutputStream file(String name, long size) throws IOException {
    if (!name.equals(BackupDescriptor.FILE_NAME)) {
      BackupDescriptor.checkName(name);
    }
    Path file = target.resolve(name);
    Path parent = file.getParent();
    if (!parent.equals(target) && dirs.add(parent)) {
      fs.createDirectories(parent);
    }
    WritableFile w = fs.create(file);
    written.add(file);
    return new FileStream(w);
  }

  @Override
  public void finish() throws IOException {
    for (Path d : dirs) {
      fs.syncDirectory(d);
    }
    fs.syncDirectory(target);
    if (createdTarget && target.getParent() != null) {
      fs.syncDirectory(target.getParent());
    }
  }

  /** Removes the files and subdirectories written so far, and the target if this sink created it. */
  public void abort() {
    for (Path p : written) {
      try {
        fs.delete(p);
      } catch (IOException | RuntimeException ignored) {
        // Best effort: the failure that made us abort is the one to report.
      }
    }
    if (fs == FileLayer.real()) {
      for (Path d : dirs) {
        deleteEmptyDir(d);
      }
      if (createdTarget) {
        deleteEmptyDir(target);
      }
    }
  }

  private static void deleteEmptyDir(Path d) {
    try {
      Files.deleteIfExists(d);
    } catch (IOException | RuntimeException ignored) {
      // Not empty or not ours to remove: leave it.
    }
  }

  /** An output stream onto a new file, buffered; closing it fsyncs the file. */
  private static final class FileStream extends OutputStream {
    private final WritableFile file;
    private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    private boolean closed;

    FileStream(WritableFile file) {
      this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
      if (!buf.hasRemaining()) {
        drain();
      }
      buf.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (!buf.hasRemaining()) {
          drain();
        }
        int n = Math.min(len, buf.remaining());
        buf.put(b, off, n);
        off += n;
        len -= n;
      }
    }

    private void drain() throws IOException {
      buf.flip();
      file.append(buf);
      buf.clear();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        drain();
        file.sync();
      } finally {
        file.close();
      }
    }
  }
}

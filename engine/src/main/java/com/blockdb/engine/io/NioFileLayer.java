package com.blockdb.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** {@link FileLayer} over the operating system's files; fsync is {@link FileChannel#force}. */
final class NioFileLayer implements FileLayer {

  static final NioFileLayer INSTANCE = new NioFileLayer();

  private NioFileLayer() {}

  @Override
  public WritableFile create(Path file) throws IOException {
    return new NioWritable(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ), 0);
  }

  @Override
  public WritableFile openAppend(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
    return new NioWritable(ch, ch.size());
  }

  @Override
  public WritableFile openAppendAt(Path file, long position) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
    long size = ch.size();
    if (position < 0 || position > size) {
      ch.close();
      throw new IllegalArgumentException("position " + position + " outside " + file + " of " + size + " bytes");
    }
    return new NioWritable(ch, position);
  }

  @Override
  public ReadableFile openRead(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    return new ReadableFile() {
      @Override
      public int read(long position, ByteBuffer dst) throws IOException {
        return ch.read(dst, position);
      }

      @Override
      public long length() throws IOException {
        return ch.size();
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  @Override
  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void truncate(Path file, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(length);
      ch.force(true);
    }
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    // Opening a directory for READ and forcing it is how the JDK fsyncs a directory on Linux.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (System.getProperty("os.name", "").toLowerCase().contains("win")) {
        return; // Windows cannot open directories; NTFS journals metadata itself.
      }
      throw e;
    }
  }

  /** Zeros written by {@link WritableFile#preallocate}, one chunk per write call. */
  private static final int ZERO_CHUNK = 1 << 20;

  /**
   * Channel written at a tracked append position with positional writes, so that appends overwrite
   * preallocated space instead of landing at the channel's end; {@link #sync()} is fdatasync.
   */
  private static final class NioWritable implements WritableFile {
    private final FileChannel ch;
    private long position;

    NioWritable(FileChannel ch, long position) {
      this.ch = ch;
      this.position = position;
    }

    @Override
    public void append(ByteBuffer data) throws IOException {
      while (data.hasRemaining()) {
        position += ch.write(data, position);
      }
    }

    @Override
    public long length() {
      return position;
    }

    @Override
    public void preallocate(long size) throws IOException {
      long end = ch.size();
      if (end >= size) {
        return;
      }
      ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, size - end));
      while (end < size) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - end));
        while (zeros.hasRemaining()) {
          end += ch.write(zeros, end);
        }
      }
      ch.force(true); // the new size is metadata: fsync, not fdatasync
    }

    @Override
    public void sync() throws IOException {
      ch.force(false);
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}

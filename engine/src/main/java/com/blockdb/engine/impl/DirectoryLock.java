package com.blockdb.engine.impl;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive hold on a data directory: an OS file lock on {@code LOCK}, which holds the holder's pid,
 * so a second process gets "in use by process N" instead of corrupting files. The OS releases the
 * lock when the process dies, so a killed process never leaves the directory locked.
 */
final class DirectoryLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path dir) {
    Path file = dir.resolve("LOCK");
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new BlockDbException(ErrorCode.IO_ERROR, "cannot open data directory " + dir + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      close(ch);
      throw new BlockDbException(ErrorCode.DIRECTORY_IN_USE,
          "data directory " + dir + " is in use by this process (process " + ProcessHandle.current().pid()
              + "); share the open database instead of opening it twice");
    } catch (IOException e) {
      close(ch);
      throw new BlockDbException(ErrorCode.IO_ERROR, "cannot lock data directory " + dir + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      String holder = "another process";
      try {
        String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!pid.isEmpty()) {
          holder = "process " + pid;
        }
      } catch (IOException ignored) {
        // The pid is only for the message; the lock itself is what protects the directory.
      }
      close(ch);
      throw new BlockDbException(ErrorCode.DIRECTORY_IN_USE, "data directory " + dir + " is in use by " + holder);
    }
    try {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      // Still locked; only the informational pid could not be written.
    }
    return new DirectoryLock(ch, lock);
  }

  private static void close(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel releases it as well.
    }
    close(channel);
  }
}

package com.blockdb.engine.impl;

import com.blockdb.engine.io.FileLayer;
import com.blockdb.engine.sstable.TableReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live SSTable shared by the versions that list it. Reference-counted: when compaction retires it
 * and the last reader lets go, the file is closed and deleted — never under a reader's feet.
 */
final class TableHandle {

  private static final System.Logger LOG = System.getLogger(TableHandle.class.getName());

  final long number;
  final TableReader reader;
  private final FileLayer fs;
  private final Path path;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile boolean obsolete;

  TableHandle(long number, TableReader reader, FileLayer fs, Path path) {
    this.number = number;
    this.reader = reader;
    this.fs = fs;
    this.path = path;
  }

  void retain() {
    refs.incrementAndGet();
  }

  /** Marks the file for deletion once no version refers to it. */
  void retire() {
    obsolete = true;
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      try {
        reader.close();
        if (obsolete) {
          fs.delete(path);
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not remove retired table " + path + ": " + e.getMessage());
      }
    }
  }

  long fileSize() {
    return reader.fileSize();
  }

  long entryCount() {
    return reader.entryCount();
  }
}
